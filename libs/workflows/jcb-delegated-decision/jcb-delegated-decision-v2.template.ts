import { z } from 'zod';
import { roleHoldersIn, type CaseDirectory } from '../../directory/directory.repository';
import { checkUrgencyExemption, implementableFrom } from '../../governance/call-in.service';
import { councilRules } from '../council-context.service';
import type { WorkflowTemplate } from '../workflow.template';
import {
  jcbDelegatedDecisionV2Machine,
  type JcbV2Context,
  type UrgencyExemptionRecord,
} from './jcb-delegated-decision-v2.machine';
import { jcbDelegatedDecisionV1 } from './jcb-delegated-decision.template';
import { isoDate, JCB_ITEM_ID, refused } from './jcb-payload-parts.schema';
import { jcbMeetingEvents } from './jcb-meeting-events.service';

/**
 * Version 2 of the JCB delegated decision: version 1's rules and payloads, plus the urgency
 * exemption from call-in (call-in.service: checkUrgencyExemption, implementableFrom). Who may
 * exempt is the case's `urgencyApprover` role, bound to an office when the case opens like the
 * other roles; the engine lets only that office's holder send EXEMPT_FROM_CALL_IN (403 otherwise).
 * A refusal is a validation issue whose message starts with the rule's code, as in version 1.
 */

const v1 = jcbDelegatedDecisionV1;

/** The case's context while one of its events is validated (undefined outside a case). */
const caseContext = () => councilRules().caseContext as JcbV2Context | undefined;

/** The holder of the urgency approver role, from the case's directory. */
function urgencyApprover(dir: CaseDirectory): UrgencyExemptionRecord['approver'] | null {
  const b = dir.roles.urgencyApprover;
  if (b?.kind !== 'office') return null;
  const office = dir.offices.find((o) => o.id === b.officeId);
  const person = dir.people.find((p) => p.id === office?.holderPersonId);
  return office && person
    ? { personId: person.id, name: person.name, actingAs: office.title }
    : null;
}

type ExemptionPayload = { agreedOn: string; reason: string };

function exemptionCheck(p: ExemptionPayload) {
  const dir = councilRules().directory;
  const approver = dir ? urgencyApprover(dir) : null;
  const c = caseContext();
  const check = checkUrgencyExemption(
    {
      approverPersonId: approver?.personId ?? '',
      approverName: approver?.name ?? 'the urgency approver',
      reason: p.reason,
      agreedOn: p.agreedOn,
    },
    {
      keyDecision: c?.notices?.keyDecision ?? true,
      publishedOn: c?.publication?.publishedOn ?? null,
      askedAfterPublication: !!c?.publication,
      // Outside a case there is no directory to say who holds the role: the engine checks it.
      authorisedUrgencyApproverIds: dir ? (approver ? [approver.personId] : []) : [''],
      decisionMakerPersonIds: dir
        ? [roleHoldersIn(dir, undefined).decisionMaker?.person?.id].filter((x): x is string => !!x)
        : [],
      today: councilRules().today,
      proposalNoticeOn: c?.notices?.forwardPlanPublishedOn ?? null,
    },
  );
  return { check, approver };
}

const exemptionPayload = z
  .object({
    agreedOn: isoDate,
    reason: z.string().max(4000, 'keep the reason under 4000 characters').default(''),
    /** Written by the template: the role's holder, and the rule's lines. */
    approver: z
      .object({ personId: z.string(), name: z.string(), actingAs: z.string() })
      .nullable()
      .optional(),
    explanation: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const { check } = exemptionCheck(p);
    if (!check.ok)
      refused(
        ctx,
        check.code,
        check.explanation,
        check.code === 'URGENCY_REASON_MISSING' ? ['reason'] : [],
      );
  })
  .overwrite((p) => {
    const { check, approver } = exemptionCheck(p);
    return {
      ...p,
      reason: p.reason.trim(),
      approver,
      explanation: check.ok ? check.explanation : [],
    };
  });

/** An exempt decision cannot be called in (call-in.service: CALL_IN_OF_EXEMPT_DECISION). */
const callInPayload = v1.events.CALL_IN.payload.superRefine((p, ctx) => {
  const c = caseContext();
  const u = c?.urgencyExemption;
  if (!u) return;
  const rules = councilRules();
  const calledInOn = String(p.calledInOn);
  const r = implementableFrom(
    {
      keyDecision: true,
      publishedOn: c.publication?.publishedOn ?? u.agreedOn,
      callIn: { calledInOn, outcome: null },
      urgencyExemption: {
        approverPersonId: u.approver.personId,
        approverName: u.approver.name,
        reason: u.reason,
        agreedOn: u.agreedOn,
      },
      authorisedUrgencyApproverIds: [u.approver.personId],
    },
    calledInOn,
    rules.calendar,
    rules.raw.callIn,
  );
  if (!r.ok) refused(ctx, r.code, [...r.explanation, ...u.explanation]);
});

/**
 * Publication as in version 1 (the call-in period computed); for a decision exempted as urgent,
 * implementable on publication, with the rule's explanation, and only if the urgency came first.
 */
const publicationPayload = v1.events.RECORD_PUBLICATION.payload
  .superRefine((p, ctx) => {
    const u = caseContext()?.urgencyExemption;
    if (!u) return;
    const check = checkUrgencyExemption(
      {
        approverPersonId: u.approver.personId,
        approverName: u.approver.name,
        reason: u.reason,
        agreedOn: u.agreedOn,
      },
      {
        keyDecision: true,
        publishedOn: String(p.publishedOn),
        authorisedUrgencyApproverIds: [u.approver.personId],
      },
    );
    if (!check.ok) refused(ctx, check.code, check.explanation, ['publishedOn']);
  })
  .overwrite((p) => {
    const c = caseContext();
    const u = c?.urgencyExemption;
    if (!u || c.notices?.keyDecision !== true) return p;
    const publishedOn = String(p.publishedOn);
    const rules = councilRules();
    const r = implementableFrom(
      {
        keyDecision: true,
        publishedOn,
        callIn: null,
        urgencyExemption: {
          approverPersonId: u.approver.personId,
          approverName: u.approver.name,
          reason: u.reason,
          agreedOn: u.agreedOn,
        },
        authorisedUrgencyApproverIds: [u.approver.personId],
      },
      publishedOn,
      rules.calendar,
      rules.raw.callIn,
    );
    if (!r.ok || r.from === null) return p;
    // No call-in period: it ends, and the decision is implementable, on publication.
    return {
      ...p,
      callInEndsOn: publishedOn,
      implementableFrom: r.from,
      explanation: r.explanation,
    };
  });

const exemptWords = (u: UrgencyExemptionRecord) =>
  `exempt from call-in as urgent, agreed by ${u.approver.name} on ${u.agreedOn}`;

export const jcbDelegatedDecisionV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  machine: jcbDelegatedDecisionV2Machine,
  roles: {
    decisionMaker: v1.roles.decisionMaker,
    properOfficer: v1.roles.properOfficer,
    urgencyApprover: {
      label:
        'Scrutiny chair who may agree urgency: exemption from call-in (Chair of the Health Overview and Scrutiny Panel)',
      binding: 'office',
    },
    officer: v1.roles.officer,
  },
  events: {
    ...v1.events,
    EXEMPT_FROM_CALL_IN: {
      sendableBy: ['urgencyApprover'],
      payload: exemptionPayload,
      description:
        'Agree that a key decision is urgent and exempt from call-in, with the reason (the scrutiny chair, before the Decision Notice is published); it is then implementable on publication.',
    },
    RECORD_PUBLICATION: {
      ...v1.events.RECORD_PUBLICATION,
      payload: publicationPayload,
      description:
        'Record the Decision Notice’s publication; the call-in period and the implementable-from date are computed (on publication for a decision exempt from call-in as urgent).',
    },
    CALL_IN: {
      ...v1.events.CALL_IN,
      payload: callInPayload,
      description:
        'Record a call-in within the call-in period: implementation is suspended. Refused for a decision exempt from call-in as urgent.',
    },
  },
  meetingEvents: (outcome, current) => jcbMeetingEvents(outcome, current, JCB_ITEM_ID),
  describe(value, context) {
    const ctx = context as JcbV2Context;
    const d = v1.describe(value, context);
    const u = ctx.urgencyExemption;
    if (!u) return d;
    if (value === 'implementable')
      return {
        summary: `Implementable from ${ctx.implementableOn}: ${exemptWords(u)}; decision taken, notice signed and published`,
        awaiting: [],
      };
    return { ...d, summary: `${d.summary} (${exemptWords(u)})` };
  },
};
