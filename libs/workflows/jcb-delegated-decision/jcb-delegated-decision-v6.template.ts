import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV5 } from './jcb-delegated-decision-v5.template';
import {
  jcbDelegatedDecisionV6Machine,
  type JcbV6Context,
} from './jcb-delegated-decision-v6.machine';
import { noticesPayloadV6 } from './jcb-notices-v6.schema';
import { isoDate } from './jcb-payload-parts.schema';

/**
 * Version 6 of the JCB delegated decision: version 5 (the Board's rules from the directory) whose
 * engine knows the forward plan's day from the plan the council published (ADR 0018) instead of
 * being told it. The officer describes the matter for the forward plan before the notices
 * (DESCRIBE_MATTER: reg 9(2)'s particulars); the case appears in the plan generated from open
 * cases (`keyDecisions`), and publishing the plan tells the case the day (FORWARD_PLAN_PUBLISHED,
 * sent by the system). RECORD_NOTICES then takes that day and the edition from the case and writes
 * them into its payload; a typed day that disagrees is refused FORWARD_PLAN_DATE_NOT_AS_PUBLISHED.
 */

const v5 = jcbDelegatedDecisionV5;

const text = (what: string, max: number) =>
  z.string().trim().min(1, `give the ${what}`).max(max, `keep the ${what} under ${max} characters`);

const matterPayload = z
  .object({
    summary: text('matter to be decided', 4000),
    keyDecision: z.boolean({ message: 'say whether it is a key decision' }),
    keyDecisionReasons: text('reasons it is a key decision', 1000).nullable().default(null),
    documents: z.array(text('document', 500)).max(50, 'list at most 50 documents').default([]),
    exemptReasons: text('reasons the information is exempt', 1000).nullable().default(null),
    representations: text('way to ask for documents and make representations', 1000),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.keyDecision && !p.keyDecisionReasons)
      ctx.addIssue({
        code: 'custom',
        message:
          'give the reasons it is a key decision (significant spending or savings, or its effect on communities)',
        path: ['keyDecisionReasons'],
      });
  });

/** Where the case stands against the forward plan, in words. */
function planWords(c: JcbV6Context): string {
  if (!c.matter?.keyDecision) return '';
  return c.forwardPlan
    ? `; in the forward plan published ${c.forwardPlan.publishedOn}`
    : '; not yet in a published forward plan';
}

export const jcbDelegatedDecisionV6: WorkflowTemplate = {
  ...v5,
  version: 6,
  machine: jcbDelegatedDecisionV6Machine,
  events: {
    DESCRIBE_MATTER: {
      sendableBy: ['officer'],
      payload: matterPayload,
      description:
        'Describe the matter for the forward plan before the notices: whether it is a key decision and why, the documents, any exempt information and why, how to make representations.',
    },
    FORWARD_PLAN_PUBLISHED: {
      sendableBy: ['system'],
      payload: z.object({ publishedOn: isoDate, edition: z.string().uuid() }).strict(),
      description:
        'The forward plan listing the case was published (sent when the plan is published): the key decision’s 28 clear days count from this day.',
    },
    ...v5.events,
    RECORD_NOTICES: {
      ...v5.events.RECORD_NOTICES,
      payload: noticesPayloadV6,
      description:
        'Record the report publication date (and any Part 2 notice and reasons); the forward plan’s date and edition are taken from the plan the council published, and whether it is a key decision from the matter described; refused when the meeting date breaks a notice rule, or a typed forward plan date is not the published one.',
    },
  },
  keyDecisions: {
    decisionMakerRole: 'decisionMaker',
    publishedEvent: 'FORWARD_PLAN_PUBLISHED',
    particulars(context) {
      const c = context as JcbV6Context;
      if (!c.matter?.keyDecision || c.decision || c.referredBack) return null;
      return {
        matter: c.matter.summary,
        expected: { on: c.notices?.meetingDate ?? c.dates.meetingDate },
        documents: c.matter.documents,
        exemptReasons: c.matter.exemptReasons,
        representations: c.matter.representations,
      };
    },
  },
  describe(value, context) {
    const c = context as JcbV6Context;
    const v = value as Record<string, unknown>;
    if (v?.beforeMeeting === 'notices' && !c.matter)
      return {
        summary: `Awaiting the officer’s description of the matter for the forward plan (meeting on ${c.dates.meetingDate})`,
        awaiting: ['officer'],
      };
    const d = v5.describe(value, context);
    return v?.beforeMeeting === undefined ? d : { ...d, summary: `${d.summary}${planWords(c)}` };
  },
};
