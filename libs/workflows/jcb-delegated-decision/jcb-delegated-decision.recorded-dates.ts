import type { RecordedDates } from '../recorded-dates.types';

/** The JCB delegated decision's recorded dates and the steps each follows (recorded-dates.declarations.ts). */
export const jcbRecordedDates: RecordedDates = {
  // From version 6, sent by the system when the forward plan listing the case is published.
  FORWARD_PLAN_PUBLISHED: [{ field: 'publishedOn', what: 'the forward plan’s publication' }],
  RECORD_NOTICES: [
    { field: 'forwardPlanPublishedOn', what: 'the forward plan notice' },
    { field: 'reportPublishedOn', what: 'the report’s publication' },
    { field: 'privateItem.noticePublishedOn', what: 'the notice of the private item' },
    {
      field: 'privateItem.urgency.agreedOn',
      what: 'the agreement that the private item is urgent',
    },
    {
      field: 'generalException.scrutinyChairToldInWritingOn',
      what: 'telling the scrutiny chair in writing',
    },
    { field: 'generalException.noticePublishedOn', what: 'the general exception notice' },
    { field: 'specialUrgency.agreedOn', what: 'the special urgency agreement' },
  ],
  RECORD_ATTENDANCE: [{ field: 'meeting.meetingDate', what: 'the meeting' }],
  RECORD_SHOW_OF_HANDS: [
    { field: 'meeting.meetingDate', what: 'the show of hands at the meeting' },
  ],
  RECONSIDER: [
    {
      field: 'talkedOn',
      what: 'the Chair and the partner lead’s talk',
      follows: [{ what: 'the meeting that deferred the item', context: 'showOfHands.meetingDate' }],
    },
  ],
  // From version 7: the partners' decisions on a matter referred back, and a dispute's discussion.
  RECORD_CABINET_DECISION: [
    {
      field: 'decidedOn',
      what: 'Cabinet’s decision',
      follows: [{ what: 'the referral back', context: 'referredBack.on' }],
    },
  ],
  RECORD_PARTNER_BOARD_DECISION: [
    {
      field: 'decidedOn',
      what: 'the partner’s board’s decision',
      follows: [{ what: 'the referral back', context: 'referredBack.on' }],
    },
  ],
  RECORD_LEADER_CONCLUSION: [
    {
      field: 'discussedOn',
      what: 'the discussion of the dispute',
      follows: [
        { what: 'Cabinet’s decision', context: 'parentBodies.cabinet.decidedOn' },
        { what: 'the partner’s board’s decision', context: 'parentBodies.partnerBoard.decidedOn' },
      ],
    },
  ],
  RECORD_PARTNER_CHAIR_CONCLUSION: [
    {
      field: 'discussedOn',
      what: 'the discussion of the dispute',
      follows: [
        { what: 'Cabinet’s decision', context: 'parentBodies.cabinet.decidedOn' },
        { what: 'the partner’s board’s decision', context: 'parentBodies.partnerBoard.decidedOn' },
      ],
    },
  ],
  RECORD_DECISION: [
    {
      field: 'decidedOn',
      what: 'the decision',
      follows: [
        { what: 'the Board’s consensus at its meeting', context: 'showOfHands.meetingDate' },
      ],
    },
  ],
  // From version 3, the decision maker takes the drafted decision from an emailed link.
  APPROVE: [
    {
      field: 'on',
      what: 'the decision',
      takenToday: true,
      follows: [
        {
          what: 'the meeting',
          context: 'showOfHands.meetingDate',
          rule: 'DECISION_BEFORE_MEETING',
        },
      ],
    },
  ],
  SIGN_NOTICE: [
    {
      field: 'signedOn',
      what: 'the signature of the Decision Notice',
      follows: [{ what: 'the decision', context: 'decision.decidedOn' }],
    },
  ],
  RECORD_PUBLICATION: [
    {
      field: 'publishedOn',
      what: 'the publication of the Decision Notice',
      follows: [
        { what: 'the decision', context: 'decision.decidedOn' },
        { what: 'the decision maker’s signature', context: 'signatures.decisionMaker' },
        { what: 'the Proper Officer’s signature', context: 'signatures.properOfficer' },
      ],
    },
  ],
  EXEMPT_FROM_CALL_IN: [
    {
      field: 'agreedOn',
      what: 'the urgency agreement',
      follows: [{ what: 'the decision', context: 'decision.decidedOn' }],
    },
  ],
  CALL_IN: [
    {
      field: 'calledInOn',
      what: 'the call-in',
      follows: [
        {
          what: 'the publication of the Decision Notice',
          context: 'publication.publishedOn',
          rule: 'CALL_IN_BEFORE_PUBLICATION',
        },
      ],
      until: [
        {
          what: 'the last day of the call-in period',
          context: 'publication.callInEndsOn',
          rule: 'CALL_IN_OUT_OF_TIME',
        },
      ],
    },
  ],
  RECORD_CALL_IN_OUTCOME: [
    {
      field: 'recordedOn',
      what: 'the call-in’s outcome',
      follows: [
        {
          what: 'the call-in',
          context: 'callIn.calledInOn',
          rule: 'CALL_IN_OUTCOME_BEFORE_CALL_IN',
        },
      ],
    },
  ],
};
