import type { TracePlan } from '../trace-recorder.service';
import {
  jcbDirectory,
  JCB_V1_TRACES,
  M1,
  SIGNED,
  TO_CONSENSUS,
} from './jcb-delegated-decision.traces';

/**
 * Version 2's traces: version 1's events and journeys, and the urgency exemption from call-in
 * agreed by the scrutiny chair (the case's urgency approver), with what its rule refuses.
 */

const REASON = 'The provider stops trading on 30 September: a new contract must start at once';
const exempt = (over: object = {}, role = 'urgencyApprover') => ({
  type: 'EXEMPT_FROM_CALL_IN',
  role,
  payload: { agreedOn: M1, reason: REASON, ...over },
  on: M1,
});

const V2_EVENTS: TracePlan['events'] = {
  ...JCB_V1_TRACES.events,
  EXEMPT_FROM_CALL_IN: exempt(),
  'EXEMPT_FROM_CALL_IN, without a reason': exempt({ reason: '   ' }),
  'EXEMPT_FROM_CALL_IN, agreed after today': exempt({ agreedOn: '2025-09-30' }),
  'EXEMPT_FROM_CALL_IN, by the officer': exempt({}, 'officer'),
};

export const EXEMPT_JOURNEY = 'exempted from call-in as urgent: implementable on publication';

export const JCB_V2_TRACES: TracePlan = {
  ...JCB_V1_TRACES,
  version: 2,
  directory: jcbDirectory(true),
  events: V2_EVENTS,
  journeys: {
    ...JCB_V1_TRACES.journeys,
    [EXEMPT_JOURNEY]: [
      ...TO_CONSENSUS,
      'EXEMPT_FROM_CALL_IN',
      'RECORD_DECISION',
      ...SIGNED,
      'RECORD_PUBLICATION',
    ],
  },
};
