import { inWords } from './workflow-steps.service';

/**
 * A template's emails: what each message its machines notify says, the words of the deadlines its
 * reminders and escalations are built from, and the caption of the page a request's one-time link
 * opens. Kept beside the template (`<t>/<t>.emails.ts`) and read off it (`template.emails`), so the
 * notifications library never names a template; a later version built from its predecessor
 * inherits them with the rest of the template. The contract spec
 * (libs/workflows/template-contract.spec.ts) fails when a message a version's machines can notify
 * has no wording here.
 */

/** What one email says. */
export interface EmailWording {
  /** Says what is asked or what happened. */
  subject: string;
  /** What is asked or what happened, in one or two sentences. */
  lead: string;
  /** The words of the deadline line (the date follows), if the email shows one. */
  due?: string;
}

/** What an email's wording may read of the email being sent. */
export interface EmailFacts extends CaseEmailFacts {
  caseTitle: string;
}

/** What an email's wording may read of its case, as the template's `factsOf` reads its context. */
export interface CaseEmailFacts {
  /**
   * Who signs, in words, where the case has decided it (minutes approval v2: "the chair", or "the
   * vice-chair in the place of the chair (Cllr Alex Rowe)"); absent where it has not.
   */
  signer?: string;
}

export type MessageWording = (facts: EmailFacts) => EmailWording;

export interface TemplateEmails<M extends string = string> {
  /** Each message the template's machines notify, by name. */
  messages: Record<M, MessageWording>;
  /**
   * The deadlines the template arms, by key, in words: the machines' `<key>-reminder` and
   * `<key>-overdue` messages, when not worded above, say "The <words> deadline is close…".
   */
  deadlines: Record<string, string>;
  /** For request messages (those that carry a one-time link): the heading of the link's page. */
  linkCaptions?: Partial<Record<M, string>>;
  /**
   * Request messages whose answer cannot be taken back (the Decision Notice's signature): the link's
   * page shows the answer in words to check (GOV.UK "check your answers") and records it only when
   * confirmed.
   */
  linkChecksFirst?: Partial<Record<M, true>>;
  /**
   * Request messages whose answers are not an approval or a rejection (JCB v8's conclusion of a
   * dispute): each answer offered in the template's words, and the label of the text it takes.
   */
  linkAnswers?: Partial<Record<M, LinkAnswers>>;
  /**
   * The case's facts its wording reads, taken from the machine's context when an email is planned
   * and kept with it (in the outbox row): who signs the minutes, say. None when left out.
   */
  factsOf?: (context: unknown) => CaseEmailFacts;
}

/** An answer offered from a link in the template's words. */
export interface LinkAnswerWords {
  /** As the receipt says it: "you conclude that it goes back to the Board". */
  answer: string;
  /** The label of the text the answer takes. */
  note: string;
  /** What the page says when that text is missing: "Write …". */
  missing: string;
}

export type LinkAnswers = Partial<Record<'approveWithComments' | 'reject', LinkAnswerWords>>;

/**
 * A template's emails, typed by their message names so that a caption for a message without
 * wording does not compile.
 */
export function templateEmails<M extends string>(emails: TemplateEmails<M>): TemplateEmails<M> {
  return emails;
}

/**
 * The wording of one message: its own, or, for a `<deadline>-reminder` or `<deadline>-overdue`
 * built from a deadline's key, the reminder's or escalation's in the deadline's words. Null for a
 * message the template has no wording for (the contract spec catches that before release).
 */
export function wordingOf(emails: TemplateEmails, message: string): MessageWording | null {
  if (Object.hasOwn(emails.messages, message)) return emails.messages[message];
  const m = /^([a-z]+)-(reminder|overdue)$/.exec(message);
  const words = m && Object.hasOwn(emails.deadlines, m[1]) ? emails.deadlines[m[1]] : undefined;
  if (!m || !words) return null;
  return m[2] === 'reminder'
    ? (p) => ({
        subject: `Reminder: ${p.caseTitle} is waiting`,
        lead: `The ${words} deadline is close and the case is still waiting for this step.`,
        due: 'The deadline is',
      })
    : (p) => ({
        subject: `Escalation: the ${words} deadline passed for ${p.caseTitle}`,
        lead: `The ${words} deadline has passed without the step being recorded.`,
        due: 'The deadline was',
      });
}

/**
 * A deadline's name in the template's words ("call-in period"), as every page, feed and email
 * names it: the one place a deadline's key (`callIn`) becomes words. A key the template has no
 * words for reads as its key in words; template-deadline-words.spec.ts fails on such a key.
 */
export function deadlineWords(template: { emails: TemplateEmails }, key: string): string {
  const { deadlines } = template.emails;
  if (Object.hasOwn(deadlines, key)) return deadlines[key];
  // A deadline armed per thing (`condition-R1-C1`, one per condition) reads as its kind's words.
  const kind = key.split('-')[0];
  return Object.hasOwn(deadlines, kind) ? deadlines[kind] : inWords(key);
}
