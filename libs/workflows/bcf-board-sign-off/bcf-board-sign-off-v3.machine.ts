import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  bcfBoardSignOffV2Machine as v2,
  type BoardV2Context,
  type BoardV2Event,
  type HwbbOutcome,
} from './bcf-board-sign-off-v2.machine';
import type { BoardInput, Role } from './bcf-board-sign-off.machine';

/**
 * Version 3 of the BCF plan signed off by the full board: version 2 (bcf-board-sign-off-v2.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 *
 * The HWBB "is asked to consider the draft … and agree arrangements for approving the final
 * version" (seed 002, item 8, recommendation (ii)): a resolution of its meeting, never typed. The
 * officer records the arrangements the report proposes (RECORD_PROPOSED_ARRANGEMENTS); the
 * meeting's show of hands on the agenda item linked to the case, sent by the meetings API as
 * RECORD_ARRANGEMENTS with the proposed arrangements and the meeting's outcome, agrees them by
 * consensus (then approval is sought, as version 2); deferred or referred back, the case stays in
 * consideration for a later meeting (the officer may propose other arrangements meanwhile).
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export interface BoardV3Context extends BoardV2Context {
  /** The arrangements the report to the HWBB proposes; null before the officer records them. */
  proposedArrangements: string | null;
  /** Every meeting that considered the arrangements without agreeing them. */
  arrangementsNotAgreed: { meetingDate: string; outcome: HwbbOutcome }[];
}

export type BoardV3Event =
  | Exclude<BoardV2Event, { type: 'RECORD_ARRANGEMENTS' }>
  | { type: 'RECORD_PROPOSED_ARRANGEMENTS'; arrangements: string }
  | {
      type: 'RECORD_ARRANGEMENTS';
      meetingDate: string;
      minuteReference: string;
      arrangements: string;
      outcome: HwbbOutcome;
      fromMeeting?: true;
    };

type Args = { context: BoardV3Context; event: BoardV3Event };

export const bcfBoardSignOffV3Machine = derive<BoardV3Context, BoardV3Event, BoardInput>(v2, {
  context: (v2Context) => (args) => ({
    ...v2Context(args),
    proposedArrangements: null,
    arrangementsNotAgreed: [],
  }),
  guards: {
    arrangementsAgreed: ({ event }: Args) =>
      event.type === 'RECORD_ARRANGEMENTS' && event.outcome === 'consensus',
  },
  actions: {
    recordProposedArrangements: assign({
      proposedArrangements: ({ event }: Args) =>
        event.type === 'RECORD_PROPOSED_ARRANGEMENTS' ? event.arrangements : null,
    }),
    recordArrangementsNotAgreed: assign({
      arrangementsNotAgreed: ({ context, event }: Args) =>
        event.type === 'RECORD_ARRANGEMENTS'
          ? [
              ...context.arrangementsNotAgreed,
              { meetingDate: event.meetingDate, outcome: event.outcome },
            ]
          : context.arrangementsNotAgreed,
    }),
  },
  replacedTransitions: {
    // Version 1's arrangements, taken when the meeting agrees them; else a later meeting.
    'preSubmission.consideration': {
      RECORD_ARRANGEMENTS: (before: unknown[]) => [
        ...(before as object[]).map((t) => ({ ...t, guard: 'arrangementsAgreed' })),
        {
          actions: [
            'recordArrangementsNotAgreed',
            notify<Role>('arrangements-not-agreed', ['officer']),
          ],
        },
      ],
    },
  },
  addedTransitions: {
    'preSubmission.consideration': {
      RECORD_PROPOSED_ARRANGEMENTS: { actions: 'recordProposedArrangements' },
    },
  },
});
