import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_BOARD_SIGN_OFF_V2_TRACES as V2 } from './bcf-board-sign-off-v2.traces';

/**
 * Version 3's traces: version 2's journeys on the 2026/27 plan with the arrangements for approving
 * the final version proposed by the officer and agreed by the HWBB's meeting (26 July 2026), a
 * meeting deferring or referring them back first; and the payloads the new rules refuse (the
 * arrangements typed as version 2 took them, or typed with an outcome).
 */

const V2_EVENTS = Object.fromEntries(
  Object.entries(V2.events).filter(([name]) => !name.startsWith('RECORD_ARRANGEMENTS')),
);

const PROPOSED =
  'Final version to the HWBB on 2 September; the council’s and the ICB’s Chief Executives to approve';
const at = (meetingDate: string) => ({
  meetingDate,
  minuteReference: `"BCF plan: arrangements", meeting of ${meetingDate}`,
  arrangements: PROPOSED,
});
const decided = (meetingDate: string, outcome: string) => ({
  type: 'RECORD_ARRANGEMENTS',
  ...at(meetingDate),
  outcome,
  fromMeeting: true,
});

/** A journey of version 2 with the arrangements proposed, then agreed by the meeting. */
const proposedFirst = (steps: string[]) =>
  steps.flatMap((s) =>
    s === 'RECORD_ARRANGEMENTS' ? ['RECORD_PROPOSED_ARRANGEMENTS', 'RECORD_ARRANGEMENTS'] : [s],
  );

export const BCF_BOARD_SIGN_OFF_V3_TRACES: TracePlan = {
  template: 'bcf-board-sign-off',
  version: 3,
  opening: V2.opening,
  events: {
    ...V2_EVENTS,
    ...sentAs({
      RECORD_PROPOSED_ARRANGEMENTS: {
        type: 'RECORD_PROPOSED_ARRANGEMENTS',
        arrangements: PROPOSED,
      },
      'RECORD_PROPOSED_ARRANGEMENTS, empty': {
        type: 'RECORD_PROPOSED_ARRANGEMENTS',
        arrangements: ' ',
      },
      RECORD_ARRANGEMENTS: decided('2026-07-26', 'consensus'),
      'RECORD_ARRANGEMENTS, deferred': decided('2026-07-08', 'deferred'),
      'RECORD_ARRANGEMENTS, referred back': decided('2026-07-08', 'referredBack'),
      'RECORD_ARRANGEMENTS, typed, not from the meeting': {
        type: 'RECORD_ARRANGEMENTS',
        ...at('2026-07-26'),
        outcome: 'consensus',
      },
      'RECORD_ARRANGEMENTS, typed as version 2 took it': {
        type: 'RECORD_ARRANGEMENTS',
        ...at('2026-07-26'),
      },
    }),
  },
  journeys: {
    ...Object.fromEntries(
      Object.entries(V2.journeys!).map(([name, steps]) => [
        `${name}, the arrangements agreed by the meeting`,
        proposedFirst(steps),
      ]),
    ),
    'arrangements deferred by a meeting, agreed at a later one, then approved and submitted': [
      'RECORD_PROPOSED_ARRANGEMENTS',
      'RECORD_ARRANGEMENTS, deferred',
      'RECORD_ARRANGEMENTS',
      'APPROVE, the Chief Executive',
      'APPROVE, the Integrated Care Board’s Chief Executive',
      'RECORD_HWBB_DECISION, consensus',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
  },
};
