import { z } from 'zod';
import { calendarDayInWords } from '../../governance/working-day-calendar.service';
import { councilRules } from '../council-context.service';
import { WRITTEN_BY_THE_TEMPLATE, type WorkflowTemplate } from '../workflow.template';
import type { DisputeConclusion } from './jcb-delegated-decision-v7.machine';
import { jcbDelegatedDecisionV7 } from './jcb-delegated-decision-v7.template';
import { jcbDelegatedDecisionV8Emails } from './jcb-delegated-decision.emails';
import {
  jcbDelegatedDecisionV8Machine,
  type JcbV8Context,
} from './jcb-delegated-decision-v8.machine';
import { NO_DATE_LINE, refused, text } from './jcb-payload-parts.schema';

/**
 * Version 8 of the JCB delegated decision: version 7 with the dispute answered from emailed links
 * (ToR 9.1; jcb-delegated-decision-v8.machine.ts). The Leader of the Council and the partner's
 * chair are each emailed a one-time link (`dispute-referred`, and `dispute-conclusions-differ`
 * when they concluded differently): back to the Board, with a note, or the matter does not move
 * forward, with reasons, shown in words to check before it is recorded and dated the day they
 * answer. Every other role told to act already answers from a link (the decision maker, the
 * Proper Officer) or is the officer, who records on the case page.
 */

const v7 = jcbDelegatedDecisionV7;

/** The day of the answer: the engine's clock in London; outside a case it cannot be dated. */
const today = () => councilRules().today ?? null;

const ON = z.string().optional().describe(WRITTEN_BY_THE_TEMPLATE);

const returnPayload = z
  .object({ comments: text('note of what was discussed and concluded'), on: ON })
  .strict()
  .overwrite((p) => ({ ...p, on: today() ?? '' }))
  .superRefine((p, ctx) => {
    if (!p.on) refused(ctx, 'NO_DATE', [NO_DATE_LINE]);
  });

const notForwardPayload = z
  .object({ reasons: text('reasons'), on: ON })
  .strict()
  .overwrite((p) => ({ ...p, on: today() ?? '' }))
  .superRefine((p, ctx) => {
    if (!p.on) refused(ctx, 'NO_DATE', [NO_DATE_LINE]);
  });

const who = { leader: 'the Leader of the Council', partnerChair: 'the partner’s chair' };

function conclusionWords(c: DisputeConclusion): string {
  return `${c.returnToBoard ? 'back to the Board' : 'does not move forward'} (${calendarDayInWords(c.discussedOn)}: ${c.note})`;
}

export const jcbDelegatedDecisionV8: WorkflowTemplate = {
  ...v7,
  version: 8,
  machine: jcbDelegatedDecisionV8Machine,
  emails: jcbDelegatedDecisionV8Emails,
  events: {
    ...v7.events,
    CONCLUDE_RETURN_TO_BOARD: {
      sendableBy: ['leader', 'partnerChair'],
      payload: returnPayload,
      description:
        'From the emailed link, with a note: the Leader of the Council or the partner’s chair concludes that the dispute goes back to the Board for further consideration (ToR 9.1), dated the day they answer.',
    },
    CONCLUDE_NOT_MOVE_FORWARD: {
      sendableBy: ['leader', 'partnerChair'],
      payload: notForwardPayload,
      description:
        'From the emailed link, with reasons: the Leader of the Council or the partner’s chair concludes that the matter does not move forward (ToR 9.1), dated the day they answer.',
    },
  },
  requestMessages: [...v7.requestMessages, 'dispute-referred', 'dispute-conclusions-differ'],
  linkResponses: {
    ...v7.linkResponses,
    leader: {
      approve: 'CONCLUDE_RETURN_TO_BOARD',
      reject: 'CONCLUDE_NOT_MOVE_FORWARD',
      noteRequired: true,
    },
    partnerChair: {
      approve: 'CONCLUDE_RETURN_TO_BOARD',
      reject: 'CONCLUDE_NOT_MOVE_FORWARD',
      noteRequired: true,
    },
  },
  requestDetails(request, context) {
    if (request !== 'dispute-referred' && request !== 'dispute-conclusions-differ')
      return v7.requestDetails?.(request, context) ?? [];
    const c = context as JcbV8Context;
    const { cabinet, partnerBoard } = c.parentBodies;
    const body = (d: typeof cabinet) =>
      d
        ? `${d.supports ? 'Supports' : 'Does not support'} the decision proposed (${calendarDayInWords(d.decidedOn)}, ${d.minuteReference})${d.reasons ? `: ${d.reasons}` : ''}`
        : 'Not recorded';
    const last = c.disputeRounds[c.disputeRounds.length - 1];
    return [
      { label: 'Cabinet', value: body(cabinet) },
      { label: 'The partner’s board', value: body(partnerBoard) },
      ...(last && request === 'dispute-conclusions-differ'
        ? [
            { label: 'The Leader concluded', value: conclusionWords(last.leader) },
            { label: 'The partner’s chair concluded', value: conclusionWords(last.partnerChair) },
          ]
        : []),
    ];
  },
  describe(value, context) {
    const c = context as JcbV8Context;
    const v = value as Record<string, unknown> | string;
    // Only this referral's rounds: after a return to the Board and a second referral, the first
    // referral's differing conclusions say nothing of the new dispute (review).
    const differed = c.disputeRounds.some((r) => r.referredOn === c.referredBack?.on);
    if (typeof v === 'object' && v.referredBack === 'inDispute' && differed) {
      const waiting = (['leader', 'partnerChair'] as const).filter((r) => !c.dispute?.[r]);
      return {
        summary: `In dispute: the Leader of the Council and the partner’s chair concluded differently, so the matter does not move forward unless they agree (ToR 9.1; no binding external arbitration): awaiting the further conclusion of ${waiting.map((r) => who[r]).join(' and ')}`,
        awaiting: [...waiting],
      };
    }
    if (v === 'notProceeding' && c.dispute)
      return {
        summary:
          'Does not move forward: the Leader of the Council and the partner’s chair agreed that the matter does not move forward (ToR 9.1)',
        awaiting: [],
      };
    return v7.describe(value, context);
  },
};
