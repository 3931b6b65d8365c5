import { tenantScope } from '../../../libs/core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListDispensationsUseCase } from '../../../libs/meetings/use-cases/list-dispensations.use-case';
import { CalendarFeedService } from '../../../libs/notifications/calendar-feed.service';
import { ListMeetingsUseCase } from '../../../libs/meetings/use-cases/list-meetings.use-case';
import { ReadMeetingUseCase } from '../../../libs/meetings/use-cases/read-meeting.use-case';
import { NameMinutesSignerUseCase } from '../../../libs/meetings/use-cases/name-minutes-signer.use-case';
import { PersonNamesRepository } from '../../../libs/directory/person-names.repository';
import { CaseSearchRepository } from '../../../libs/engine/case-search.repository';
import { MinutesCasesRepository } from '../../../libs/meetings/minutes-cases.repository';
import { datesInWords, dayInWords } from './forms/words.service';
import { MEETING_DATES, MEETING_FORMS, type MeetingFormName } from './meeting-forms.service';
import { meetingTextProblem } from './meeting-field-words.service';
import { datePartsInError, typedDateOf, type TypedDate } from './forms/date-field.service';

/** A form that came back refused: which form, what to fix, and what was typed (to fill it in again). */
export interface MeetingFormError {
  form: MeetingFormName;
  itemId: string | null;
  message: string;
  problems: { path: string; message: string }[];
  explanation: string[];
  /** A rule's refusal in the one shape every page gives it (http/refusal.presenter.ts). */
  refusal?: string;
  values: Record<string, string>;
}

const choose = (text = 'Choose…') => ({ value: '', text });

/** The id a field has on the page; the error summary links to it. */
export function fieldId(form: MeetingFormName, itemId: string | null, path: string): string {
  // A member's status and a voter's hand are radios whose first input is named by the person.
  const field = path.replace(/^(status|hand)\./, '');
  return [form, itemId, field.replace(/[^A-Za-z0-9_-]+/g, '-')].filter(Boolean).join('-');
}

/** Fields named by a person: a member's status and substitute, a voter's hand. */
const PERSON_FIELD = /^(status|substitute|hand)\.[0-9a-f-]{36}$/i;

export function formAnchor(form: MeetingFormName, itemId: string | null): string {
  return ['form', form, itemId].filter(Boolean).join('-');
}

/**
 * What the meeting page shows: the meeting as the meetings use case reads it, with the choices its
 * forms offer (people who may substitute, cases to link, dispensations in force, earlier meetings
 * whose minutes may be approved) and, after a refused form, the error summary.
 */
@Injectable()
export class MeetingPageService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseSearchRepository,
    private readonly people: PersonNamesRepository,
    private readonly meeting: ReadMeetingUseCase,
    private readonly meetings: ListMeetingsUseCase,
    private readonly dispensations: ListDispensationsUseCase,
    private readonly calendar: CalendarFeedService,
    private readonly minutesCases: MinutesCasesRepository,
    private readonly minutesSigner: NameMinutesSignerUseCase,
  ) {}

  async model(tenantId: string, meetingId: string, refused?: MeetingFormError) {
    const view = await this.meeting.view(tenantId, meetingId);
    const [people, cases, dispensations, earlier, signerAwaited] = await Promise.all([
      this.people.all(tenantScope(tenantId), this.ds.manager),
      this.cases.page(tenantScope(tenantId), this.ds.manager, { status: 'open' }, 200, 0),
      this.dispensations.list(tenantId),
      this.meetings.list(tenantId, { body: view.bodyId }),
      this.minutesSigner.awaiting(tenantId, meetingId),
    ]);
    // Minutes no longer waiting for who presided have no form of theirs: the refusal is the minutes'.
    const error =
      refused?.form === 'minutesSigner' && !signerAwaited.includes(refused.itemId ?? '')
        ? { ...refused, form: 'minutes' as const, itemId: null, problems: [], values: {} }
        : refused;
    const scope = tenantScope(tenantId);
    const minutesCases = await this.minutesCases.ofApprovalsAt(scope, this.ds.manager, meetingId);
    // Each case the meeting's items decide and its approvals of minutes went to, by its reference.
    const linked = await this.cases.byIds(scope, this.ds.manager, [
      ...new Set([
        ...view.agenda.flatMap((i) => (i.caseId ? [i.caseId] : [])),
        ...minutesCases.map((c) => c.caseId),
      ]),
    ]);
    const caseLink = (id: string | null | undefined) => {
      const c = id ? linked.find((l) => l.id === id) : undefined;
      return c ? { href: `/cases/${c.id}`, reference: c.reference, title: c.title } : null;
    };
    const memberIds = new Set(view.members.map((m) => m.personId));
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const present = view.attendance.filter((a) => a.status === 'present');
    const inForce = dispensations.filter(
      (d) => !d.revokedOn && d.grantedOn <= view.meetingDate && d.endsOn >= view.meetingDate,
    );
    const errorFor = (form: MeetingFormName, itemId: string | null) =>
      error && error.form === form && error.itemId === itemId ? error : null;
    return {
      m: view,
      minutesApproved: view.minutesApproved.map((a) => ({
        ...a,
        previousMeetingWords: dayInWords(a.previousMeetingDate),
        case: caseLink(
          minutesCases.find((c) => c.previousMeetingId === a.previousMeetingId)?.caseId,
        ),
      })),
      meetingDateWords: dayInWords(view.meetingDate),
      agendaPublishedWords: view.agendaPublishedOn ? dayInWords(view.agendaPublishedOn) : null,
      bodyCalendarPath: this.calendar.feedPath('bodies', view.bodyId),
      error,
      ...formErrors(error),
      dateInput: (
        form: MeetingFormName,
        itemId: string | null,
        name: string,
        legend: string,
        hint?: string,
        stored?: string | null,
      ) => meetingDateInput(error, form, itemId, name, legend, hint, stored),
      valuesFor: (form: MeetingFormName, itemId: string | null = null) =>
        errorFor(form, itemId)?.values ?? {},
      seats: view.members.map((member) => {
        const own = view.attendance.find((a) => a.personId === member.personId && !a.substituteFor);
        const recorded = view.attendance.find((a) => a.substituteFor === member.personId);
        // A refused attendance shows what was chosen, not what is on record.
        const typed = errorFor('attendance', null)?.values;
        const sub = typed ? { personId: typed[`substitute.${member.personId}`] ?? '' } : recorded;
        return {
          ...member,
          // A non-voting seat says so on the attendance form, as the show of hands does.
          votes: member.voting !== false,
          status: typed ? (typed[`status.${member.personId}`] ?? '') : (own?.status ?? ''),
          substituteItems: [
            choose('No substitute'),
            ...people
              .filter(
                (p) =>
                  !memberIds.has(p.id) &&
                  // Under a substitution scheme, only those it names for the seat (and whoever sat).
                  (!member.namedSubstitutes ||
                    member.namedSubstitutes.some((n) => n.personId === p.id) ||
                    sub?.personId === p.id),
              )
              .map((p) => ({ value: p.id, text: p.name, selected: sub?.personId === p.id })),
          ],
        };
      }),
      caseItems: [
        choose('Not linked to a case'),
        ...cases.map((c) => ({ value: c.id, text: c.title })),
      ],
      attendeeItems: [choose(), ...present.map((a) => ({ value: a.personId, text: a.name }))],
      // Minutes approved here that neither the chair nor the vice-chair can sign: who presided?
      signerAwaited: view.minutesApproved
        .filter((a) => signerAwaited.includes(a.previousMeetingId))
        .map((a) => ({
          ...a,
          previousMeetingWords: dayInWords(a.previousMeetingDate),
          // Suffixed by the earlier meeting, as the show of hands is by its item.
          formId: formAnchor('minutesSigner', a.previousMeetingId),
          fieldId: fieldId('minutesSigner', a.previousMeetingId, 'presidingPersonId'),
        })),
      dispensationItems: [
        choose('None'),
        ...inForce.map((d) => ({
          value: d.id,
          text: `${nameOf.get(d.personId) ?? 'unknown person'}: granted by ${d.grantor} on ${dayInWords(d.grantedOn)}, ends ${dayInWords(d.endsOn)}`,
        })),
      ],
      earlierItems: [
        choose(),
        ...earlier.items
          .filter((e) => e.meetingDate < view.meetingDate)
          .map((e) => ({ value: e.id, text: `${e.title} (${dayInWords(e.meetingDate)})` })),
      ],
      items: view.agenda.map((item) => ({
        ...item,
        case: caseLink(item.caseId),
        // Whoever sits in a non-voting seat (its holder or a substitute) is present without a hand,
        // as the rule has it (`voting`: seatVotes, libs/governance/quorum.service.ts).
        voters: present
          .filter((a) => !item.quorum.excludedPersonIds.includes(a.personId) && a.voting)
          .map((a) => ({ personId: a.personId, name: a.name })),
        // Listed in the form, so the record is clear they were there, but offered no hand.
        nonVoters: present.filter((a) => !a.voting).map((a) => ({ name: a.name })),
        presidingItems: [
          { value: '', text: 'Choose who presided' },
          ...present
            .filter((a) => !item.quorum.excludedPersonIds.includes(a.personId) && a.voting)
            .map((a) => ({ value: a.personId, text: a.name })),
        ],
        outcomeRows: item.votes.map((v) => [{ text: v.name }, { text: v.hand }]),
        // A casting vote is only ever given on a tie under a majority rule: its fields show there,
        // or where a refused form typed one (the error summary links to the field, kept as typed).
        castingVoteFields:
          view.decisionRule.kind === 'majority' || typedCastingVote(error, item.id),
      })),
    };
  }
}

/** Whether the refused show of hands of this item typed a casting vote. */
function typedCastingVote(error: MeetingFormError | undefined, itemId: string): boolean {
  if (!error || error.form !== 'hands' || error.itemId !== itemId) return false;
  return ['castingVote.presidingPersonId', 'castingVote.hand'].some((path) =>
    Boolean(error.values[path]),
  );
}

/** A field's problem in the page's words where the use case's names its values (form.path). */
const FIELD_WORDS: Record<string, string> = {
  'declaration.kind': 'Choose the kind of interest',
};

/** The GOV.UK error summary of a refused form, and the message shown at each field it names. */
export function formErrors(refused: MeetingFormError | undefined) {
  const none = () => false as const;
  if (!refused) return { errorList: [], errorFor: none };
  const error = atTheirBoxes(refused);
  const anchor = `#${formAnchor(error.form, error.itemId)}`;
  const forms: readonly string[] = MEETING_FORMS[error.form];
  const known = { includes: (path: string) => forms.includes(path) || PERSON_FIELD.test(path) };
  const fieldErrors: Record<string, string> = {};
  const said = (p: { path: string; message: string }) =>
    FIELD_WORDS[`${error.form}.${p.path}`] ??
    meetingTextProblem(error.form, p.path, p.message) ??
    sentence(p.message);
  // A field with several problems (two amendments too long) shows the first; the summary lists each.
  for (const p of [...error.problems].reverse())
    if (known.includes(p.path)) fieldErrors[fieldId(error.form, error.itemId, p.path)] = said(p);
  // A date's problem links to its first wrong box as typed (the year box when only the year is
  // wrong), else to its day box (a real date a rule refuses).
  const hrefOf = (p: { path: string }) =>
    known.includes(p.path)
      ? `#${fieldId(error.form, error.itemId, p.path)}${Object.hasOwn(MEETING_DATES, p.path) ? `-${datePartsInError(typedIn(error, p.path))[0] ?? 'day'}` : ''}`
      : anchor;
  const errorFor = (id: string) => (fieldErrors[id] ? { text: fieldErrors[id] } : false);
  const first = firstJudged(error);
  // A rule's refusal: its one sentence first, at the first field it judged (else the form), and
  // the other fields it judged with their own words.
  if (error.refusal) {
    const rest = error.problems.filter((p) => p !== first && known.includes(p.path));
    if (first) fieldErrors[fieldId(error.form, error.itemId, first.path)] = error.refusal;
    return {
      errorFor,
      errorList: [
        { text: error.refusal, href: first ? hrefOf(first) : anchor },
        ...rest.map((p) => ({ text: said(p), href: hrefOf(p) })),
      ],
    };
  }
  // The use case's headline ("fix the fields listed", "… cannot be recorded: …") only when
  // something has no field to link to: a problem at each field says it there.
  const atFields = error.problems.length > 0 && error.problems.every((p) => known.includes(p.path));
  // The rule's explanation, each line a sentence, less what the headline or a field already says
  // (its first line is often the one or the other again).
  const saidAlready = [error.message, ...error.problems.map((p) => p.message)];
  const lines = error.explanation.filter((l) => !saidAlready.some((s) => sameWords(s, l)));
  return {
    /** The macro's errorMessage for a field: its message, or false when it has none. */
    errorFor,
    errorList: [
      ...(atFields ? [] : [{ text: sentence(error.message), href: anchor }]),
      ...error.problems.map((p) => ({ text: said(p), href: hrefOf(p) })),
      ...lines.map((line) => ({
        text: sentence(line),
        href: atFields ? hrefOf(error.problems[0]) : anchor,
      })),
    ],
  };
}

/**
 * A refused form's problems at the boxes the page shows: a line of a list (`amendments.1`, the
 * second amendment) at the list's box, said in words while its number is known ("Amendment 2 must
 * be 2000 characters or fewer").
 */
function atTheirBoxes(error: MeetingFormError): MeetingFormError {
  const forms: readonly string[] = MEETING_FORMS[error.form];
  return {
    ...error,
    problems: error.problems.map((p) => {
      const list = /^(.+)\.\d+$/.exec(p.path)?.[1];
      if (list === undefined || !forms.includes(list)) return p;
      return {
        path: list,
        message: meetingTextProblem(error.form, p.path, p.message) ?? p.message,
      };
    }),
  };
}

/**
 * The GOV.UK date input of a meeting form's date: what was typed when the form came back refused,
 * else the date on record; its message when the refusal names it. Ids are the form's field id
 * (`item-<id>-reportPublishedOn-day`), names the use case's (`reportPublishedOn-day`).
 */
export function meetingDateInput(
  error: MeetingFormError | undefined,
  form: MeetingFormName,
  itemId: string | null,
  name: string,
  legend: string,
  hint?: string,
  stored?: string | null,
) {
  const mine = error !== undefined && error.form === form && error.itemId === itemId;
  const typed = mine ? typedIn(error, name) : typedDateOf(stored);
  const problem = mine ? error.problems.find((p) => p.path === name) : undefined;
  // The refusal's sentence at the first field it judged, as formErrors places it.
  const said =
    problem && error?.refusal && firstJudged(error) === problem
      ? error.refusal
      : problem && sentence(problem.message);
  // Only the wrong boxes are marked; every box when the date as a whole is refused.
  const wrong = problem ? datePartsInError(typed) : [];
  const cls = (width: number, part: 'day' | 'month' | 'year') =>
    `govuk-input--width-${width}${problem && (!wrong.length || wrong.includes(part)) ? ' govuk-input--error' : ''}`;
  return {
    id: fieldId(form, itemId, name),
    namePrefix: name,
    fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--s' } },
    ...(hint ? { hint: { text: hint } } : {}),
    ...(said ? { errorMessage: { text: said } } : {}),
    items: [
      { name: 'day', label: 'Day', classes: cls(2, 'day'), value: typed.day },
      { name: 'month', label: 'Month', classes: cls(2, 'month'), value: typed.month },
      { name: 'year', label: 'Year', classes: cls(4, 'year'), value: typed.year },
    ],
  };
}

/** A date of a refused form as typed in its boxes (a whole date posted as `<name>` in the day box). */
function typedIn(error: MeetingFormError, name: string): TypedDate {
  const whole = error.values[name];
  if (whole && /^\d{4}-\d{2}-\d{2}$/.test(whole) && !error.values[`${name}-day`])
    return typedDateOf(whole);
  return {
    day: error.values[`${name}-day`] ?? error.values[name] ?? '',
    month: error.values[`${name}-month`] ?? '',
    year: error.values[`${name}-year`] ?? '',
  };
}

/** The first problem at a field of the refused form: where a rule's refusal is said. */
function firstJudged(error: MeetingFormError) {
  const forms: readonly string[] = MEETING_FORMS[error.form];
  return error.problems.find((p) => forms.includes(p.path) || PERSON_FIELD.test(p.path));
}

/** Whether two sentences say the same, whatever their capital and full stop. */
function sameWords(a: string, b: string): boolean {
  const plain = (s: string) => s.trim().replace(/\.$/, '').toLowerCase();
  return plain(a) === plain(b);
}

/** A use case's message as a sentence in words: its rule's code left off, its dates in words. */
function sentence(message: string): string {
  const m = datesInWords(
    message.replace(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+: /, '').replace(/^give /, 'enter '),
  );
  return m.charAt(0).toUpperCase() + m.slice(1);
}
