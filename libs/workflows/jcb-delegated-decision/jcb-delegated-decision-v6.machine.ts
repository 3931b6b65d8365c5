import { and, assign } from 'xstate';
import { derive } from '../machine-differences.service';
import {
  jcbDelegatedDecisionV3Machine as v3,
  type JcbV3Context,
  type JcbV3Event,
} from './jcb-delegated-decision-v3.machine';
import type { JcbInput } from './jcb-delegated-decision.context';

/**
 * Version 6 of the JCB delegated decision: version 3's machine (which versions 4 and 5 run), with
 * the matter described for the forward plan before the notices, and the day the council published
 * the plan listing the case recorded in the case by the plan itself (libs/forward-plan), written
 * as its differences (machine-differences.service.ts). Pure: the notice rules reading the plan's
 * day are decided in the template layer (jcb-notices-v6.schema.ts).
 */

/** The matter as the forward plan and the record describe it (reg 9(2)). */
export interface JcbMatter {
  summary: string;
  keyDecision: boolean;
  keyDecisionReasons: string | null;
  documents: string[];
  exemptReasons: string | null;
  representations: string;
}

/** The first edition of the forward plan that listed the case: its day and its id. */
export interface ForwardPlanRecord {
  publishedOn: string;
  edition: string;
}

export interface JcbV6Context extends JcbV3Context {
  matter: JcbMatter | null;
  forwardPlan: ForwardPlanRecord | null;
}

export type JcbV6Event =
  | JcbV3Event
  | ({ type: 'DESCRIBE_MATTER' } & JcbMatter)
  | { type: 'FORWARD_PLAN_PUBLISHED'; publishedOn: string; edition: string };

type Args = { context: JcbV6Context; event: JcbV6Event };
type Of<T extends JcbV6Event['type']> = Extract<JcbV6Event, { type: T }>;

export const jcbDelegatedDecisionV6Machine = derive<JcbV6Context, JcbV6Event, JcbInput>(v3, {
  context: (v3Context) => (args) => ({ ...v3Context(args), matter: null, forwardPlan: null }),
  actions: {
    describeMatter: assign({
      matter: ({ event }: Args) => {
        const e = event as Of<'DESCRIBE_MATTER'>;
        return {
          summary: e.summary,
          keyDecision: e.keyDecision,
          keyDecisionReasons: e.keyDecisionReasons ?? null,
          documents: e.documents ?? [],
          exemptReasons: e.exemptReasons ?? null,
          representations: e.representations,
        };
      },
    }),
    recordForwardPlan: assign({
      forwardPlan: ({ event }: Args) => {
        const e = event as Of<'FORWARD_PLAN_PUBLISHED'>;
        return { publishedOn: e.publishedOn, edition: e.edition };
      },
    }),
  },
  guards: {
    matterDescribed: ({ context }: Args) => context.matter !== null,
    notYetInThePlan: ({ context }: Args) => context.forwardPlan === null,
  },
  addedTransitions: {
    // The plan listing the case was published: at the root, so that a publication never fails on
    // a case wherever it stands; the first edition's day stays (a later one never moves it).
    '': { FORWARD_PLAN_PUBLISHED: { guard: 'notYetInThePlan', actions: 'recordForwardPlan' } },
    // The matter is described (and may be described again) until the notices are recorded.
    'beforeMeeting.notices': { DESCRIBE_MATTER: { actions: 'describeMatter' } },
  },
  replacedTransitions: {
    // The notices are checked once the matter is described: the plan lists the matter.
    'beforeMeeting.notices': {
      RECORD_NOTICES: (before) =>
        before.map((t) => ({
          ...(t as object),
          guard: and(['matterDescribed', (t as { guard: string }).guard]),
        })),
    },
  },
});
