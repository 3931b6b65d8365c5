import type { TemplateWords } from '../template-words';

/** The pharmacy consolidation representation's words (every version). */
export const pharmacyConsolidationRepresentationWords: TemplateWords = {
  dates: {
    notifiedOn: 'Date NHS England notified the council',
    responseDeadline: 'Response deadline',
  },
  dateHints: {
    responseDeadline:
      'The day the HWBB’s representation is due: exactly 45 calendar days after the notification',
  },
  events: {
    TRIAGE: {
      action: 'Record the route',
      done: 'The route was recorded',
      fields: {
        route: {
          label: 'Route',
          name: 'the route',
          options: { nonContentious: 'Not contentious', contentious: 'Contentious' },
        },
        reasons: {
          label: 'Reasons for the route',
          name: 'the reasons for the route',
          hint: 'The Director of Public Health’s and the HWBB chair’s view',
          kind: 'long',
        },
      },
    },
    RECORD_CONSULTATION_RESPONSE: {
      action: 'Record a consultee’s response',
      done: 'A consultee’s response was recorded',
      fields: {
        consultee: { label: 'Consultee', name: 'the consultee' },
        respondedOn: { label: 'Date they responded', name: 'the date they responded' },
        response: { label: 'Response', name: 'the response', kind: 'long' },
        declaration: {
          label: 'Declaration of interests',
          name: 'their declaration of interests',
          hint: 'Or “none”',
        },
      },
    },
    CIRCULATE: {
      action: 'Circulate the application',
      done: 'The application was circulated',
      fields: { circulatedOn: { label: 'Date it was circulated' } },
    },
    CALL_MEETING: { action: 'Call a meeting', done: 'A meeting was called' },
    RECORD_MEETING: {
      action: 'Record the meeting',
      done: 'The meeting was recorded',
      fields: { outcome: { label: 'Outcome of the discussion' } },
    },
    RECORD_EIA: {
      action: 'Record the Equality Impact Assessment',
      done: 'The Equality Impact Assessment was recorded',
      fields: {
        recordedOn: { label: 'Date of the assessment', name: 'the date of the assessment' },
        documentName: { label: 'Document name', name: 'the document name' },
        summary: {
          label: 'Summary of the assessment',
          name: 'the summary of the assessment',
          kind: 'long',
        },
      },
    },
    RECORD_DECISION: {
      action: 'Record the decision',
      done: 'The decision was recorded',
      fields: {
        decidedOn: { label: 'Date of the decision' },
        opinion: {
          label: 'Would removing the premises create a gap in pharmaceutical services?',
          options: { noGap: 'No gap', gap: 'A gap' },
        },
        representation: { label: 'Representation to NHS England' },
      },
    },
    RECORD_RESPONSE_SENT: {
      action: 'Record the response sent',
      done: 'The response to NHS England was recorded as sent',
      fields: {
        sentOn: { label: 'Date the response was sent', name: 'the date the response was sent' },
        reference: { label: 'Reference of the response', name: 'the reference of the response' },
      },
    },
  },
};
