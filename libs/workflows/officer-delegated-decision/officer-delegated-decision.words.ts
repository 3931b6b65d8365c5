import type { TemplateWords } from '../template-words';

/** The officer delegated decision's words (every version). */
export const officerDelegatedDecisionWords: TemplateWords = {
  dates: { decisionDue: 'Day the decision is expected' },
  events: {
    DESCRIBE_MATTER: {
      action: 'Describe the matter',
      done: 'The matter was described for the forward plan and the record',
      fields: {
        summary: { label: 'The matter to be decided', name: 'the matter', kind: 'long' },
        keyDecision: { label: 'Is it a key decision?', name: 'whether it is a key decision' },
        keyDecisionReasons: {
          label: 'Why it is a key decision',
          name: 'why it is a key decision',
          hint: 'Significant spending or savings, or a significant effect on communities in two or more wards.',
        },
        documents: {
          label: 'Documents for the decision maker',
          name: 'the documents',
          hint: 'One document per line.',
        },
        exemptReasons: {
          label: 'Why any information is exempt',
          name: 'why information is exempt',
          hint: 'Optional. The paragraph of Schedule 12A and why, for example ‘para 3: the financial affairs of a provider’.',
        },
        representations: {
          label: 'How to ask for documents and make representations',
          name: 'how to make representations',
        },
      },
    },
    FORWARD_PLAN_PUBLISHED: {
      action: 'Record the forward plan',
      done: 'The forward plan listing this decision was published',
      fields: { publishedOn: { label: 'Date the forward plan was published' } },
    },
    RECORD_CONSULTATION: {
      action: 'Record a consultation',
      done: 'A consultation was recorded',
      fields: {
        name: { label: 'Who was consulted', name: 'who was consulted' },
        actingAs: {
          label: 'Their office',
          name: 'their office',
          hint: 'For example, Cabinet Member for Health',
        },
        consultedOn: { label: 'Date of the consultation', name: 'the date of the consultation' },
        views: { label: 'The views they gave', name: 'their views', kind: 'long' },
        conflict: {
          label: 'Conflict of interest they declared',
          name: 'the conflict of interest',
          hint: 'Optional.',
        },
      },
    },
    RECORD_DECISION: {
      action: 'Record the decision',
      done: 'The decision under delegation was recorded',
      fields: {
        decision: { label: 'Decision', name: 'the decision', kind: 'long' },
        decidedOn: { label: 'Date of the decision', name: 'the date of the decision' },
        reasons: { label: 'Reasons', name: 'the reasons', kind: 'long' },
        alternativesRejected: {
          label: 'Alternatives considered and rejected',
          name: 'the alternatives rejected',
          hint: 'One per line.',
        },
        backgroundPapers: {
          label: 'Background papers',
          name: 'the background papers',
          hint: 'One per line.',
        },
        // Written by the template when the decision is recorded.
        keyDecisionCheck: {
          label: 'Whether it is a key decision',
          name: 'whether it is a key decision',
        },
      },
    },
    RECORD_PUBLICATION: {
      action: 'Record the publication',
      done: 'The decision was published to the register',
      checkFirst: true,
      fields: {
        publishedOn: { label: 'Date of publication', name: 'the date of publication' },
        // Written by the template when it is published: the certificate and timeline show it.
        callInExplanation: { label: 'Call-in', name: 'whether and until when it can be called in' },
      },
    },
    CALL_IN: {
      action: 'Record a call-in',
      done: 'The decision was called in',
      fields: {
        calledInOn: { label: 'Date of the call-in', name: 'the date of the call-in' },
        reasons: { label: 'Reasons for the call-in', name: 'the reasons', kind: 'long' },
      },
    },
    RECORD_CALL_IN_OUTCOME: {
      action: 'Record the call-in’s outcome',
      done: 'The outcome of the call-in was recorded',
      fields: {
        recordedOn: { label: 'Date of the outcome', name: 'the date of the outcome' },
        result: {
          label: 'Outcome',
          name: 'the outcome',
          options: {
            decisionConfirmed: 'Decision confirmed',
            referredBackToDecisionMaker: 'Referred back to the decision maker',
          },
        },
      },
    },
  },
};
