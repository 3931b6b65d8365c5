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

/** The forms of the meeting page, each with the ids of its fields (for the error summary's links). */
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
  hands: [],
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
} as const;

export type MeetingFormName = keyof typeof MEETING_FORMS;

export function scheduleInput(body: FormBody) {
  return {
    body: str(body, 'body'),
    meetingDate: str(body, 'meetingDate'),
    title: str(body, 'title'),
  };
}

export function publicationInput(body: FormBody) {
  return { agendaPublishedOn: str(body, 'agendaPublishedOn') };
}

/**
 * Attendance: one status per member (absent when not chosen), and optionally the person who sits
 * in a member's seat, present as their substitute. The whole list goes to the use case, which
 * refuses e.g. a substitute for a member who is also marked present.
 */
export function attendanceInput(body: FormBody, memberIds: string[]) {
  const entries: { personId: string; status: string; substituteFor?: string }[] = [];
  for (const id of memberIds) {
    const status = str(body, `status.${id}`) || 'absent';
    entries.push({ personId: id, status });
    const sub = str(body, `substitute.${id}`);
    if (sub) entries.push({ personId: sub, status: 'present', substituteFor: id });
  }
  return entries;
}

export function agendaItemInput(body: FormBody) {
  const key = str(body, 'keyDecision');
  return {
    title: str(body, 'title'),
    caseId: optional(body, 'caseId'),
    keyDecision: key === 'yes' ? true : key === 'no' ? false : undefined,
    forwardPlanPublishedOn: optional(body, 'forwardPlanPublishedOn'),
    reportPublishedOn: optional(body, 'reportPublishedOn'),
    part2Reasons: optional(body, 'part2Reasons'),
    privateNoticePublishedOn: optional(body, 'privateNoticePublishedOn'),
  };
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
  };
}

/** An urgency agreement from its three fields; left out when none is filled in. */
function urgency(body: FormBody, prefix: string) {
  const agreedBy = str(body, `${prefix}.agreedBy`);
  const name = str(body, `${prefix}.name`);
  const agreedOn = str(body, `${prefix}.agreedOn`);
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
  const told = str(body, 'generalException.scrutinyChairToldInWritingOn');
  const notice = str(body, 'generalException.noticePublishedOn');
  return {
    ...(told || notice
      ? { generalException: { scrutinyChairToldInWritingOn: told, noticePublishedOn: notice } }
      : {}),
    specialUrgency: urgency(body, 'specialUrgency'),
    lateItemSpecialCircumstances: optional(body, 'lateItemSpecialCircumstances'),
    privateUrgency: urgency(body, 'privateUrgency'),
  };
}

export function minutesInput(body: FormBody) {
  return {
    previousMeetingId: str(body, 'previousMeetingId'),
    amendments: lines(body, 'amendments'),
  };
}
