/**
 * Which payload fields of each template's events are recorded dates (the day something happened)
 * and the steps each must not come before (or, for a period, after). The engine applies them
 * around the machine, after the payload's own rules and before the machine takes the event
 * (libs/engine/recorded-dates.check.ts, libs/governance/recorded-dates.service.ts), for every
 * version of the template: the machines, their traces and their definitions do not change
 * (docs/adr/0008-recorded-dates-checked-around-the-machine.md). Dates that are plans (a next
 * meeting, a resubmission deadline, a meeting the notices are for) are not recorded dates.
 */

import { jcbRecordedDates } from './jcb-delegated-decision/jcb-delegated-decision.recorded-dates';
import type { RecordedDates, RecordedDateSpec } from './recorded-dates.types';

export type { RecordedDates, RecordedDateSpec, StepRef } from './recorded-dates.types';

const bcfAssuranceAndConditions: RecordedDates = {
  RECORD_ASSURANCE: [
    {
      field: 'receivedOn',
      what: 'the assurance outcome',
      follows: [{ what: 'the submission', context: 'submission.submittedOn' }],
    },
  ],
  MARK_CONDITION_MET: [
    {
      field: 'metOn',
      what: 'the condition being met',
      follows: [{ what: 'the assurance outcome', context: 'assurance.receivedOn' }],
    },
  ],
};

/** By template id: every version of a template takes the same declarations. */
export const RECORDED_DATES: Record<string, RecordedDates> = {
  'bcf-delegated-sign-off': {
    RECORD_SUBMISSION: [
      {
        field: 'submittedOn',
        what: 'the submission',
        follows: [{ what: 'the delegated approval', event: 'APPROVE' }],
      },
    ],
    ...bcfAssuranceAndConditions,
    RECORD_NOTING: [
      {
        field: 'meetingDate',
        what: 'the meeting that noted the approval',
        follows: [{ what: 'the delegated approval', event: 'APPROVE' }],
      },
    ],
    // Version 2: the regional team's request for more information, and the information given.
    REQUEST_INFORMATION: [
      {
        field: 'requestedOn',
        what: 'the regional team’s request for more information',
        follows: [{ what: 'the submission', context: 'submission.submittedOn' }],
      },
    ],
    PROVIDE_INFORMATION: [
      {
        field: 'givenOn',
        what: 'the information given to the regional team',
        follows: [{ what: 'the request for it', context: 'informationRequest.requestedOn' }],
      },
    ],
  },
  'bcf-board-sign-off': {
    RECORD_ARRANGEMENTS: [
      { field: 'meetingDate', what: 'the meeting that agreed the arrangements' },
    ],
    RECORD_HWBB_APPROVAL: [
      {
        field: 'meetingDate',
        what: 'the Board’s approval',
        follows: [{ what: 'the arrangements', context: 'arrangements.meetingDate' }],
      },
    ],
    RECORD_HWBB_REJECTION: [
      {
        field: 'meetingDate',
        what: 'the Board’s rejection',
        follows: [{ what: 'the arrangements', context: 'arrangements.meetingDate' }],
      },
    ],
    // Version 2: the Board's outcome from its meeting's show of hands.
    RECORD_HWBB_DECISION: [
      {
        field: 'meetingDate',
        what: 'the Board’s meeting on the plan',
        follows: [{ what: 'the arrangements', context: 'arrangements.meetingDate' }],
      },
    ],
    RECORD_SUBMISSION: [
      {
        field: 'submittedOn',
        what: 'the submission',
        follows: [
          { what: 'the Chief Executive’s approval', context: 'approvals.chiefExecutive.on' },
          {
            what: 'the Accountable Officer’s approval',
            context: 'approvals.accountableOfficer.on',
          },
        ],
      },
    ],
    ...bcfAssuranceAndConditions,
    MARK_CONDITION_MET: [
      {
        field: 'metOn',
        what: 'the condition being met',
        follows: [{ what: 'the assurance outcome', context: 'assurance.receivedOn' }],
      },
    ],
  },
  'bcf-quarterly-performance-report': {
    RECORD_PREPARED: [{ field: 'preparedOn', what: 'the report’s preparation' }],
    RECORD_JCB_SIGN_OFF: [
      {
        field: 'meetingDate',
        what: 'the Board’s sign-off',
        follows: [{ what: 'the report’s preparation', context: 'prepared.preparedOn' }],
      },
    ],
    RECORD_JCB_DEFERRAL: [
      {
        field: 'meetingDate',
        what: 'the Board’s deferral',
        follows: [{ what: 'the report’s preparation', context: 'prepared.preparedOn' }],
      },
    ],
    RECORD_HWBB_OUTCOME: [
      {
        field: 'meetingDate',
        what: 'the Health and Wellbeing Board’s meeting',
        follows: [{ what: 'the Board’s sign-off', context: 'jcb.meetingDate' }],
      },
    ],
    // Version 3: the JCB's and the HWBB's outcomes from their meetings' show of hands.
    RECORD_JCB_DECISION: [
      {
        field: 'meetingDate',
        what: 'the Joint Commissioning Board’s meeting',
        follows: [{ what: 'the report’s preparation', context: 'prepared.preparedOn' }],
      },
    ],
    RECORD_HWBB_DECISION: [
      {
        field: 'meetingDate',
        what: 'the Health and Wellbeing Board’s meeting',
        follows: [{ what: 'the Board’s sign-off', context: 'jcb.meetingDate' }],
      },
    ],
    RECORD_SUBMISSION: [
      {
        field: 'submittedOn',
        what: 'the submission',
        follows: [{ what: 'the Board’s sign-off', context: 'jcb.meetingDate' }],
      },
    ],
  },
  'grant-ratification': {
    RECORD_AGREEMENT_IN_PRINCIPLE: [{ field: 'meetingDate', what: 'the agreement in principle' }],
    RECORD_CABINET_DECISION: [{ field: 'meetingDate', what: 'the Cabinet’s decision' }],
    // Version 2: Cabinet recommends to Full Council, after both boards agreed in principle and
    // after any referral back by Council.
    RECORD_CABINET_RECOMMENDATION: [
      {
        field: 'meetingDate',
        what: 'the Cabinet’s recommendation',
        follows: [
          {
            what: 'the Integration Board’s agreement in principle',
            context: 'inPrinciple.integrationBoard.meetingDate',
          },
          {
            what: 'the Commissioning Partnership Board’s agreement in principle',
            context: 'inPrinciple.commissioningPartnershipBoard.meetingDate',
          },
          { what: 'the Council’s referral back to Cabinet', context: 'referral.meetingDate' },
        ],
      },
    ],
    RECORD_COUNCIL_DECISION: [
      {
        field: 'meetingDate',
        what: 'the Council’s decision',
        follows: [{ what: 'the Cabinet’s decision', context: 'cabinet.meetingDate' }],
      },
    ],
    RECORD_RATIFICATION: [
      {
        field: 'meetingDate',
        what: 'the ratification',
        follows: [{ what: 'the Council’s decision', context: 'council.meetingDate' }],
      },
    ],
  },
  'minutes-approval': {
    RECORD_APPROVAL: [
      {
        field: 'meetingDate',
        what: 'the meeting that approved the minutes',
        follows: [{ what: 'the meeting whose minutes they are', context: 'dates.meetingDate' }],
      },
    ],
    DEFER: [
      {
        field: 'meetingDate',
        what: 'the meeting that deferred the minutes',
        follows: [{ what: 'the meeting whose minutes they are', context: 'dates.meetingDate' }],
      },
    ],
    RECORD_CORRECTION: [
      {
        field: 'correctedOn',
        what: 'the correction',
        follows: [{ what: 'the approval of the minutes', context: 'resolution.meetingDate' }],
      },
    ],
  },
  'pharmacy-consolidation-representation': {
    RECORD_CONSULTATION_RESPONSE: [
      {
        field: 'respondedOn',
        what: 'the consultee’s response',
        follows: [{ what: 'the notification', context: 'dates.notifiedOn' }],
      },
    ],
    CIRCULATE: [
      {
        field: 'circulatedOn',
        what: 'the circulation',
        follows: [{ what: 'the notification', context: 'dates.notifiedOn' }],
      },
    ],
    RECORD_MEETING: [
      {
        field: 'meetingDate',
        what: 'the meeting',
        follows: [{ what: 'the notification', context: 'dates.notifiedOn' }],
      },
    ],
    RECORD_EIA: [
      {
        field: 'recordedOn',
        what: 'the equality impact assessment',
        follows: [{ what: 'the notification', context: 'dates.notifiedOn' }],
      },
    ],
    RECORD_DECISION: [
      {
        field: 'decidedOn',
        what: 'the decision',
        follows: [{ what: 'the notification', context: 'dates.notifiedOn' }],
      },
    ],
    RECORD_RESPONSE_SENT: [
      {
        field: 'sentOn',
        what: 'the response',
        follows: [{ what: 'the decision', context: 'decision.decidedOn' }],
      },
    ],
  },
  'jcb-delegated-decision': jcbRecordedDates,
  'officer-delegated-decision': {
    FORWARD_PLAN_PUBLISHED: [{ field: 'publishedOn', what: 'the forward plan’s publication' }],
    RECORD_CONSULTATION: [
      { field: 'consultedOn', what: 'the consultation' },
      { field: 'dispensation.grantedOn', what: 'the dispensation' },
    ],
    RECORD_DECISION: [
      {
        field: 'decidedOn',
        what: 'the decision',
        follows: [{ what: 'the description of the matter', event: 'DESCRIBE_MATTER' }],
      },
      { field: 'generalException.noticePublishedOn', what: 'the general exception notice' },
      { field: 'specialUrgency.agreedOn', what: 'the urgency agreement' },
    ],
    RECORD_PUBLICATION: [
      {
        field: 'publishedOn',
        what: 'the publication',
        follows: [{ what: 'the decision', context: 'decision.decidedOn' }],
      },
    ],
    CALL_IN: [
      {
        field: 'calledInOn',
        what: 'the call-in',
        follows: [
          {
            what: 'the publication',
            rule: 'CALL_IN_BEFORE_PUBLICATION',
            context: 'publication.publishedOn',
          },
        ],
        until: [
          {
            what: 'the call-in period',
            rule: 'CALL_IN_OUT_OF_TIME',
            context: 'publication.callIn.endsOn',
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
            rule: 'CALL_IN_OUTCOME_BEFORE_CALL_IN',
            context: 'callIn.calledInOn',
          },
        ],
      },
    ],
  },
};

/** The recorded dates of a template's event (every version alike); none when it declares none. */
export function recordedDatesOf(templateId: string, eventType: string): RecordedDateSpec[] {
  const byEvent = Object.hasOwn(RECORDED_DATES, templateId) ? RECORDED_DATES[templateId] : {};
  return Object.hasOwn(byEvent, eventType) ? byEvent[eventType] : [];
}
