import type { z } from 'zod';
import { zodProblems } from '../../../libs/core/zod-problems.service';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { agendaItemBody, scheduleBody } from '../../../libs/meetings/meeting-input.schema';
import { readDateField } from './forms/date-field.service';
import { formText } from './staff-pages.service';

/**
 * The meeting page's forms read as the meetings API's bodies, so that a form and an API call are
 * validated by the same use case with the same messages. Field names are flat (`status.<personId>`)
 * because the pages parse urlencoded bodies without nesting.
 */

export type FormBody = Record<string, unknown>;

const str = formText;

/** A blank optional field is left out, so the use case reports it as missing only when required. */
const optional = (body: FormBody, key: string): string | undefined => str(body, key) || undefined;

const lines = (body: FormBody, key: string): string[] =>
  str(body, key)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The meeting forms' dates, each with how a sentence names it; typed as GOV.UK date inputs. */
export const MEETING_DATES: Record<string, string> = {
  meetingDate: 'the date of the meeting',
  agendaPublishedOn: 'the date the agenda was published',
  forwardPlanPublishedOn: 'the date the forward plan notice was published',
  reportPublishedOn: 'the date the report was published',
  privateNoticePublishedOn: 'the date the notice of the private meeting was published',
  'generalException.scrutinyChairToldInWritingOn': 'the date the scrutiny chair was told',
  'generalException.noticePublishedOn': 'the date the general exception notice was published',
  'specialUrgency.agreedOn': 'the date special urgency was agreed',
  'privateUrgency.agreedOn': 'the date the private meeting was agreed',
};

/**
 * The meeting forms' choices (a select whose first option is "Choose…"), each with what the page
 * asks for when none, or one not offered, is posted: the use case's "previousMeetingId is an id
 * (UUID)" is for API clients.
 */
export const MEETING_CHOICES: Record<string, string> = {
  body: 'Choose the body that meets',
  caseId: 'Choose the case the item decides, or leave it not linked to a case',
  personId: 'Choose who declares the interest',
  dispensationId: 'Choose the dispensation that applies, or none',
  previousMeetingId: 'Choose the meeting whose minutes are approved',
};

/**
 * A form's dates read from their day, month and year boxes (a whole date typed in the day box, or
 * posted whole as `<name>`, reads too): ISO when real, '' when blank, and a problem naming every
 * date that is not one, in GOV.UK's words.
 */
function readDates<K extends string>(body: FormBody, names: readonly K[]) {
  const dates = {} as Record<K, string>;
  const problems: { path: string; message: string }[] = [];
  for (const name of names) {
    const whole = str(body, name);
    if (/^\d{4}-\d{2}-\d{2}$/.test(whole) && !str(body, `${name}-day`)) {
      dates[name] = whole;
      continue;
    }
    const parts = whole && !str(body, `${name}-day`) ? { ...body, [`${name}-day`]: whole } : body;
    const read = readDateField(parts, name, MEETING_DATES[name]);
    if (read.error !== undefined) problems.push({ path: name, message: read.error });
    dates[name] = read.iso ?? '';
  }
  return { dates, problems };
}

/** A form's dates (readDates), refused before anything reaches the use case when one is not a date. */
function datesOf<K extends string>(body: FormBody, names: readonly K[]): Record<K, string> {
  const { dates, problems } = readDates(body, names);
  if (problems.length)
    throw new InvalidInputError('Check the dates: fix the fields listed.', problems);
  return dates;
}

/** Stands in for a date that is not one, only to check the form's other fields. */
const STAND_IN_DATE = '2000-01-01';

/**
 * A form's input built from its dates (readDates). When a date is not one, the form is refused with
 * every problem at once, as GOV.UK asks: the other fields are checked by the use case's own schema,
 * a real date standing in for each date that is not one, and listed in the form's order.
 */
function withDates<K extends string, T>(
  body: FormBody,
  names: readonly K[],
  form: MeetingFormName,
  schema: z.ZodType,
  build: (dates: Record<K, string>) => T,
): T {
  const { dates, problems } = readDates(body, names);
  if (!problems.length) return build(dates);
  const bad = new Set<string>(problems.map((p) => p.path));
  const standIn = { ...dates };
  for (const name of names) if (bad.has(name)) standIn[name] = STAND_IN_DATE;
  const checked = schema.safeParse(build(standIn));
  const others = checked.success
    ? []
    : zodProblems(checked.error).filter((p) => !(names as readonly string[]).includes(p.path));
  const order: readonly string[] = MEETING_FORMS[form];
  const rank = (path: string) => (order.includes(path) ? order.indexOf(path) : order.length);
  throw new InvalidInputError(
    'Check the form: fix the fields listed.',
    [...problems, ...others].sort((a, b) => rank(a.path) - rank(b.path)),
  );
}

export const MEETING_FORMS = {
  schedule: ['body', 'meetingDate', 'title'],
  publication: ['agendaPublishedOn'],
  attendance: [],
  item: [
    'title',
    'caseId',
    'keyDecision',
    'forwardPlanPublishedOn',
    'reportPublishedOn',
    'part2Reasons',
    'privateNoticePublishedOn',
  ],
  declaration: ['personId', 'kind', 'details', 'dispensationId'],
  hands: ['castingVote.presidingPersonId', 'castingVote.hand'],
  routes: [
    'generalException.scrutinyChairToldInWritingOn',
    'generalException.noticePublishedOn',
    'specialUrgency.name',
    'specialUrgency.agreedOn',
    'lateItemSpecialCircumstances',
    'privateUrgency.name',
    'privateUrgency.agreedOn',
  ],
  minutes: ['previousMeetingId', 'amendments'],
  minutesSigner: ['presidingPersonId'],
} as const;

export type MeetingFormName = keyof typeof MEETING_FORMS;

export function scheduleInput(body: FormBody) {
  return withDates(body, ['meetingDate'], 'schedule', scheduleBody, ({ meetingDate }) => ({
    body: str(body, 'body'),
    meetingDate,
    title: str(body, 'title'),
  }));
}

export function publicationInput(body: FormBody) {
  return datesOf(body, ['agendaPublishedOn']);
}

/**
 * Attendance: one status per member (absent when not chosen, but refused when nothing at all is),
 * and optionally the person who sits in a member's seat, present as their substitute. The whole list goes to the use case, which
 * refuses e.g. a substitute for a member who is also marked present.
 */
export function attendanceInput(body: FormBody, memberIds: string[]) {
  // A form sent with nothing chosen at all is a slip, not a meeting nobody came to.
  if (!memberIds.some((id) => str(body, `status.${id}`) || str(body, `substitute.${id}`)))
    throw new InvalidInputError('Choose who was present, sent apologies or was absent.', [
      ...memberIds.slice(0, 1).map((id) => ({
        path: `status.${id}`,
        message: 'Choose who was present, sent apologies or was absent',
      })),
    ]);
  const entries: { personId: string; status: string; substituteFor?: string }[] = [];
  for (const id of memberIds) {
    const status = str(body, `status.${id}`) || 'absent';
    entries.push({ personId: id, status });
    const sub = str(body, `substitute.${id}`);
    if (sub) entries.push({ personId: sub, status: 'present', substituteFor: id });
  }
  return entries;
}

/**
 * The field of the attendance form a problem names (`[2].substituteFor`, an entry of the list
 * attendanceInput made): the substitute in the seat (`substitute.<member>`) or the member's
 * status (`status.<member>`); any other path as it is.
 */
export function attendanceField(
  path: string,
  entries: { personId: string; substituteFor?: string }[],
): string {
  const entry = entries[Number(/^\[(\d+)\]\./.exec(path)?.[1] ?? NaN)];
  if (!entry) return path;
  return entry.substituteFor ? `substitute.${entry.substituteFor}` : `status.${entry.personId}`;
}

/** The field of the show of hands a problem names (`hands.1.hand`): the voter's hand (`hand.<id>`). */
export function handField(path: string, hands: { personId: string }[]): string {
  const hand = hands[Number(/^hands\.(\d+)\./.exec(path)?.[1] ?? NaN)];
  return hand ? `hand.${hand.personId}` : path;
}

export function agendaItemInput(body: FormBody) {
  const key = str(body, 'keyDecision');
  const names = [
    'forwardPlanPublishedOn',
    'reportPublishedOn',
    'privateNoticePublishedOn',
  ] as const;
  return withDates(body, names, 'item', agendaItemBody, (dates) => ({
    title: str(body, 'title'),
    caseId: optional(body, 'caseId'),
    keyDecision: key === 'yes' ? true : key === 'no' ? false : undefined,
    forwardPlanPublishedOn: dates.forwardPlanPublishedOn || undefined,
    reportPublishedOn: dates.reportPublishedOn || undefined,
    part2Reasons: optional(body, 'part2Reasons'),
    privateNoticePublishedOn: dates.privateNoticePublishedOn || undefined,
  }));
}

export function declarationInput(body: FormBody) {
  return {
    personId: str(body, 'personId'),
    kind: str(body, 'kind'),
    details: str(body, 'details'),
    dispensationId: optional(body, 'dispensationId'),
  };
}

export function showOfHandsInput(body: FormBody, voterIds: string[]) {
  const choice = str(body, 'chairChoice');
  return {
    hands: voterIds
      .filter((id) => str(body, `hand.${id}`))
      .map((id) => ({ personId: id, hand: str(body, `hand.${id}`) })),
    ...(choice
      ? {
          chairChoice: {
            outcome: choice,
            consultedThosePresent: str(body, 'consultedThosePresent') === 'yes',
          },
        }
      : {}),
    ...(str(body, 'castingVote.hand')
      ? {
          castingVote: {
            presidingPersonId: str(body, 'castingVote.presidingPersonId'),
            hand: str(body, 'castingVote.hand'),
          },
        }
      : {}),
  };
}

/** An urgency agreement from its three fields; left out when none is filled in. */
function urgency(body: FormBody, prefix: 'specialUrgency' | 'privateUrgency', agreedOn: string) {
  const agreedBy = str(body, `${prefix}.agreedBy`);
  const name = str(body, `${prefix}.name`);
  if (!name && !agreedOn) return undefined;
  return {
    agreedBy: agreedBy || 'scrutinyChair',
    name,
    agreedOn,
    ...(optional(body, `${prefix}.scrutinyChairUnavailable`)
      ? { scrutinyChairUnavailable: str(body, `${prefix}.scrutinyChairUnavailable`) }
      : {}),
    ...(optional(body, `${prefix}.councilChairUnavailable`)
      ? { councilChairUnavailable: str(body, `${prefix}.councilChairUnavailable`) }
      : {}),
  };
}

export function noticeRoutesInput(body: FormBody) {
  const d = datesOf(body, [
    'generalException.scrutinyChairToldInWritingOn',
    'generalException.noticePublishedOn',
    'specialUrgency.agreedOn',
    'privateUrgency.agreedOn',
  ]);
  const told = d['generalException.scrutinyChairToldInWritingOn'];
  const notice = d['generalException.noticePublishedOn'];
  return {
    ...(told || notice
      ? { generalException: { scrutinyChairToldInWritingOn: told, noticePublishedOn: notice } }
      : {}),
    specialUrgency: urgency(body, 'specialUrgency', d['specialUrgency.agreedOn']),
    lateItemSpecialCircumstances: optional(body, 'lateItemSpecialCircumstances'),
    privateUrgency: urgency(body, 'privateUrgency', d['privateUrgency.agreedOn']),
  };
}

export function minutesInput(body: FormBody) {
  return {
    previousMeetingId: str(body, 'previousMeetingId'),
    amendments: lines(body, 'amendments'),
  };
}

/** The member who presided, chosen by name among those present, for minutes neither chair can sign. */
export function minutesSignerInput(body: FormBody) {
  return {
    previousMeetingId: str(body, 'previousMeetingId'),
    presidingPersonId: str(body, 'presidingPersonId'),
  };
}
