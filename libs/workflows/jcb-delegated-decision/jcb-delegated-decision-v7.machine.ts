import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  jcbDelegatedDecisionV6Machine as v6,
  type JcbV6Context,
  type JcbV6Event,
} from './jcb-delegated-decision-v6.machine';
import type { JcbInput } from './jcb-delegated-decision.context';

/**
 * Version 7 of the JCB delegated decision: version 6's machine with the referral back no longer a
 * dead end (JCB terms of reference 8.3 and 9.1, seed 002), written as its differences
 * (machine-differences.service.ts):
 *
 * - Referred back, the matter goes to each partner organisation: the council's Cabinet and the
 *   partner's governing body (the Integrated Care Board's board) each record whether it supports
 *   the decision proposed, in either order. Both support it: the matter returns to the Board for
 *   a later meeting. Neither: it does not go ahead (final). They differ: a dispute.
 * - A dispute is referred for discussion by the Leader of the Council and the Chair on behalf of
 *   the partner (ToR 9.1), each recording their conclusion: both to refer it back to the Board
 *   for further consideration, and it returns there; otherwise the matter does not move forward
 *   (no formal and binding external arbitration).
 * - Returned to the Board, the officer brings it back to a later meeting (RECONSIDER, as after a
 *   deferral); the referral is kept among the case's earlier referrals.
 *
 * Pure: the dates' order and the payloads are checked in the template layer and the engine's
 * recorded-dates check (jcb-delegated-decision.recorded-dates.ts).
 */

/** A partner organisation's own decision on the matter referred back. */
export interface ParentBodyDecision {
  decidedOn: string;
  supports: boolean;
  minuteReference: string;
  reasons: string | null;
}

/** The Leader's or the partner's chair's conclusion of their discussion of a dispute (ToR 9.1). */
export interface DisputeConclusion {
  discussedOn: string;
  returnToBoard: boolean;
  note: string;
}

export interface ParentBodies {
  cabinet: ParentBodyDecision | null;
  partnerBoard: ParentBodyDecision | null;
}

export interface Dispute {
  leader: DisputeConclusion | null;
  partnerChair: DisputeConclusion | null;
}

/** A referral back that returned to the Board, as it was when it did. */
export interface EarlierReferral {
  on: string;
  parentBodies: ParentBodies;
  dispute: Dispute | null;
}

export interface JcbV7Context extends JcbV6Context {
  parentBodies: ParentBodies;
  dispute: Dispute | null;
  referrals: EarlierReferral[];
}

type ParentPayload = {
  decidedOn: string;
  outcome: 'supports' | 'doesNotSupport';
  minuteReference: string;
  reasons?: string | null;
};
type ConclusionPayload = {
  discussedOn: string;
  conclusion: 'returnToBoard' | 'doesNotMoveForward';
  note: string;
};

export type JcbV7Event =
  | JcbV6Event
  | ({ type: 'RECORD_CABINET_DECISION' } & ParentPayload)
  | ({ type: 'RECORD_PARTNER_BOARD_DECISION' } & ParentPayload)
  | ({ type: 'RECORD_LEADER_CONCLUSION' } & ConclusionPayload)
  | ({ type: 'RECORD_PARTNER_CHAIR_CONCLUSION' } & ConclusionPayload);

type Args = { context: JcbV7Context; event: JcbV7Event };

const NO_PARENT_DECISIONS: ParentBodies = { cabinet: null, partnerBoard: null };

const parentDecision = (event: JcbV7Event): ParentBodyDecision => {
  const e = event as Extract<JcbV7Event, { type: 'RECORD_CABINET_DECISION' }>;
  return {
    decidedOn: e.decidedOn,
    supports: e.outcome === 'supports',
    minuteReference: e.minuteReference,
    reasons: e.reasons ?? null,
  };
};

const conclusion = (event: JcbV7Event): DisputeConclusion => {
  const e = event as Extract<JcbV7Event, { type: 'RECORD_LEADER_CONCLUSION' }>;
  return {
    discussedOn: e.discussedOn,
    returnToBoard: e.conclusion === 'returnToBoard',
    note: e.note,
  };
};

const decisions = (c: JcbV7Context) => [c.parentBodies.cabinet, c.parentBodies.partnerBoard];
const conclusions = (c: JcbV7Context) => [
  c.dispute?.leader ?? null,
  c.dispute?.partnerChair ?? null,
];

const TOLD = ['officer', 'decisionMaker'];

export const jcbDelegatedDecisionV7Machine = derive<JcbV7Context, JcbV7Event, JcbInput>(v6, {
  context: (v6Context) => (args) => ({
    ...v6Context(args),
    parentBodies: NO_PARENT_DECISIONS,
    dispute: null,
    referrals: [],
  }),
  guards: {
    cabinetYetToDecide: ({ context }: Args) => context.parentBodies.cabinet === null,
    partnerBoardYetToDecide: ({ context }: Args) => context.parentBodies.partnerBoard === null,
    bothParentBodiesSupport: ({ context }: Args) => decisions(context).every((d) => d?.supports),
    neitherParentBodySupports: ({ context }: Args) =>
      decisions(context).every((d) => d !== null && !d.supports),
    parentBodiesDiffer: ({ context }: Args) =>
      decisions(context).every((d) => d !== null) &&
      decisions(context).some((d) => d?.supports) &&
      decisions(context).some((d) => !d?.supports),
    leaderYetToConclude: ({ context }: Args) => context.dispute?.leader === null,
    partnerChairYetToConclude: ({ context }: Args) => context.dispute?.partnerChair === null,
    bothChairsReturnToBoard: ({ context }: Args) =>
      conclusions(context).every((d) => d?.returnToBoard),
    disputeNotResolved: ({ context }: Args) =>
      conclusions(context).every((d) => d !== null) &&
      conclusions(context).some((d) => !d?.returnToBoard),
    laterMeetingAfterReferral: ({ context, event }: Args) =>
      event.type === 'RECONSIDER' &&
      event.meetingDate > context.dates.meetingDate &&
      event.talkedOn <= event.meetingDate,
  },
  actions: {
    openReferral: assign({ parentBodies: NO_PARENT_DECISIONS, dispute: null }),
    recordCabinetDecision: assign({
      parentBodies: ({ context, event }: Args) => ({
        ...context.parentBodies,
        cabinet: parentDecision(event),
      }),
    }),
    recordPartnerBoardDecision: assign({
      parentBodies: ({ context, event }: Args) => ({
        ...context.parentBodies,
        partnerBoard: parentDecision(event),
      }),
    }),
    openDispute: assign({ dispute: { leader: null, partnerChair: null } }),
    recordLeaderConclusion: assign({
      dispute: ({ context, event }: Args) => ({
        partnerChair: context.dispute?.partnerChair ?? null,
        leader: conclusion(event),
      }),
    }),
    recordPartnerChairConclusion: assign({
      dispute: ({ context, event }: Args) => ({
        leader: context.dispute?.leader ?? null,
        partnerChair: conclusion(event),
      }),
    }),
    /** Back to a later meeting of the Board: the referral kept, the meeting's record cleared. */
    bringReferralBack: assign(({ context, event }: Args) => {
      const e = event as Extract<JcbV7Event, { type: 'RECONSIDER' }>;
      return {
        referrals: [
          ...context.referrals,
          {
            on: context.referredBack!.on,
            parentBodies: context.parentBodies,
            dispute: context.dispute,
          },
        ],
        referredBack: null,
        parentBodies: NO_PARENT_DECISIONS,
        dispute: null,
        showOfHands: null,
        meeting: null,
        dates: { ...context.dates, meetingDate: e.meetingDate },
        overdue: { ...context.overdue, meeting: false },
      };
    }),
  },
  replacedStates: {
    referredBack: {
      entry: ['openReferral', notify('item-referred-to-partners', TOLD)],
      initial: 'withPartners',
      states: {
        withPartners: {
          always: [
            { guard: 'bothParentBodiesSupport', target: '#jcb.returnedToBoard' },
            { guard: 'neitherParentBodySupports', target: '#jcb.notProceeding' },
            {
              guard: 'parentBodiesDiffer',
              target: 'inDispute',
              actions: [
                'openDispute',
                notify('dispute-referred', ['leader', 'partnerChair', 'officer']),
              ],
            },
          ],
          on: {
            RECORD_CABINET_DECISION: {
              guard: 'cabinetYetToDecide',
              actions: 'recordCabinetDecision',
            },
            RECORD_PARTNER_BOARD_DECISION: {
              guard: 'partnerBoardYetToDecide',
              actions: 'recordPartnerBoardDecision',
            },
          },
        },
        inDispute: {
          always: [
            { guard: 'bothChairsReturnToBoard', target: '#jcb.returnedToBoard' },
            { guard: 'disputeNotResolved', target: '#jcb.notProceeding' },
          ],
          on: {
            RECORD_LEADER_CONCLUSION: {
              guard: 'leaderYetToConclude',
              actions: 'recordLeaderConclusion',
            },
            RECORD_PARTNER_CHAIR_CONCLUSION: {
              guard: 'partnerChairYetToConclude',
              actions: 'recordPartnerChairConclusion',
            },
          },
        },
      },
    },
  },
  addedStates: {
    returnedToBoard: {
      entry: notify('item-returned-to-board', TOLD),
      on: {
        RECONSIDER: {
          guard: 'laterMeetingAfterReferral',
          target: 'beforeMeeting.meeting',
          actions: 'bringReferralBack',
        },
      },
    },
    notProceeding: {
      type: 'final',
      entry: notify('item-not-proceeding', [...TOLD, 'properOfficer']),
    },
  },
});
