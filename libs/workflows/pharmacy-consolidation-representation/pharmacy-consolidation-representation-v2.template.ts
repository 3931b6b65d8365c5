import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflow.template';
import { pharmacyConsolidationV2Machine } from './pharmacy-consolidation-representation-v2.machine';
import type { PharmacyContext } from './pharmacy-consolidation-representation.machine';
import { pharmacyConsolidationRepresentationV1 } from './pharmacy-consolidation-representation.template';
import { circulationPayloads, text } from './pharmacy-circulation.schema';

/**
 * Version 2 of the pharmacy consolidation representation: version 1's steps, rules and dates, the
 * representation made to the Integrated Care Board, which took over pharmaceutical services from
 * NHS England on 1 April 2023. The circulation list of seed 002 (item 7, para 8) names the ICB where
 * it named the CCG (abolished on 1 July 2022), and the two other HWBB members circulated to are one
 * for the council and one for the ICB. A consultee given as a CCG is refused, saying so.
 */

const v1 = pharmacyConsolidationRepresentationV1;

const isoDate = calendarDate('use a calendar date such as 2024-08-01');
/** Seed 002 item 7 para 8, with the ICB where the seed names the CCG. */
const CIRCULATION = circulationPayloads(
  {
    key: 'icb',
    abbreviation: 'ICB',
    words: 'the Integrated Care Board',
    cabinetMember: 'the Cabinet Member for Health',
    refused: {
      key: 'ccg',
      why: 'CCGs were abolished on 1 July 2022: the Integrated Care Board (icb) took over their duties',
    },
  },
  isoDate,
);

const TO_THE_ICB = 'the Integrated Care Board';

export const pharmacyConsolidationRepresentationV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Pharmacy consolidation application: the HWBB’s 45-day representation to the ICB',
  machine: pharmacyConsolidationV2Machine,
  dateFields: {
    notifiedOn: `The day ${TO_THE_ICB} notified the HWBB of the consolidation application`,
    responseDeadline:
      'The day the HWBB’s representation is due: exactly 45 calendar days after notifiedOn',
  },
  events: {
    ...v1.events,
    RECORD_CONSULTATION_RESPONSE: {
      ...v1.events.RECORD_CONSULTATION_RESPONSE,
      payload: CIRCULATION.RECORD_CONSULTATION_RESPONSE,
    },
    CIRCULATE: {
      ...v1.events.CIRCULATE,
      payload: CIRCULATION.CIRCULATE,
      description:
        'Record that the DPH circulated the application, with its EIA, to the named list, the ICB among them (contentious route).',
    },
    RECORD_MEETING: {
      ...v1.events.RECORD_MEETING,
      payload: CIRCULATION.RECORD_MEETING,
    },
    RECORD_DECISION: {
      ...v1.events.RECORD_DECISION,
      payload: z
        .object({
          decidedOn: isoDate,
          opinion: z.enum(['noGap', 'gap'], { message: 'opinion must be noGap or gap' }),
          representation: text('representation to the Integrated Care Board'),
        })
        .strict(),
      description:
        'The DPH decides whether removing the premises would create a gap in pharmaceutical services, and the representation to the ICB.',
    },
    RECORD_RESPONSE_SENT: {
      ...v1.events.RECORD_RESPONSE_SENT,
      description: `Record the response sent to ${TO_THE_ICB}; the scrutiny panel chair is told.`,
    },
  },
  deadlineFor(message, context) {
    if (message === 'icb-response-sent') return null;
    return v1.deadlineFor(message, context);
  },
  describe(value, context) {
    const ctx = context as PharmacyContext;
    if (value === 'closed') {
      const sent = ctx.responseSent;
      const opinion = ctx.decision?.opinion === 'gap' ? 'a gap' : 'no gap';
      return {
        summary: `Closed: representation (${opinion} in pharmaceutical services) sent to ${TO_THE_ICB} on ${sent?.sentOn ?? ''} (${sent?.reference ?? ''})`,
        awaiting: [],
      };
    }
    // Version 1's words, with the ICB where they named NHS England.
    const said = v1.describe(value, context);
    return {
      ...said,
      summary: said.summary
        .replaceAll('the response to NHS England', `the response to ${TO_THE_ICB}`)
        .replaceAll('the 45-day response to NHS England', `the 45-day response to ${TO_THE_ICB}`),
    };
  },
};
