import { describeDay } from '../../governance/clear-days.service';
import type { MeetingEvents, MeetingOutcome } from '../workflow.template';
import type { JcbContext } from './jcb-delegated-decision.context';
import { canonical } from './jcb-delegated-decision-v2.machine';

/**
 * How a JCB case (versions 1 and 2) takes a meeting's recorded outcome of its agenda item: the
 * payloads of RECORD_NOTICES, RECORD_ATTENDANCE and RECORD_SHOW_OF_HANDS built from the meeting's
 * record, as many as the case still needs. Pure: the meetings API sends them through the engine,
 * which validates them with the template's own rules, so the case decides on the same facts.
 *
 * - Notices not yet recorded on the case: they are sent from the agenda item's dates and notice
 *   routes (the meeting has just found them met by the same rules, checkNotices), so an officer does
 *   not record one set of facts twice.
 * - Attendance already recorded on the case: only the hands are sent, and only when the case's
 *   attendance is the meeting's; otherwise refused, since the hands must be for that attendance.
 * - A deferred case must be brought back (RECONSIDER, with when the Chair and partner lead talked)
 *   before a later meeting can decide it; a case for another meeting is refused.
 * - Any other state: the events are sent and the case refuses them (EVENT_NOT_ALLOWED).
 */
export function jcbMeetingEvents(
  o: MeetingOutcome,
  current: { stateKey: string; context: unknown },
  itemId: string,
): MeetingEvents {
  const ctx = current.context as JcbContext;
  const caseMeeting = ctx.dates.meetingDate;
  if (current.stateKey === 'deferred')
    return {
      ok: false,
      code: 'CASE_DEFERRED',
      explanation: [
        `the case was deferred at the meeting on ${describeDay(caseMeeting)} (JCB ToR 8.2)`,
        'record on the case that the item was reconsidered (when the Chair and the partner lead talked, and this meeting’s date) before this meeting decides it',
      ],
    };
  if (current.stateKey.startsWith('beforeMeeting.') && o.meetingDate !== caseMeeting)
    return {
      ok: false,
      code: 'CASE_FOR_ANOTHER_MEETING',
      explanation: [
        `the case’s item is to be taken at the meeting on ${describeDay(caseMeeting)}; this meeting is on ${describeDay(o.meetingDate)}`,
        'link the agenda item to the right case, or bring the case to this meeting first',
      ],
    };

  const facts = meetingFacts(o, itemId);
  const attendance = { type: 'RECORD_ATTENDANCE', payload: { meeting: facts } };
  const hands = {
    type: 'RECORD_SHOW_OF_HANDS',
    payload: {
      meeting: facts,
      hands: o.hands.map((h) => ({ personId: h.personId, hand: h.hand })),
      ...(o.chairChoice ? { chairChoice: o.chairChoice } : {}),
    },
  };
  switch (current.stateKey) {
    case 'beforeMeeting.notices':
      return {
        ok: true,
        events: [{ type: 'RECORD_NOTICES', payload: notices(o) }, attendance, hands],
      };
    case 'beforeMeeting.showOfHands':
      if (ctx.meeting && canonical(ctx.meeting.facts) !== canonical(facts))
        return {
          ok: false,
          code: 'CASE_ATTENDANCE_DIFFERS',
          explanation: [
            `the case recorded an attendance or declarations for the meeting on ${describeDay(caseMeeting)} other than this meeting’s record`,
            'the show of hands must be for the attendance the case recorded: correct the meeting’s attendance and declarations, or record the show of hands on the case',
          ],
        };
      return { ok: true, events: [hands] };
    default:
      return { ok: true, events: [attendance, hands] };
  }
}

function notices(o: MeetingOutcome): Record<string, unknown> {
  const i = o.item;
  return {
    meetingDate: o.meetingDate,
    itemTitle: i.title,
    keyDecision: i.keyDecision,
    forwardPlanPublishedOn: i.forwardPlanPublishedOn,
    reportPublishedOn: i.reportPublishedOn,
    lateItemSpecialCircumstances: i.lateItemSpecialCircumstances,
    generalException: i.generalException,
    specialUrgency: i.specialUrgency,
    privateItem: i.privateItem,
  };
}

/**
 * The meeting facts the template's rules take. A council seat on the JCB is a Cabinet member's
 * (ToR 7.1: 3 council Cabinet members and 3 members of the CCG Governing Body); a dispensation
 * covers this item, which the template's interest rules name `itemId`.
 */
function meetingFacts(o: MeetingOutcome, itemId: string) {
  return {
    meetingDate: o.meetingDate,
    members: o.members.map((m) => ({
      personId: m.personId,
      name: m.name.trim(),
      partner: m.partner ?? 'none',
      cabinetMember: m.partner === 'council',
    })),
    attendance: o.attendance.map((a) => ({
      personId: a.personId,
      name: a.name.trim(),
      status: a.status,
      ...(a.substituteFor ? { substituteFor: a.substituteFor } : {}),
    })),
    declarations: o.declarations.map((d) => ({
      personId: d.personId,
      kind: d.kind,
      nature: d.nature.trim(),
    })),
    dispensations: o.declarations.flatMap((d) =>
      d.dispensation
        ? [
            {
              id: d.dispensation.id,
              personId: d.personId,
              grantor: d.dispensation.grantor,
              ground: d.dispensation.ground,
              matters: [itemId],
              relievesFrom: d.dispensation.relievesFrom,
              grantedOn: d.dispensation.grantedOn,
              endsOn: d.dispensation.endsOn,
            },
          ]
        : [],
    ),
  };
}
