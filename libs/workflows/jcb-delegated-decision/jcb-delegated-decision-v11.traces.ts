import type { TracePlan } from '../trace-recorder.service';
import { JCB_V10_TRACES } from './jcb-delegated-decision-v10.traces';

/**
 * Version 11's traces: version 10's plan. A trace is recorded outside the engine, where no
 * directory is read, so each show of hands carries the names the engine would have written, as in
 * version 10; what version 11 changes (a partner the directory does not name is refused whatever
 * name is sent) happens only in the engine: -v11.partner-names.spec.ts and
 * test/jcb-delegated-decision-v11.e2e-spec.ts.
 */
export const JCB_V11_TRACES: TracePlan = { ...JCB_V10_TRACES, version: 11 };
