import { describeDay } from '../../governance/clear-days.service';
import type { MeetingEvents, MeetingOutcome } from '../workflow.template';
import type { GrantV3Context } from './grant-ratification-v3.machine';

/**
 * How a version 3 grant case takes a meeting's show of hands on its agenda item (sent by the
 * meetings API, libs/meetings/meeting-case-bridge.service.ts): Cabinet's meeting while the case
 * awaits Cabinet, Full Council's while it awaits Council, each carried or lost as the body's own
 * rule counted the hands (MeetingOutcome.decided: a simple majority, a tie decided by the casting
 * vote of the person presiding, LGA 1972 Sch 12 para 39(2)). Refused, so that the show of hands is
 * not recorded either: another body's meeting (CASE_AWAITING_ANOTHER_BODY), a
 * case awaiting no meeting, a body whose rules are not a majority's, a vote on nothing proposed, and
 * a meeting before the one it follows (COUNCIL_BEFORE_CABINET, CABINET_BEFORE_REFERRAL).
 */

const BODY = {
  cabinet: { state: 'open.cabinet', name: 'Cabinet' },
  council: { state: 'open.fullCouncil', name: 'Full Council' },
} as const;

const refuse = (code: string, ...explanation: string[]) => ({
  ok: false as const,
  code,
  explanation,
});

export function grantRatificationMeetingEvents(
  o: MeetingOutcome,
  current: { stateKey: string; context: unknown },
): MeetingEvents {
  const ctx = current.context as GrantV3Context;
  const states = current.stateKey.split(';');
  const awaited = (Object.keys(BODY) as (keyof typeof BODY)[]).find((b) =>
    states.includes(BODY[b].state),
  );
  if (!awaited)
    return refuse(
      'CASE_NOT_AWAITING_A_MEETING',
      'Cabinet votes on its recommendation once both boards have agreed the proposals in principle, and Full Council then votes on it',
      'this case is not waiting for Cabinet’s or Full Council’s meeting',
    );
  const name = BODY[awaited].name;
  if (o.body?.kind !== awaited)
    return refuse(
      'CASE_AWAITING_ANOTHER_BODY',
      `the case is waiting for ${name}’s vote at its meeting`,
      `this is a meeting of ${o.body?.name ?? 'another body'}: link the case to an item on ${name}’s agenda`,
    );
  const d = o.decided;
  if (d?.rule !== 'majority')
    return refuse(
      'NOT_DECIDED_BY_MAJORITY',
      `${name} decides by a simple majority of the members present and voting (the council’s constitution)`,
      `the rules the directory keeps for ${o.body.name} say otherwise: correct the body’s decision rule before its meeting takes this item`,
    );
  const at = describeDay(o.meetingDate);
  const recorded = {
    meetingDate: o.meetingDate,
    minuteReference: `"${o.item.title}", meeting of ${o.meetingDate}`,
    vote: { ...d.tally },
    fromMeeting: true,
  };
  const carried = d.outcome === 'carried';
  const lost = `Lost at the meeting on ${at}: ${d.explanation.slice(-2).join(', so ')}`;
  const event = (type: string, payload: Record<string, unknown>): MeetingEvents => ({
    ok: true,
    events: [{ type, payload: { ...payload, ...recorded } }],
  });

  if (awaited === 'cabinet') {
    if (ctx.referral && o.meetingDate < ctx.referral.meetingDate)
      return refuse(
        'CABINET_BEFORE_REFERRAL',
        `Full Council referred the recommendation back to Cabinet on ${describeDay(ctx.referral.meetingDate)}`,
        `this Cabinet meeting on ${at} came before it: Cabinet reconsiders at a meeting after the referral`,
      );
    if (ctx.proposedRecommendation === null)
      return {
        ...refuse(
          'RECOMMENDATION_NOT_PROPOSED',
          `${o.body?.name ?? BODY.cabinet.name} votes on the recommendation that the report proposes, and none is recorded on the case`,
          'record the proposed recommendation on the case before the meeting takes the item',
        ),
        source: 'seed 002, item 9, para 3',
      };
    return carried
      ? event('RECORD_CABINET_RECOMMENDATION', {
          decision: 'recommended',
          recommendation: ctx.proposedRecommendation,
        })
      : event('RECORD_CABINET_RECOMMENDATION', { decision: 'notRecommended', reasons: lost });
  }

  if (ctx.cabinet && o.meetingDate < ctx.cabinet.meetingDate)
    return refuse(
      'COUNCIL_BEFORE_CABINET',
      `Cabinet recommended the proposals to Full Council at its meeting on ${describeDay(ctx.cabinet.meetingDate)}`,
      `this Full Council meeting on ${at} came before it: Full Council decides on a recommendation Cabinet has already made`,
    );
  const motion = ctx.councilMotion ?? { motion: 'approve' as const };
  if (motion.motion === 'approve')
    return carried
      ? event('RECORD_COUNCIL_DECISION', { decision: 'approved' })
      : event('RECORD_COUNCIL_DECISION', { decision: 'notApproved', reasons: lost });
  if (!carried)
    return event('RECORD_COUNCIL_DECISION', { decision: 'referralLost', reasons: lost });
  return event('RECORD_COUNCIL_DECISION', {
    decision: 'referredBackToCabinet',
    cabinetMeetingDate: motion.cabinetMeetingDate,
    councilMeetingDate: motion.councilMeetingDate,
    ratificationDeadline: motion.ratificationDeadline,
  });
}
