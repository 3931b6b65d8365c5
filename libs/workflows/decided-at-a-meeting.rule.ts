import { z } from 'zod';

/**
 * The rule that a body's decision is taken by a show of hands at its meeting, never typed into a
 * case (issue #15): an event carrying such a decision is marked `fromMeeting: true`, and only the
 * meetings API sets that mark (libs/meetings/meeting-case-bridge.service.ts), after it has checked
 * the meeting's notices, quorum and hands. A template refuses the event without the mark (its
 * payload rule, held by its recorded traces); the engine refuses the mark from anyone but the
 * meetings API (libs/engine/event-payload.check.ts). Both answer 422 GOVERNANCE_RULE_BROKEN with
 * this rule and its explanation.
 */
export const DECIDED_AT_A_MEETING = 'DECIDED_AT_A_MEETING';

/** Why, in lines a person can check (none contains "; ", which separates them in a refusal). */
export const DECIDED_AT_A_MEETING_EXPLANATION = [
  'the Board decides by a show of hands at a quorate meeting, not by a decision typed into the case',
  'link the case to an item on the meeting’s agenda and record the show of hands on that item: the meeting checks its notices, quorum and hands, and the case takes its outcome',
];

/** The mark itself, as a payload field: present (true) only when the meetings API sent the event. */
export const fromMeetingMark = z.literal(true).optional();

/** A payload rule refusing an event not sent by the meetings API, as a governance refusal. */
export function decidedAtAMeeting<T extends { fromMeeting?: true }>(
  schema: z.ZodType<T>,
): z.ZodType<T> {
  return schema.refine((p) => p.fromMeeting === true, {
    message: `${DECIDED_AT_A_MEETING}: ${DECIDED_AT_A_MEETING_EXPLANATION.join('; ')}`,
    path: ['fromMeeting'],
  });
}
