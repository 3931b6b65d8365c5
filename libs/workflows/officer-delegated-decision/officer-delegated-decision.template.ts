import { z } from 'zod';
import { callInPeriod } from '../../governance/call-in.service';
import {
  generalExceptionSchema,
  keyDecisionNotice,
  urgencyAgreementSchema,
} from '../../governance/notices.service';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { councilRules } from '../council-context.service';
import { WRITTEN_BY_THE_TEMPLATE, type WorkflowTemplate } from '../workflow.template';
import { officerDecisionNotice } from './officer-decision-notice.service';
import { officerDelegatedDecisionEmails } from './officer-delegated-decision.emails';
import {
  officerDelegatedDecisionMachine,
  type OfficerDecisionContext,
} from './officer-delegated-decision.machine';

/**
 * An officer's decision under delegation (reg 13 of the 2012 Regulations), version 1. A refusal by
 * a rule is a validation issue whose message starts with the rule's code, which the engine answers
 * as 422 GOVERNANCE_RULE_BROKEN with the rule's lines (as the JCB template's refusals are).
 */

export const OFFICER_DECISION_SCOPE = 'officer-delegated-decision';

const isoDate = calendarDate('use a calendar date such as 2025-09-01');
const text = (what: string, max = 4000) =>
  z.string().trim().min(1, `give the ${what}`).max(max, `keep the ${what} under ${max} characters`);
const list = (what: string) => z.array(text(what, 500)).max(50, `list at most 50 ${what}s`);

const refused = (ctx: z.RefinementCtx, code: string, explanation: string[], path: string[] = []) =>
  ctx.addIssue({
    code: 'custom',
    message: `${code}: ${explanation.map((l) => l.trim()).join('; ')}`,
    path,
  });

const caseContext = () => councilRules().caseContext as OfficerDecisionContext | undefined;

const matterPayload = z
  .object({
    summary: text('matter to be decided'),
    keyDecision: z.boolean({ message: 'say whether it is a key decision' }),
    keyDecisionReasons: text('reasons it is a key decision', 1000).nullable().default(null),
    documents: list('document').default([]),
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

const consultationPayload = z
  .object({
    name: text('name of the person consulted', 200),
    actingAs: text('office of the person consulted', 200),
    consultedOn: isoDate,
    views: text('views they gave'),
    conflict: text('conflict of interest declared', 1000).nullable().default(null),
    dispensation: z
      .object({
        grantedBy: text('person who granted the dispensation', 200),
        grantedOn: isoDate,
        reference: text('reference of the dispensation', 200),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.dispensation && !p.conflict)
      ctx.addIssue({
        code: 'custom',
        message:
          'a dispensation is recorded only for a conflict of interest declared: give the conflict',
        path: ['conflict'],
      });
  });

/** The key-decision rule on the day the decision is taken, from the forward plan the council published. */
function keyDecisionVerdict(
  p: { decidedOn: string; generalException?: unknown; specialUrgency?: unknown },
  c: OfficerDecisionContext | undefined,
) {
  return keyDecisionNotice(
    {
      itemTitle: c?.matter?.summary ?? 'the matter',
      meetingOn: p.decidedOn,
      keyDecision: c?.matter?.keyDecision ?? false,
      // The day the plan listing the case was published, recorded in the case by the plan itself.
      forwardPlanPublishedOn: c?.forwardPlan?.publishedOn ?? null,
      generalException: (p.generalException as never) ?? null,
      specialUrgency: (p.specialUrgency as never) ?? null,
      reportPublishedOn: null,
      lateItemSpecialCircumstances: null,
      privateItem: null,
    },
    councilRules().calendar,
  );
}

const decisionPayload = z
  .object({
    decision: text('decision'),
    decidedOn: isoDate,
    reasons: text('reasons for the decision'),
    alternativesRejected: list('alternative considered and rejected').default([]),
    backgroundPapers: list('background paper').default([]),
    generalException: generalExceptionSchema.optional(),
    specialUrgency: urgencyAgreementSchema.optional(),
    keyDecisionCheck: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
  })
  .strict()
  .superRefine((p, ctx) => {
    const v = keyDecisionVerdict(p, caseContext());
    if (!v.met) refused(ctx, v.code, v.explanation, ['decidedOn']);
  })
  .overwrite((p) => ({ ...p, keyDecisionCheck: keyDecisionVerdict(p, caseContext()).explanation }));

/** Whether the decision is subject to call-in: a key decision, unless the council's settings say officers' are not. */
function callInOf(publishedOn: string, c: OfficerDecisionContext | undefined) {
  const rules = councilRules();
  if (!c?.matter?.keyDecision)
    return { callIn: null, callInExplanation: ['not a key decision: not subject to call-in'] };
  if (rules.raw.callIn.officerKeyDecisions === false)
    return {
      callIn: null,
      callInExplanation: [
        'a key decision taken by an officer: not subject to call-in under the council’s settings',
      ],
    };
  const period = callInPeriod(publishedOn, rules.calendar, rules.raw.callIn);
  return { callIn: period, callInExplanation: period.explanation };
}

const publicationPayload = z
  .object({
    publishedOn: isoDate,
    callIn: z.unknown().optional().describe(WRITTEN_BY_THE_TEMPLATE),
    callInExplanation: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
  })
  .strict()
  .overwrite((p) => ({ ...p, ...callInOf(p.publishedOn, caseContext()) }));

/** The call-in's dates are checked by the engine around the machine (recorded-dates.declarations.ts). */
const callInPayload = z
  .object({ calledInOn: isoDate, reasons: text('reasons for the call-in') })
  .strict();

export const officerDelegatedDecisionV1: WorkflowTemplate = {
  usesCouncilSettings: true,
  id: 'officer-delegated-decision',
  version: 1,
  title: 'Officer decision under delegation',
  machine: officerDelegatedDecisionMachine,
  roles: {
    decisionMaker: {
      label: 'Officer holding the delegation (decision maker)',
      binding: 'delegation',
      delegationScope: OFFICER_DECISION_SCOPE,
    },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    decisionDue: 'The day the decision is expected to be taken (the forward plan gives it)',
  },
  dates: (today) =>
    z
      .object({
        decisionDue: isoDate.refine((d) => d >= today, 'the decision must not be due in the past'),
      })
      .strict(),
  events: {
    DESCRIBE_MATTER: {
      sendableBy: ['officer'],
      payload: matterPayload,
      description:
        'Describe the matter for the forward plan and the record: whether it is a key decision and why, the documents, any exempt information and why, how to make representations.',
    },
    FORWARD_PLAN_PUBLISHED: {
      sendableBy: ['system'],
      payload: z.object({ publishedOn: isoDate, edition: z.string().uuid() }).strict(),
      description:
        'The forward plan listing the case was published (sent when the plan is published): the key decision’s 28 clear days count from this day.',
    },
    RECORD_CONSULTATION: {
      sendableBy: ['officer'],
      payload: consultationPayload,
      description:
        'Record a consultation before the decision (e.g. with the Cabinet member), with any conflict of interest they declared and the dispensation granted.',
    },
    RECORD_DECISION: {
      sendableBy: ['decisionMaker'],
      payload: decisionPayload,
      description:
        'Record the decision under delegation: the decision, its date, reasons, alternatives rejected, background papers; a key decision is refused before 28 clear days from the forward plan, unless by the general exception or special urgency.',
    },
    RECORD_PUBLICATION: {
      sendableBy: ['officer'],
      payload: publicationPayload,
      description:
        'Record that the decision was published to the register; a key decision is then subject to call-in if the council’s settings say so.',
    },
    CALL_IN: {
      sendableBy: ['officer'],
      payload: callInPayload,
      description: 'Record that the decision was called in by scrutiny, within the call-in period.',
    },
    RECORD_CALL_IN_OUTCOME: {
      sendableBy: ['officer'],
      payload: z
        .object({
          recordedOn: isoDate,
          result: z.enum(['decisionConfirmed', 'referredBackToDecisionMaker'], {
            message: 'the result is decisionConfirmed or referredBackToDecisionMaker',
          }),
        })
        .strict(),
      description:
        'Record the outcome of the call-in: the decision confirmed, or referred back to the decision maker to decide again.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['callIn']) }).strict(),
      description: 'The call-in period ended (sent by the worker).',
    },
  },
  requestMessages: [],
  linkResponses: {},
  emails: officerDelegatedDecisionEmails,
  deadlineFor(message, context) {
    const c = context as OfficerDecisionContext;
    return message === 'decision-published'
      ? (c.publication?.callIn?.implementableFrom ?? null)
      : null;
  },
  decisionNotice: officerDecisionNotice,
  exemptInformation: (context) => {
    const reasons = (context as OfficerDecisionContext).matter?.exemptReasons ?? null;
    return reasons ? { reasons } : null;
  },
  keyDecisions: {
    decisionMakerRole: 'decisionMaker',
    publishedEvent: 'FORWARD_PLAN_PUBLISHED',
    particulars(context) {
      const c = context as OfficerDecisionContext;
      if (!c.matter?.keyDecision || c.decision) return null;
      return {
        matter: c.matter.summary,
        expected: { on: c.dates.decisionDue },
        documents: c.matter.documents,
        exemptReasons: c.matter.exemptReasons,
        representations: c.matter.representations,
      };
    },
  },
  describe(value, context) {
    const c = context as OfficerDecisionContext;
    const key = c.matter?.keyDecision ? 'key decision' : 'decision';
    switch (value) {
      case 'describing':
        return {
          summary: 'Awaiting the officer’s description of the matter',
          awaiting: ['officer'],
        };
      case 'awaitingDecision': {
        const plan =
          c.matter?.keyDecision && !c.forwardPlan
            ? ': not yet in a published forward plan'
            : c.forwardPlan
              ? `: in the forward plan published ${c.forwardPlan.publishedOn}`
              : '';
        return {
          summary: `${c.earlierDecisions.length ? 'Referred back: a' : 'A'}waiting the ${key} under delegation${plan}`,
          awaiting: ['decisionMaker'],
        };
      }
      case 'awaitingPublication':
        return {
          summary: `Decided on ${c.decision?.decidedOn}: awaiting publication to the register`,
          awaiting: ['officer'],
        };
      case 'callInPeriod':
        return {
          summary: `Published: subject to call-in until ${c.publication?.callIn?.endsOn}`,
          awaiting: [],
        };
      case 'calledIn':
        return { summary: 'Called in: awaiting the outcome of scrutiny', awaiting: ['officer'] };
      default:
        return {
          summary: `Implementable from ${c.implementableOn}`,
          awaiting: [],
        };
    }
  },
};
