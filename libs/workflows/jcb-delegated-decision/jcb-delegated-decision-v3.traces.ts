import type { TracePlan } from '../trace-recorder.service';
import { JCB_V2_TRACES } from './jcb-delegated-decision-v2.traces';
import { decision, M1, officer, SIGNED, TO_CONSENSUS } from './jcb-delegated-decision.traces';

/**
 * Version 3's traces: version 2's events and journeys, and the decision drafted by the officer,
 * taken or declined from the emailed link, the notice signed or declined the same way.
 */

const draft = (over: object = {}) => {
  const { decidedOn: _, cabinetMembersAgreeing: __, ...d } = decision(over);
  return d;
};
const answer = (type: string, role: string, payload: Record<string, unknown>, on = M1) => ({
  type,
  role,
  payload,
  on,
});

const V3_EVENTS: TracePlan['events'] = {
  ...JCB_V2_TRACES.events,
  DRAFT_DECISION: officer('DRAFT_DECISION', draft(), M1),
  'DRAFT_DECISION, over the limit': officer('DRAFT_DECISION', draft({ amount: 2_500_000 }), M1),
  'DRAFT_DECISION, redrafted': officer('DRAFT_DECISION', draft({ amount: 1_200_000 }), M1),
  'APPROVE, the decision maker': answer('APPROVE', 'decisionMaker', {}),
  'APPROVE, the decision maker before the meeting': answer(
    'APPROVE',
    'decisionMaker',
    {},
    '2025-09-01',
  ),
  'APPROVE, the Proper Officer': answer('APPROVE', 'properOfficer', { comments: 'Signed' }),
  'DECLINE, the decision maker': answer('DECLINE', 'decisionMaker', {
    reasons: 'The sum should be lower',
  }),
  'DECLINE, the Proper Officer': answer('DECLINE', 'properOfficer', {
    reasons: 'The notice misstates the reasons',
  }),
  'DECLINE, without reasons': answer('DECLINE', 'decisionMaker', { reasons: ' ' }),
};

export const JCB_V3_TRACES: TracePlan = {
  ...JCB_V2_TRACES,
  version: 3,
  events: V3_EVENTS,
  journeys: {
    'drafted, taken and signed from the emailed links, published, implementable after call-in': [
      ...TO_CONSENSUS,
      'DRAFT_DECISION',
      'APPROVE, the decision maker',
      'APPROVE, the Proper Officer',
      'APPROVE, the decision maker',
      'RECORD_PUBLICATION',
      'DEADLINE_PASSED, call-in',
    ],
    'the draft declined, redrafted and taken; the notice declined and signed on the second draft': [
      ...TO_CONSENSUS,
      'DRAFT_DECISION',
      'DECLINE, the decision maker',
      'DRAFT_DECISION, redrafted',
      'APPROVE, the decision maker',
      'DECLINE, the Proper Officer',
      'DRAFT_DECISION',
      'APPROVE, the decision maker',
      ...SIGNED,
      'RECORD_PUBLICATION',
    ],
    ...JCB_V2_TRACES.journeys,
  },
};
