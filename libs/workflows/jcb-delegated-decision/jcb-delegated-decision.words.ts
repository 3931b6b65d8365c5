import type { TemplateWords } from '../template-words';

/** The JCB decision under delegation's words (versions 1 to 3; later versions add events). */
export const jcbDelegatedDecisionWords: TemplateWords = {
  dates: { meetingDate: 'Date of the Board meeting' },
  events: {
    RECORD_NOTICES: {
      action: 'Record the notices',
      done: 'The notices were recorded',
      fields: {
        meetingDate: { label: 'Date of the Board meeting', name: 'the date of the Board meeting' },
        itemTitle: { label: 'Title of the agenda item', name: 'the title of the agenda item' },
        keyDecision: { label: 'Is it a key decision?', name: 'whether it is a key decision' },
        forwardPlanPublishedOn: {
          label: 'Date the forward plan notice was published',
          name: 'the date the forward plan notice was published',
          hint: 'Optional',
        },
        reportPublishedOn: {
          label: 'Date the report was published',
          name: 'the date the report was published',
          hint: 'Optional',
        },
        lateItemSpecialCircumstances: {
          label: 'Special circumstances for a late item',
          name: 'the special circumstances',
          hint: 'Only when the report was published late',
          kind: 'long',
        },
        verdicts: { label: 'Verdicts', hidden: true },
      },
    },
    RECORD_ATTENDANCE: {
      action: 'Record attendance',
      done: 'Attendance and interests were recorded',
      // Written by the template from the interests declared, read on the timeline and certificate.
      fields: {
        excludedPersonIds: { label: 'Members not counted towards the quorum, for an interest' },
      },
    },
    RECORD_SHOW_OF_HANDS: {
      action: 'Record the show of hands',
      done: 'The show of hands was recorded',
      // Written by the template from the hands (ToR 8.3), read on the timeline and certificate.
      fields: {
        outcome: {
          label: 'Outcome',
          options: {
            consensus: 'Consensus: the decision may be taken under delegation',
            noConsensusDeferred: 'No consensus: the item is deferred',
            noConsensusReferredBack: 'No consensus: the item is referred back to the parent bodies',
          },
        },
        explanation: { label: 'How the hands were counted' },
      },
    },
    RECONSIDER: {
      action: 'Bring the item back to a later meeting',
      done: 'The deferred item was brought back to a later meeting',
      fields: {
        talkedOn: {
          label: 'Date the Chair and the partner lead talked',
          name: 'the date the Chair and the partner lead talked',
        },
        note: { label: 'What they agreed', name: 'what they agreed', kind: 'long' },
        meetingDate: { label: 'Date of the later meeting', name: 'the date of the later meeting' },
      },
    },
    RECORD_DECISION: {
      action: 'Record the decision',
      done: 'The decision was recorded',
      fields: {
        decidedOn: { label: 'Date of the decision' },
        decision: { label: 'Decision' },
        alternativesRejected: { label: 'Alternatives considered and rejected' },
        amount: { label: 'Sum committed', kind: 'money' },
        cabinetMembersAgreeing: { label: 'Cabinet members who agreed' },
        actingAs: {
          label: 'The decision maker acts as',
          name: 'the seat the decision maker acts in',
          options: { cabinetMember: 'A Cabinet member', ccgMember: 'A CCG member' },
        },
      },
    },
    SIGN_NOTICE: {
      action: 'Sign the Decision Notice',
      done: 'Signed the Decision Notice',
      fields: { signedOn: { label: 'Date signed' } },
    },
    RECORD_PUBLICATION: {
      action: 'Record the notice’s publication',
      done: 'The Decision Notice’s publication was recorded',
      checkFirst: true,
      fields: {
        publishedOn: {
          label: 'Date the Decision Notice was published',
          name: 'the date the Decision Notice was published',
        },
        callInEndsOn: { label: 'Call-in period ends', hidden: true },
        implementableFrom: { label: 'Implementable from', hidden: true },
        explanation: { label: 'Explanation', hidden: true },
      },
    },
    CALL_IN: {
      action: 'Record a call-in',
      done: 'A call-in was recorded',
      fields: {
        calledInOn: { label: 'Date it was called in', name: 'the date it was called in' },
        calledInBy: { label: 'Who called it in', name: 'who called it in' },
      },
    },
    RECORD_CALL_IN_OUTCOME: {
      action: 'Record the call-in outcome',
      done: 'The call-in outcome was recorded',
      fields: {
        result: {
          label: 'Outcome',
          name: 'the outcome',
          options: {
            decisionConfirmed: 'The decision stands',
            referredBackToDecisionMaker: 'Referred back to the decision maker',
          },
        },
        recordedOn: { label: 'Date of the outcome', name: 'the date of the outcome' },
      },
    },
    EXEMPT_FROM_CALL_IN: {
      action: 'Exempt from call-in as urgent',
      done: 'Exempted from call-in as urgent',
      fields: {
        agreedOn: { label: 'Date the urgency was agreed' },
        reason: { label: 'Why it is urgent' },
        // Written by the template: the urgency rule's lines.
        explanation: { label: 'How the exemption was checked' },
      },
    },
    DRAFT_DECISION: {
      action: 'Draft the decision',
      done: 'The decision was drafted for the decision maker',
      checkFirst: true,
      replaces: {
        contextKey: 'draft',
        warning:
          'A drafted decision is already with the decision maker. Recording this draft replaces it and emails the decision maker a new link; the link they have stops working.',
        confirm: 'Replace the draft and email the decision maker again',
      },
      fields: {
        decision: { label: 'Decision', name: 'the decision', kind: 'long' },
        reasons: {
          label: 'Reasons for the decision',
          name: 'the reasons for the decision',
          kind: 'long',
        },
        alternativesRejected: {
          label: 'Alternatives considered and rejected',
          name: 'the alternatives considered and rejected',
          hint: 'Optional. One per line.',
        },
        amount: {
          label: 'Sum committed',
          name: 'the sum committed',
          hint: 'Optional. In pounds, for example 150000',
          kind: 'money',
        },
        actingAs: {
          label: 'The decision maker acts as',
          name: 'the seat the decision maker acts in',
          options: { cabinetMember: 'A Cabinet member', ccgMember: 'A CCG member' },
        },
        // Written by the template (version 3): the Cabinet members whose agreement it recorded.
        cabinetMembersAgreeing: { label: 'Cabinet members who agreed' },
      },
    },
    // The day of an answer from an emailed link (version 3) is the step's own time.
    APPROVE: {
      action: 'Approve',
      done: 'Approved',
      fields: { on: { label: 'Date of the answer', hidden: true } },
    },
    DECLINE: {
      action: 'Decline',
      done: 'Declined',
      fields: { on: { label: 'Date of the answer', hidden: true } },
    },
  },
};
