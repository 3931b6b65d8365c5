import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  grantRatificationMachine as v1,
  type Decision,
  type GrantContext,
  type GrantDates,
  type GrantEvent,
  type GrantInput,
  type Role,
} from './grant-ratification.machine';

/**
 * Version 2 of grant ratification: version 1 (grant-ratification.machine.ts, unchanged while cases
 * run on it) written as its differences (machine-differences.service.ts).
 *
 * - Cabinet recommends, Full Council decides (seed 002, item 9, para 3: "Subject to Cabinet
 *   approval, Full Council will consider a recommendation"). Version 1's RECORD_CABINET_DECISION
 *   (approved or not) is gone: RECORD_CABINET_RECOMMENDATION records the recommendation Cabinet
 *   puts to Full Council, in its words, or that Cabinet made none (the case closes, as Council has
 *   nothing to consider). The officer is told to put the recommendation on Council's agenda.
 * - Full Council decides on that recommendation: approved (the HWBB then ratifies, as in version
 *   1), not approved (closed), or referred back to Cabinet for reconsideration
 *   (`referredBackToCabinet`, with the next Cabinet and Council meetings and the HWBB meeting
 *   that ratifies after them): the case returns to Cabinet, the three dates are armed afresh, and
 *   Cabinet's next recommendation goes to Council again. Version 1 could only close on a referral
 *   back.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

/** Cabinet's recommendation to Full Council, as its meeting recorded it. */
export interface Recommendation extends Decision {
  /** What Cabinet recommends Full Council to resolve; null when it made no recommendation. */
  recommendation: string | null;
}

export type OutcomeV2 =
  | Exclude<GrantContext['outcome'], 'notApprovedByCabinet' | null>
  | 'notRecommendedByCabinet'
  | null;

export interface GrantV2Context extends Omit<GrantContext, 'cabinet' | 'outcome'> {
  cabinet: Recommendation | null;
  outcome: OutcomeV2;
  /** Full Council's latest referral back to Cabinet (each is in the case's events). */
  referral: Decision | null;
}

interface Recorded {
  meetingDate: string;
  minuteReference: string;
  reasons?: string;
}

export type GrantV2Event =
  | Exclude<GrantEvent, { type: 'RECORD_CABINET_DECISION' } | { type: 'RECORD_COUNCIL_DECISION' }>
  | ({
      type: 'RECORD_CABINET_RECOMMENDATION';
      decision: 'recommended' | 'notRecommended';
      recommendation?: string;
    } & Recorded)
  | ({
      type: 'RECORD_COUNCIL_DECISION';
      decision: 'approved' | 'notApproved' | 'referredBackToCabinet';
      /** With a referral back: the meetings that consider the matter again. */
      cabinetMeetingDate?: string;
      councilMeetingDate?: string;
      ratificationDeadline?: string;
    } & Recorded);

export type { GrantInput, Role };

type Args = { context: GrantV2Context; event: GrantV2Event };
type Recommended = Extract<GrantV2Event, { type: 'RECORD_CABINET_RECOMMENDATION' }>;
type CouncilDecided = Extract<GrantV2Event, { type: 'RECORD_COUNCIL_DECISION' }>;

const recommended = (e: GrantV2Event): Recommended | undefined =>
  e.type === 'RECORD_CABINET_RECOMMENDATION' ? e : undefined;
const councilDecided = (e: GrantV2Event): CouncilDecided | undefined =>
  e.type === 'RECORD_COUNCIL_DECISION' ? e : undefined;

const decisionOf = (e: Recorded): Decision => ({
  meetingDate: e.meetingDate,
  minuteReference: e.minuteReference,
  reasons: e.reasons ?? null,
});

/** Version 1's Cabinet step without its decision: its reminders and escalations, the very same. */
const v1Open = (v1.config.states as Record<string, { states: Record<string, { on: object }> }>).open
  .states;
const { RECORD_CABINET_DECISION: _approved, ...CABINET_TIMERS } = v1Open.cabinet.on as Record<
  string,
  unknown
>;

const arm = (key: 'cabinet' | 'council' | 'ratification', field: keyof GrantDates) => ({
  type: 'armDeadline' as const,
  params: ({ context }: { context: GrantV2Context }) => ({
    key,
    date: context.dates[field],
    remindWorkingDaysBefore: [5],
  }),
});

export const grantRatificationV2Machine = derive<GrantV2Context, GrantV2Event, GrantInput>(v1, {
  context: (v1Context) => (args) => ({ ...v1Context(args), referral: null }),
  guards: {
    cabinetRecommends: ({ event }: Args) => recommended(event)?.decision === 'recommended',
    councilRefersBack: ({ event }: Args) =>
      councilDecided(event)?.decision === 'referredBackToCabinet',
  },
  actions: {
    recordCabinetRecommendation: assign(({ event }: Args) => {
      const e = recommended(event)!;
      return {
        cabinet: {
          ...decisionOf(e),
          recommendation: e.decision === 'recommended' ? (e.recommendation ?? null) : null,
        },
        outcome: e.decision === 'recommended' ? null : ('notRecommendedByCabinet' as const),
      };
    }),
    recordCouncilReferral: assign(({ context, event }: Args) => {
      const e = councilDecided(event)!;
      return {
        referral: decisionOf(e),
        dates: {
          ...context.dates,
          cabinetMeetingDate: e.cabinetMeetingDate ?? context.dates.cabinetMeetingDate,
          councilMeetingDate: e.councilMeetingDate ?? context.dates.councilMeetingDate,
          ratificationDeadline: e.ratificationDeadline ?? context.dates.ratificationDeadline,
        },
        overdue: { cabinet: false, council: false, ratification: false },
      };
    }),
  },
  replacedStates: {
    'open.cabinet': {
      on: {
        ...CABINET_TIMERS,
        RECORD_CABINET_RECOMMENDATION: [
          {
            guard: 'cabinetRecommends',
            target: 'fullCouncil',
            actions: [
              'recordCabinetRecommendation',
              { type: 'cancelDeadline', params: { key: 'cabinet' } },
              notify<Role>('recommended-to-council', ['officer']),
            ],
          },
          { target: '#grant.closed', actions: 'recordCabinetRecommendation' },
        ],
      },
    },
  },
  replacedTransitions: {
    'open.fullCouncil': {
      RECORD_COUNCIL_DECISION: (before: unknown[]) => [
        {
          guard: 'councilRefersBack',
          target: 'cabinet',
          actions: [
            'recordCouncilReferral',
            { type: 'cancelDeadline', params: { key: 'council' } },
            { type: 'cancelDeadline', params: { key: 'ratification' } },
            arm('cabinet', 'cabinetMeetingDate'),
            arm('council', 'councilMeetingDate'),
            arm('ratification', 'ratificationDeadline'),
            notify<Role>('referred-back-to-cabinet', ['officer', 'reportOwner']),
          ],
        },
        ...before,
      ],
    },
  },
});
