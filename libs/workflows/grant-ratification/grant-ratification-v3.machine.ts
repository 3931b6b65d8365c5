import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import {
  grantRatificationV2Machine as v2,
  type GrantV2Context,
  type GrantV2Event,
} from './grant-ratification-v2.machine';
import type { GrantInput } from './grant-ratification.machine';

/**
 * Version 3 of grant ratification: version 2 (grant-ratification-v2.machine.ts, unchanged while
 * cases run on it) written as its differences (machine-differences.service.ts).
 *
 * Cabinet's recommendation and Full Council's decision are resolutions of their meetings, never
 * typed: each comes from the show of hands on the agenda item linked to the case, as the body's
 * own rule counted it (a simple majority: carried or lost, a tie decided by the casting vote of the person presiding), sent by the meetings API
 * (grant-ratification-v3.template.ts, meetingEvents) with the counts.
 *
 * - The officer records the recommendation the report puts to Cabinet
 *   (RECORD_PROPOSED_RECOMMENDATION); Cabinet's motion carried recommends it to Full Council, lost
 *   makes none (the case closes, as in version 2).
 * - The officer records the motion put to Full Council (RECORD_COUNCIL_MOTION): to approve
 *   Cabinet's recommendation (the default), or to refer it back to Cabinet with the next Cabinet,
 *   Council and HWBB meetings. Carried or lost, the vote decides the motion: approval carried
 *   approves (the HWBB ratifies), lost refuses (closed); referral carried refers back (as version
 *   2), lost leaves the recommendation before Council (`referralLost`), its motion spent.
 * - Each vote is kept with its counts (`votes`).
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export interface CouncilMotion {
  motion: 'approve' | 'referBackToCabinet';
  cabinetMeetingDate?: string;
  councilMeetingDate?: string;
  ratificationDeadline?: string;
}

export interface MeetingVote {
  body: 'cabinet' | 'council';
  meetingDate: string;
  /** What the motion was: Cabinet's recommendation, or the motion put to Council. */
  motion: 'recommend' | CouncilMotion['motion'];
  carried: boolean;
  for: number;
  against: number;
  abstain: number;
}

export interface GrantV3Context extends GrantV2Context {
  /** The recommendation the report puts to Cabinet; null before the officer records it. */
  proposedRecommendation: string | null;
  /** The motion put to Full Council; null: to approve Cabinet's recommendation. */
  councilMotion: CouncilMotion | null;
  votes: MeetingVote[];
}

type Vote = { for: number; against: number; abstain: number };

export type GrantV3Event =
  | Exclude<
      GrantV2Event,
      { type: 'RECORD_CABINET_RECOMMENDATION' } | { type: 'RECORD_COUNCIL_DECISION' }
    >
  | (Extract<GrantV2Event, { type: 'RECORD_CABINET_RECOMMENDATION' }> & {
      vote: Vote;
      fromMeeting?: true;
    })
  | (Omit<Extract<GrantV2Event, { type: 'RECORD_COUNCIL_DECISION' }>, 'decision'> & {
      decision: 'approved' | 'notApproved' | 'referredBackToCabinet' | 'referralLost';
      vote: Vote;
      fromMeeting?: true;
    })
  | { type: 'RECORD_PROPOSED_RECOMMENDATION'; recommendation: string }
  | ({ type: 'RECORD_COUNCIL_MOTION' } & CouncilMotion);

type Args = { context: GrantV3Context; event: GrantV3Event };

const asList = (a: unknown): unknown[] => (a === undefined ? [] : Array.isArray(a) ? a : [a]);

/** Each of the previous version's branches, with the vote recorded first. */
const withVote = (before: unknown[]) =>
  (before as { actions?: unknown }[]).map((t) => ({
    ...t,
    actions: ['recordMeetingVote', ...asList(t.actions)],
  }));

export const grantRatificationV3Machine = derive<GrantV3Context, GrantV3Event, GrantInput>(v2, {
  context: (v2Context) => (args) => ({
    ...v2Context(args),
    proposedRecommendation: null,
    councilMotion: null,
    votes: [],
  }),
  guards: {
    councilReferralLost: ({ event }: Args) =>
      event.type === 'RECORD_COUNCIL_DECISION' && event.decision === 'referralLost',
  },
  actions: {
    recordProposedRecommendation: assign({
      proposedRecommendation: ({ context, event }: Args) =>
        event.type === 'RECORD_PROPOSED_RECOMMENDATION'
          ? event.recommendation
          : context.proposedRecommendation,
    }),
    recordCouncilMotion: assign({
      councilMotion: ({ context, event }: Args) => {
        if (event.type !== 'RECORD_COUNCIL_MOTION') return context.councilMotion;
        const { type: _type, ...motion } = event;
        return motion;
      },
    }),
    recordMeetingVote: assign(({ context, event }: Args) => {
      if (event.type === 'RECORD_CABINET_RECOMMENDATION')
        return {
          votes: [
            ...context.votes,
            {
              body: 'cabinet' as const,
              meetingDate: event.meetingDate,
              motion: 'recommend' as const,
              carried: event.decision === 'recommended',
              ...event.vote,
            },
          ],
        };
      if (event.type === 'RECORD_COUNCIL_DECISION') {
        // The decision says which motion it answered and whether it was carried.
        const motion =
          event.decision === 'approved' || event.decision === 'notApproved'
            ? ('approve' as const)
            : ('referBackToCabinet' as const);
        const carried = event.decision === 'approved' || event.decision === 'referredBackToCabinet';
        return {
          votes: [
            ...context.votes,
            {
              body: 'council' as const,
              meetingDate: event.meetingDate,
              motion,
              carried,
              ...event.vote,
            },
          ],
          councilMotion: null,
        };
      }
      return {};
    }),
  },
  replacedTransitions: {
    'open.cabinet': { RECORD_CABINET_RECOMMENDATION: withVote },
    'open.fullCouncil': {
      RECORD_COUNCIL_DECISION: (before: unknown[]) => [
        { guard: 'councilReferralLost', actions: 'recordMeetingVote' },
        ...withVote(before),
      ],
    },
  },
  addedTransitions: {
    'open.cabinet': {
      RECORD_PROPOSED_RECOMMENDATION: { actions: 'recordProposedRecommendation' },
    },
    'open.fullCouncil': { RECORD_COUNCIL_MOTION: { actions: 'recordCouncilMotion' } },
  },
});
