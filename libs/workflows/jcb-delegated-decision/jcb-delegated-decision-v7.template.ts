import { z } from 'zod';
import { calendarDayInWords } from '../../governance/working-day-calendar.service';
import type { StateDescription, WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV6 } from './jcb-delegated-decision-v6.template';
import {
  jcbDelegatedDecisionV7Machine,
  type JcbV7Context,
  type ParentBodyDecision,
} from './jcb-delegated-decision-v7.machine';
import { isoDate, text } from './jcb-payload-parts.schema';

/**
 * Version 7 of the JCB delegated decision: version 6 with the referral back going on to the
 * partner organisations and the disputes route (ToR 8.3, 9.1; jcb-delegated-decision-v7.machine.ts).
 * Two roles more, bound to offices in the council's directory when the case opens: the Leader of
 * the Council and the Chair of the partner (the Integrated Care Board's chair), who discuss a
 * dispute and each record their conclusion. The officer records Cabinet's and the partner's
 * board's decisions with their dates (never after today, nor before the referral: the engine's
 * recorded-dates check).
 */

const v6 = jcbDelegatedDecisionV6;

const parentBodyPayload = z
  .object({
    decidedOn: isoDate,
    outcome: z.enum(['supports', 'doesNotSupport'], {
      message: 'say whether it supports the decision proposed',
    }),
    minuteReference: text('minute reference'),
    reasons: text('reasons').nullable().default(null),
  })
  .strict();

const conclusionPayload = z
  .object({
    discussedOn: isoDate,
    conclusion: z.enum(['returnToBoard', 'doesNotMoveForward'], {
      message: 'say whether the matter goes back to the Board or does not move forward',
    }),
    note: text('what was discussed and concluded'),
  })
  .strict();

const supportWords = (d: ParentBodyDecision) =>
  d.supports ? 'supports the decision proposed' : 'does not support the decision proposed';

function referralWords(c: JcbV7Context): StateDescription {
  const { cabinet, partnerBoard } = c.parentBodies;
  const parts = [
    cabinet ? `Cabinet ${supportWords(cabinet)}` : 'awaiting Cabinet’s decision',
    partnerBoard
      ? `the partner’s board ${supportWords(partnerBoard)}`
      : 'awaiting the partner’s board’s decision',
  ];
  return {
    summary: `No consensus: referred back to the partners on ${c.referredBack ? calendarDayInWords(c.referredBack.on) : 'the meeting'} (ToR 8.3): ${parts.join('; ')}`,
    awaiting: ['officer'],
  };
}

function disputeWords(c: JcbV7Context): StateDescription {
  const waiting = [
    ...(c.dispute?.leader ? [] : ['leader']),
    ...(c.dispute?.partnerChair ? [] : ['partnerChair']),
  ];
  const who = { leader: 'the Leader of the Council', partnerChair: 'the partner’s chair' };
  return {
    summary: `In dispute: Cabinet and the partner’s board differ; referred for discussion by the Leader of the Council and the partner’s chair (ToR 9.1): awaiting the conclusion of ${waiting.map((r) => who[r as keyof typeof who]).join(' and ')}`,
    awaiting: waiting,
  };
}

export const jcbDelegatedDecisionV7: WorkflowTemplate = {
  ...v6,
  version: 7,
  machine: jcbDelegatedDecisionV7Machine,
  roles: {
    ...v6.roles,
    leader: { label: 'Leader of the Council (disputes, ToR 9.1)', binding: 'office' },
    partnerChair: {
      label: 'Chair of the partner, the Integrated Care Board (disputes, ToR 9.1)',
      binding: 'office',
    },
  },
  events: {
    ...v6.events,
    RECORD_CABINET_DECISION: {
      sendableBy: ['officer'],
      payload: parentBodyPayload,
      description:
        'Record the council’s Cabinet’s decision on a matter referred back (ToR 8.3): whether it supports the decision proposed, the date and minute reference.',
    },
    RECORD_PARTNER_BOARD_DECISION: {
      sendableBy: ['officer'],
      payload: parentBodyPayload,
      description:
        'Record the partner’s governing body’s (the Integrated Care Board’s board) decision on a matter referred back (ToR 8.3): whether it supports the decision proposed, the date and minute reference.',
    },
    RECORD_LEADER_CONCLUSION: {
      sendableBy: ['leader'],
      payload: conclusionPayload,
      description:
        'The Leader of the Council’s conclusion of the dispute’s discussion with the partner’s chair (ToR 9.1): back to the Board for further consideration, or the matter does not move forward.',
    },
    RECORD_PARTNER_CHAIR_CONCLUSION: {
      sendableBy: ['partnerChair'],
      payload: conclusionPayload,
      description:
        'The partner’s chair’s conclusion of the dispute’s discussion with the Leader of the Council (ToR 9.1): back to the Board for further consideration, or the matter does not move forward.',
    },
    RECONSIDER: {
      ...v6.events.RECONSIDER,
      description:
        'After the Chair and the partner lead have talked, bring a deferred item, or one the partners returned to the Board, back to a later meeting.',
    },
  },
  describe(value, context) {
    const c = context as JcbV7Context;
    const v = value as Record<string, unknown> | string;
    if (typeof v === 'object' && v.referredBack === 'withPartners') return referralWords(c);
    if (typeof v === 'object' && v.referredBack === 'inDispute') return disputeWords(c);
    if (v === 'returnedToBoard')
      return {
        summary: 'Returned to the Board by the partners: awaiting a later meeting',
        awaiting: ['officer'],
      };
    if (v === 'notProceeding')
      return {
        summary: c.dispute
          ? 'Does not move forward: the Leader of the Council and the partner’s chair did not agree to return it to the Board (ToR 9.1)'
          : 'Does not move forward: neither Cabinet nor the partner’s board supports the decision proposed (ToR 8.3)',
        awaiting: [],
      };
    return v6.describe(value, context);
  },
};
