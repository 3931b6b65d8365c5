import { and, assign } from 'xstate';
import { derive } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  bcfBoardSignOffMachine as v1,
  type BoardContext,
  type BoardEvent,
  type BoardInput,
  type Role,
} from './bcf-board-sign-off.machine';

/**
 * Version 2 of the BCF plan signed off by the full board: version 1 (bcf-board-sign-off.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 *
 * - The HWBB's approval is the meeting's show of hands, never typed: RECORD_HWBB_DECISION, sent
 *   by the meetings API from the agenda item linked to the case (the template's `meetingEvents`),
 *   carries the meeting's outcome, after the meeting has checked its notices, quorum and hands.
 *   Consensus approves for the HWBB; referred back returns the plan for revision (all three
 *   approvals sought again, as a rejection does); deferred waits for a later meeting, whose
 *   outcome the case takes next. Version 1's typed RECORD_HWBB_APPROVAL and RECORD_HWBB_REJECTION
 *   are gone.
 * - The NHS partner is the Integrated Care Board (CCGs were abolished on 1 July 2022): the role
 *   keeps its key, `accountableOfficer`, and the `ccg` region its name; their words are the
 *   template's, the organisation the directory's.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type HwbbOutcome = 'consensus' | 'referredBack' | 'deferred';

/** The HWBB's outcome on the plan, as its meeting recorded it. */
export interface HwbbDecision {
  meetingDate: string;
  minuteReference: string;
  outcome: HwbbOutcome;
  /** The approval round (1, then one more after each not-approved assurance). */
  round: number;
}

export interface BoardV2Context extends BoardContext {
  /** Every outcome the HWBB's meetings gave the plan, in order. */
  hwbbDecisions: HwbbDecision[];
}

export type BoardV2Event =
  | Exclude<BoardEvent, { type: 'RECORD_HWBB_APPROVAL' } | { type: 'RECORD_HWBB_REJECTION' }>
  | {
      type: 'RECORD_HWBB_DECISION';
      meetingDate: string;
      minuteReference: string;
      outcome: HwbbOutcome;
      fromMeeting?: true;
    };

export type { BoardInput, Role };

type Args = { context: BoardV2Context; event: BoardV2Event };
type Decided = Extract<BoardV2Event, { type: 'RECORD_HWBB_DECISION' }>;

const decided = (event: BoardV2Event): Decided | undefined =>
  event.type === 'RECORD_HWBB_DECISION' ? event : undefined;

/** Version 1's reminder to the officer while the HWBB's approval is awaited, the very same. */
const v1Hwbb = (
  v1.config.states as Record<
    string,
    { states: Record<string, { states: Record<string, { states: Record<string, unknown> }> }> }
  >
).preSubmission.states.approval.states.hwbb.states.awaiting as { on: Record<string, unknown> };
const REMIND_OFFICER = v1Hwbb.on.REMINDER_DUE;

const RETURNED = notify<Role>('plan-returned', ['officer', 'chiefExecutive', 'accountableOfficer']);

/** The meeting's outcome taken, from either the first meeting or a later one after a deferral. */
const DECISION = [
  { guard: 'hwbbConsensus', target: 'approved', actions: 'recordHwbbDecision' },
  {
    guard: 'hwbbReferredBack',
    target: '#bcfBoard.preSubmission.revising',
    actions: ['recordHwbbDecision', 'recordHwbbReferral', RETURNED],
  },
  {
    guard: 'hwbbDeferred',
    target: 'deferred',
    actions: ['recordHwbbDecision', notify<Role>('hwbb-deferred', ['officer'])],
  },
];

export const bcfBoardSignOffV2Machine = derive<BoardV2Context, BoardV2Event, BoardInput>(v1, {
  context: (v1Context) => (args) => ({ ...v1Context(args), hwbbDecisions: [] }),
  guards: {
    hwbbConsensus: ({ event }: Args) => decided(event)?.outcome === 'consensus',
    hwbbReferredBack: ({ event }: Args) => decided(event)?.outcome === 'referredBack',
    hwbbDeferred: ({ event }: Args) => decided(event)?.outcome === 'deferred',
    /** A later meeting than the one that deferred the plan. */
    afterTheDeferral: ({ context, event }: Args) => {
      const last = context.hwbbDecisions[context.hwbbDecisions.length - 1];
      const e = decided(event);
      return e !== undefined && last !== undefined && e.meetingDate > last.meetingDate;
    },
  },
  actions: {
    recordHwbbDecision: assign(({ context, event }: Args) => {
      const e = decided(event)!;
      const decision = {
        meetingDate: e.meetingDate,
        minuteReference: e.minuteReference,
        outcome: e.outcome,
        round: context.round,
      };
      return {
        hwbbDecisions: [...context.hwbbDecisions, decision],
        approvals:
          e.outcome === 'consensus'
            ? { ...context.approvals, hwbb: { on: e.meetingDate, reference: e.minuteReference } }
            : context.approvals,
      };
    }),
    recordHwbbReferral: assign({
      lastRejection: ({ event }: Args) => {
        const e = decided(event)!;
        return {
          by: 'hwbb' as const,
          reasons: `referred back at its meeting of ${e.meetingDate}`,
        };
      },
    }),
  },
  replacedStates: {
    'preSubmission.approval.hwbb': {
      initial: 'awaiting',
      states: {
        awaiting: { on: { RECORD_HWBB_DECISION: DECISION, REMINDER_DUE: REMIND_OFFICER } },
        deferred: {
          on: {
            RECORD_HWBB_DECISION: DECISION.map((t) => ({
              ...t,
              guard: and(['afterTheDeferral', t.guard]),
            })),
            REMINDER_DUE: REMIND_OFFICER,
          },
        },
        approved: { type: 'final' },
      },
    },
  },
});
