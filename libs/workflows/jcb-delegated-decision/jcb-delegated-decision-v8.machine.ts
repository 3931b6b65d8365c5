import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  jcbDelegatedDecisionV7Machine as v7,
  type Dispute,
  type DisputeConclusion,
  type JcbV7Context,
  type JcbV7Event,
} from './jcb-delegated-decision-v7.machine';
import type { JcbInput } from './jcb-delegated-decision.context';

/**
 * Version 8 of the JCB delegated decision: version 7's machine with the dispute answered from
 * emailed links and a difference between the Leader and the partner's chair kept in dispute (JCB
 * terms of reference 9.1, seed 002), written as its differences (machine-differences.service.ts):
 *
 * - The Leader of the Council and the partner's chair each give their conclusion from a one-time
 *   link (the template makes `dispute-referred` a request): back to the Board for further
 *   consideration, with a note (CONCLUDE_RETURN_TO_BOARD), or the matter does not move forward,
 *   with reasons (CONCLUDE_NOT_MOVE_FORWARD), dated the day they answer. Version 7's
 *   RECORD_LEADER_CONCLUSION and RECORD_PARTNER_CHAIR_CONCLUSION (API) still count.
 * - Both must agree: both back to the Board, it returns there; both that it does not move forward,
 *   it does not go ahead (final). They differ: no agreement is reached, so the matter does not
 *   move forward while it stays in dispute (no formal and binding external arbitration); their
 *   differing conclusions are kept in `disputeRounds` and both are asked again, by new links, after
 *   further discussion.
 *
 * Pure: the answers are dated by the engine in the template layer (jcb-delegated-decision-v8.template.ts).
 */

/** A round of the dispute in which the Leader and the partner's chair concluded differently. */
export interface DisputeRound {
  referredOn: string;
  leader: DisputeConclusion;
  partnerChair: DisputeConclusion;
}

export interface JcbV8Context extends JcbV7Context {
  disputeRounds: DisputeRound[];
}

type Chair = 'leader' | 'partnerChair';

export type JcbV8Event =
  | JcbV7Event
  | { type: 'CONCLUDE_RETURN_TO_BOARD'; role: Chair; on: string; comments: string }
  | { type: 'CONCLUDE_NOT_MOVE_FORWARD'; role: Chair; on: string; reasons: string };

type Args = { context: JcbV8Context; event: JcbV8Event };

const conclusions = (c: JcbV8Context) => [
  c.dispute?.leader ?? null,
  c.dispute?.partnerChair ?? null,
];

const fromLink = (event: JcbV8Event): DisputeConclusion =>
  event.type === 'CONCLUDE_RETURN_TO_BOARD'
    ? { discussedOn: event.on, returnToBoard: true, note: event.comments }
    : event.type === 'CONCLUDE_NOT_MOVE_FORWARD'
      ? { discussedOn: event.on, returnToBoard: false, note: event.reasons }
      : { discussedOn: '', returnToBoard: false, note: '' };

const CHAIRS: Chair[] = ['leader', 'partnerChair'];
const CONCLUDE = CHAIRS.map((role) => ({
  guard: { type: 'yetToConcludeFromLink', params: { role } },
  actions: { type: 'recordConclusionFromLink', params: { role } },
}));

export const jcbDelegatedDecisionV8Machine = derive<JcbV8Context, JcbV8Event, JcbInput>(v7, {
  context: (v7Context) => (args) => ({ ...v7Context(args), disputeRounds: [] }),
  guards: {
    yetToConcludeFromLink: ({ context, event }: Args, params: { role: Chair }) =>
      'role' in event &&
      event.role === params.role &&
      context.dispute !== null &&
      context.dispute[params.role] === null,
    bothChairsDoNotMoveForward: ({ context }: Args) =>
      conclusions(context).every((d) => d !== null && !d.returnToBoard),
    chairsDiffer: ({ context }: Args) =>
      conclusions(context).every((d) => d !== null) &&
      conclusions(context).some((d) => d?.returnToBoard) &&
      conclusions(context).some((d) => !d?.returnToBoard),
  },
  actions: {
    recordConclusionFromLink: assign({
      dispute: ({ context, event }: Args, params: { role: Chair }): Dispute => ({
        leader: context.dispute?.leader ?? null,
        partnerChair: context.dispute?.partnerChair ?? null,
        [params.role]: fromLink(event),
      }),
    }),
    /** A difference kept as a round of the dispute; both are asked again. */
    keepDifferingRound: assign(({ context }: Args) => ({
      disputeRounds: [
        ...context.disputeRounds,
        {
          referredOn: context.referredBack?.on ?? '',
          leader: context.dispute!.leader!,
          partnerChair: context.dispute!.partnerChair!,
        },
      ],
      dispute: { leader: null, partnerChair: null },
    })),
  },
  replacedStates: {
    'referredBack.inDispute': {
      always: [
        { guard: 'bothChairsReturnToBoard', target: '#jcb.returnedToBoard' },
        { guard: 'bothChairsDoNotMoveForward', target: '#jcb.notProceeding' },
        {
          guard: 'chairsDiffer',
          actions: [
            'keepDifferingRound',
            notify('dispute-conclusions-differ', ['leader', 'partnerChair', 'officer']),
          ],
        },
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
        CONCLUDE_RETURN_TO_BOARD: CONCLUDE,
        CONCLUDE_NOT_MOVE_FORWARD: CONCLUDE,
      },
    },
  },
});
