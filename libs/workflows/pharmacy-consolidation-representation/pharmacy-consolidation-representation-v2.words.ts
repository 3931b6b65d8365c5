import type { TemplateWords } from '../template-words';
import { pharmacyConsolidationRepresentationWords as v1 } from './pharmacy-consolidation-representation.words';

/** Version 2's words: version 1's, with the Integrated Care Board where they named NHS England. */
export const pharmacyConsolidationRepresentationV2Words: TemplateWords = {
  dates: { ...v1.dates, notifiedOn: 'Date the Integrated Care Board notified the council' },
  dateHints: v1.dateHints,
  events: {
    ...v1.events,
    RECORD_DECISION: {
      ...v1.events.RECORD_DECISION,
      fields: {
        ...v1.events.RECORD_DECISION.fields,
        representation: { label: 'Representation to the Integrated Care Board' },
      },
    },
    RECORD_RESPONSE_SENT: {
      ...v1.events.RECORD_RESPONSE_SENT,
      done: 'The response to the Integrated Care Board was recorded as sent',
    },
  },
};
