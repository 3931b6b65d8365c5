import { z } from 'zod';
import type { LineWording } from '../../governance/governance.errors';
import { councilRules } from '../council-context.service';
import { WRITTEN_BY_THE_TEMPLATE, type WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV2 } from './jcb-delegated-decision-v2.template';
import {
  jcbDelegatedDecisionV3Machine,
  type DecisionDraft,
  type JcbV3Context,
} from './jcb-delegated-decision-v3.machine';
import { cabinetMembersAgreeing } from './jcb-cabinet-agreement.service';
import { ACTING_AS_CCG, decisionFields } from './jcb-decision.schema';
import { delegationCheck } from './jcb-delegation.service';
import { NO_DATE_LINE, refused, text } from './jcb-payload-parts.schema';

/**
 * Version 3 of the JCB delegated decision: version 2's rules and payloads, with the decision and
 * the Decision Notice answered from emailed links. The officer drafts the decision from the report
 * after the Board's consensus; the Cabinet members agreeing are those who showed a hand for at the
 * meeting (ToR para 28), read from the case rather than typed. The decision maker takes the draft
 * (APPROVE, dated the day they answer, checked again against the delegation as it stands then) or
 * declines it with reasons; both signatories sign the notice the same way. A refusal is a
 * validation issue whose message starts with the rule's code, as in versions 1 and 2.
 */

const v2 = jcbDelegatedDecisionV2;

/** The case's context while one of its events is validated (undefined outside a case). */
const caseContext = () => councilRules().caseContext as JcbV3Context | undefined;

/** The day of the answer: the engine's clock in London; outside a case, the draft cannot be dated. */
const today = () => councilRules().today ?? null;

function checkDraft(
  p: Pick<DecisionDraft, 'amount' | 'actingAs'> & { cabinetMembersAgreeing?: string[] },
  on: string,
  wording: LineWording = 'recorded',
) {
  return delegationCheck(
    {
      decidedOn: on,
      amount: p.amount,
      actingAs: p.actingAs,
      cabinetMembersAgreeing: p.cabinetMembersAgreeing ?? [],
    },
    wording,
  );
}

const draftPayload = z
  .object({
    ...decisionFields(z.enum(['cabinetMember', 'ccgMember'], { message: ACTING_AS_CCG })),
    cabinetMembersAgreeing: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
    delegationCheck: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
  })
  .strict()
  .overwrite((p) => ({ ...p, cabinetMembersAgreeing: cabinetMembersAgreeing(caseContext()) }))
  .superRefine((p, ctx) => {
    const c = checkDraft(p, today() ?? '9999-12-31');
    if (!c.ok) refused(ctx, c.code, c.explanation, ['amount']);
  })
  .overwrite((p) => ({
    ...p,
    delegationCheck: checkDraft(p, today() ?? '9999-12-31').explanation,
  }));

/**
 * An answer from the link (or the API): the day is the engine's, never the sender's. Taking a
 * drafted decision checks it again against the delegation as it stands that day, its lines in the
 * version's wording (version 9 on: people's).
 */
export const approvePayloadIn = (wording: LineWording) =>
  z
    .object({
      comments: text('comments').optional(),
      on: z.string().optional().describe(WRITTEN_BY_THE_TEMPLATE),
      delegationCheck: z.array(z.string()).optional().describe(WRITTEN_BY_THE_TEMPLATE),
    })
    .strict()
    .overwrite((p) => ({ ...p, on: today() ?? '' }))
    .superRefine((p, ctx) => {
      const c = caseContext();
      if (!p.on) refused(ctx, 'NO_DATE', [NO_DATE_LINE]);
      else if (c && !c.decision && c.draft) {
        const check = checkDraft(c.draft, p.on, wording);
        if (!check.ok) refused(ctx, check.code, check.explanation);
      }
    })
    .overwrite((p) => {
      const c = caseContext();
      return c && !c.decision && c.draft && p.on
        ? { ...p, delegationCheck: checkDraft(c.draft, p.on, wording).explanation }
        : { ...p, delegationCheck: undefined };
    });

const approvePayload = approvePayloadIn('recorded');

const declinePayload = z
  .object({
    reasons: text('reasons'),
    on: z.string().optional().describe(WRITTEN_BY_THE_TEMPLATE),
  })
  .strict()
  .overwrite((p) => ({ ...p, on: today() ?? '' }))
  .superRefine((p, ctx) => {
    if (!p.on) refused(ctx, 'NO_DATE', [NO_DATE_LINE]);
  });

export const jcbDelegatedDecisionV3: WorkflowTemplate = {
  ...v2,
  version: 3,
  machine: jcbDelegatedDecisionV3Machine,
  events: {
    ...v2.events,
    DRAFT_DECISION: {
      sendableBy: ['officer'],
      payload: draftPayload,
      description:
        'After the Board’s consensus, draft the decision from the report for the decision maker: the decision, reasons, alternatives rejected, the sum and the seat they act in; refused outside the delegation. The decision maker is emailed a link to take it or decline it.',
    },
    APPROVE: {
      sendableBy: ['decisionMaker', 'properOfficer'],
      payload: approvePayload,
      description:
        'From the emailed link: the decision maker takes the drafted decision, dated that day; later, each signatory signs the Decision Notice.',
    },
    DECLINE: {
      sendableBy: ['decisionMaker', 'properOfficer'],
      payload: declinePayload,
      description:
        'From the emailed link, with reasons: the decision maker declines the draft, or a signatory declines the notice; the officer drafts again.',
    },
  },
  requestMessages: ['decision-requested', 'notice-signature-requested'],
  linkResponses: {
    decisionMaker: { approve: 'APPROVE', reject: 'DECLINE' },
    properOfficer: { approve: 'APPROVE', reject: 'DECLINE' },
  },
  requestDetails(request, context) {
    const ctx = context as JcbV3Context;
    const d = request === 'decision-requested' ? ctx.draft : ctx.decision;
    if (!d || (request !== 'decision-requested' && request !== 'notice-signature-requested'))
      return [];
    return [
      { label: 'Decision', value: d.decision },
      ...(ctx.decision && request === 'notice-signature-requested'
        ? [{ label: 'Decided on', value: ctx.decision.decidedOn }]
        : []),
      { label: 'Reasons', value: d.reasons },
      {
        label: 'Alternatives considered and rejected',
        value: d.alternativesRejected.join('; ') || 'none recorded',
      },
      {
        label: 'Sum committed',
        value: d.amount === null ? 'none' : `£${d.amount.toLocaleString('en-GB')}`,
      },
      {
        label: 'Taken as',
        value: d.actingAs === 'cabinetMember' ? 'a Cabinet member' : 'a CCG member',
      },
      // The check's conclusion; its every line is on the case and, once published, the notice.
      {
        label: 'Within the delegation',
        value: d.delegationCheck[d.delegationCheck.length - 1] ?? 'not checked',
      },
    ];
  },
  describe(value, context) {
    const ctx = context as JcbV3Context;
    if (value === 'draftingDecision')
      return {
        summary:
          ctx.declined.length > 0
            ? `Declined (${ctx.declined[ctx.declined.length - 1].reasons}): awaiting a fresh draft of the decision`
            : 'Consensus reached: awaiting the officer’s draft of the decision',
        awaiting: ['officer'],
      };
    if (value === 'awaitingDecision')
      return {
        summary: 'Decision drafted: awaiting the decision maker’s answer under delegation',
        awaiting: ['decisionMaker'],
      };
    return v2.describe(value, context);
  },
};
