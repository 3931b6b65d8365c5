import type { TracePlan } from '../trace-recorder.service';
import { JCB_V9_TRACES } from './jcb-delegated-decision-v9.traces';

/**
 * Version 10's traces: version 9's events and journeys, each show of hands carrying the partners'
 * names as the engine writes them from the directory (`partnerNames`), so its lines say "Integrated
 * Care Board: 2 of 3 for: assents", not "icb: …"; and what is refused: a show of hands whose
 * partners have no names (outside the engine, none were given), said without a key.
 */

/** The Board's constituencies as a council's directory names them (the Board of versions 4 to 9's plan). */
export const JCB_V10_PARTNER_NAMES = {
  council: 'Council (Cabinet)',
  icb: 'Integrated Care Board',
  healthwatch: 'Healthwatch (co-opted, ToR 2.3)',
};

type Event = TracePlan['events'][string];
const named = (e: Event): Event =>
  e.type === 'RECORD_SHOW_OF_HANDS'
    ? { ...e, payload: { ...e.payload, partnerNames: JCB_V10_PARTNER_NAMES } }
    : e;
const V9 = JCB_V9_TRACES.events;

export const JCB_V10_TRACES: TracePlan = {
  ...JCB_V9_TRACES,
  version: 10,
  events: {
    ...Object.fromEntries(Object.entries(V9).map(([name, e]) => [name, named(e)])),
    'RECORD_SHOW_OF_HANDS, without the partners’ names': V9['RECORD_SHOW_OF_HANDS, consensus'],
  },
};
