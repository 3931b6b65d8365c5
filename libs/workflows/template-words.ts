/**
 * What a template's forms and timeline say to people, kept beside the template and apart from its
 * machine and payload schemas: a released version's traces and definition hash stay unchanged
 * when its words improve, and a new version brings (or shares) its own words.
 */
export interface FieldWords {
  /** The field's label or question, e.g. "Date the plan was submitted". */
  label: string;
  /** The thing in a sentence, for errors ("Enter the date the plan was submitted"); default: the label. */
  name?: string;
  hint?: string;
  /** A choice's options in words, by value. */
  options?: Record<string, string>;
  /** How the field is asked for when its schema alone does not say. */
  kind?: 'money' | 'long' | 'holder' | 'condition';
  /** Written by the template (verdicts, computed dates): never asked for. */
  hidden?: boolean;
}

export interface EventWords {
  /** What the officer does, as a form's heading and button: "Record the submission". */
  action: string;
  /** What happened, for the timeline and the success message: "The submission was recorded". */
  done: string;
  fields?: Record<string, FieldWords>;
  /**
   * When recording the event again replaces something on the case (a draft with the decision
   * maker): the case's context key that holds it, the warning, and what the officer confirms.
   */
  replaces?: { contextKey: string; warning: string; confirm: string };
  /**
   * An irreversible step (a draft sent to the decision maker, a publication): the officer's answers
   * are shown on a "check your answers" page and recorded only when confirmed there.
   */
  checkFirst?: boolean;
  /**
   * Recorded only from a meeting's show of hands (the meetings API, after its quorum and hands
   * are checked: libs/workflows/decided-at-a-meeting.rule.ts): the case page offers no form for
   * it, and its words say what the meeting decided.
   */
  fromMeeting?: boolean;
}

export interface TemplateWords {
  /** The case's dates by field name: label as a question or noun ("Submission deadline"). */
  dates?: Record<string, string>;
  /**
   * The case's dates by field name: what each is, where the template's own hint (in its released
   * definition, so never rewritten) is not in people's words.
   */
  dateHints?: Record<string, string>;
  events: Record<string, EventWords>;
}

/** Words every template's worker events share. */
export const WORKER_EVENT_WORDS: Record<string, EventWords> = {
  DEADLINE_PASSED: { action: 'Deadline passed', done: 'A deadline passed' },
  REMINDER_DUE: { action: 'Reminder due', done: 'A reminder fell due' },
  // Retention's facts on a case's chain (libs/documents/document-facts.repository.ts).
  DOCUMENT_CONTENT_DISPOSED: {
    action: 'Dispose of a document’s content',
    done: 'A document’s content was disposed of under the retention schedule',
  },
  PERSONAL_DATA_DISPOSED: {
    action: 'Dispose of personal data',
    done: 'Personal data of the case was disposed of under the retention schedule',
  },
  PERSONAL_DATA_HOLD_PLACED: {
    action: 'Hold the personal data of the case',
    done: 'The personal data of the case was put under a legal hold',
  },
  PERSONAL_DATA_HOLD_RELEASED: {
    action: 'Release the hold on the personal data of the case',
    done: 'The legal hold on the personal data of the case was released',
  },
};

/** Field words several templates share. */
export const COMMON_FIELDS: Record<string, FieldWords> = {
  meetingDate: { label: 'Date of the meeting', name: 'the date of the meeting' },
  minuteReference: {
    label: 'Minute reference',
    name: 'the minute reference',
    hint: 'As it appears in the minutes, for example Minute 23/45',
  },
  reasons: { label: 'Reasons', name: 'the reasons', kind: 'long' },
  comments: { label: 'Comments', name: 'your comments', kind: 'long' },
  reference: { label: 'Reference', name: 'the reference' },
  submittedOn: { label: 'Date it was submitted', name: 'the date it was submitted' },
  nextMeetingDate: { label: 'Date of the next meeting', name: 'the date of the next meeting' },
  key: {
    label: 'Deadline',
    options: {
      submission: 'submission',
      assurance: 'assurance',
      noting: 'noting',
      meeting: 'meeting',
      callIn: 'call-in',
    },
  },
  workingDaysLeft: { label: 'Working days left' },
  // The forward plan's edition (FORWARD_PLAN_PUBLISHED): an id, the day it was published is shown.
  edition: { label: 'Forward plan edition', hidden: true },
};
