import type { TracePlan } from '../trace-recorder.service';
import { JCB_V8_TRACES } from './jcb-delegated-decision-v8.traces';

/**
 * Version 9's traces: version 8's events and journeys, whose refusals and delegation checks are
 * recorded in version 9's words (a declaration by someone not attending, a Board without rules,
 * the decision's check against its delegation).
 */
export const JCB_V9_TRACES: TracePlan = { ...JCB_V8_TRACES, version: 9 };
