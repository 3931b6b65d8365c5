import type { TracePlan } from '../trace-recorder.service';
import { JCB_V11_TRACES } from './jcb-delegated-decision-v11.traces';

/**
 * Version 12's traces: version 11's plan. A trace is recorded outside the engine, where no
 * directory is read, so each meeting event carries the Board's rules the engine would have written,
 * as in version 11; what version 12 changes (a Board the directory holds no rules for is refused
 * whatever rules are sent) happens only in the engine: -v12.board-rules.spec.ts and
 * test/jcb-delegated-decision-v12.e2e-spec.ts.
 */
export const JCB_V12_TRACES: TracePlan = { ...JCB_V11_TRACES, version: 12 };
