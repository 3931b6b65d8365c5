import { sentAs, type TracePlan } from '../trace-recorder.service';

const EDITION = '7d3f5a9e-2b1c-4e8f-9a6d-0c5b4e3a2f10';

/**
 * The events the officer delegated decision's traces are made of
 * (libs/workflows/trace-recorder.service.ts): a Director of Public Health's key decision to
 * recommission the sexual health service (invented, on the seeds' pattern), listed in the forward
 * plan published on Fri 1 Aug 2025 and decided on Mon 15 Sep 2025, and the payloads refused.
 */
export const OFFICER_DELEGATED_DECISION_V1_TRACES: TracePlan = {
  template: 'officer-delegated-decision',
  version: 1,
  opening: { on: '2025-07-28', dates: { decisionDue: '2025-09-15' } },
  events: sentAs({
    DESCRIBE_MATTER: {
      type: 'DESCRIBE_MATTER',
      summary: 'Recommission the integrated sexual health service from April 2026',
      keyDecision: true,
      keyDecisionReasons: 'Spending of £4.2M over three years',
      documents: ['Report of the Director of Public Health', 'Equality impact assessment'],
      exemptReasons: null,
      representations: 'Write to democratic.services@example.org by 12 September 2025',
    },
    'DESCRIBE_MATTER, not a key decision': {
      type: 'DESCRIBE_MATTER',
      summary: 'Extend the smoking cessation pilot by three months',
      keyDecision: false,
      representations: 'Write to democratic.services@example.org',
    },
    'DESCRIBE_MATTER, exempt': {
      type: 'DESCRIBE_MATTER',
      summary: 'Purchase of a clinic building',
      keyDecision: true,
      keyDecisionReasons: 'Spending of £1.1M',
      exemptReasons: 'Schedule 12A para 3: the financial affairs of the seller',
      representations: 'Write to democratic.services@example.org',
    },
    'DESCRIBE_MATTER, key without reasons': {
      type: 'DESCRIBE_MATTER',
      summary: 'Recommission the service',
      keyDecision: true,
      representations: 'Write to us',
    },
    FORWARD_PLAN_PUBLISHED: {
      type: 'FORWARD_PLAN_PUBLISHED',
      role: 'system',
      on: '2025-08-01',
      publishedOn: '2025-08-01',
      edition: EDITION,
    },
    'FORWARD_PLAN_PUBLISHED, by the officer': {
      type: 'FORWARD_PLAN_PUBLISHED',
      publishedOn: '2025-08-01',
      edition: EDITION,
    },
    RECORD_CONSULTATION: {
      type: 'RECORD_CONSULTATION',
      on: '2025-09-08',
      name: 'Cllr Ada Fox',
      actingAs: 'Cabinet Member for Health and Adult Social Care',
      consultedOn: '2025-09-08',
      views: 'Supports the recommissioning; asks that outreach to young people be kept',
      conflict: 'Her partner is a trustee of a bidding charity',
      dispensation: {
        grantedBy: 'Head of Paid Service',
        grantedOn: '2025-09-05',
        reference: 'Dispensation 2025/14',
      },
    },
    'RECORD_CONSULTATION, a dispensation without a conflict': {
      type: 'RECORD_CONSULTATION',
      name: 'Cllr Ada Fox',
      actingAs: 'Cabinet Member',
      consultedOn: '2025-09-08',
      views: 'Supports it',
      dispensation: { grantedBy: 'Head of Paid Service', grantedOn: '2025-09-05', reference: 'D1' },
    },
    RECORD_DECISION: {
      type: 'RECORD_DECISION',
      role: 'decisionMaker',
      on: '2025-09-15',
      decision: 'Recommission the integrated sexual health service by open tender',
      decidedOn: '2025-09-15',
      reasons: 'The current contract ends in March 2026; a tender tests value for money',
      alternativesRejected: ['Extend the current contract', 'Bring the service in house'],
      backgroundPapers: ['Sexual health needs assessment 2025'],
    },
    'RECORD_DECISION, before 28 clear days': {
      type: 'RECORD_DECISION',
      role: 'decisionMaker',
      on: '2025-08-20',
      decision: 'Recommission by open tender',
      decidedOn: '2025-08-20',
      reasons: 'Value for money',
    },
    'RECORD_DECISION, by the general exception': {
      type: 'RECORD_DECISION',
      role: 'decisionMaker',
      on: '2025-08-20',
      decision: 'Recommission by open tender',
      decidedOn: '2025-08-20',
      reasons: 'Value for money',
      generalException: {
        scrutinyChairToldInWritingOn: '2025-08-11',
        noticePublishedOn: '2025-08-11',
      },
    },
    'RECORD_DECISION, by the officer': {
      type: 'RECORD_DECISION',
      decision: 'Recommission by open tender',
      decidedOn: '2025-09-15',
      reasons: 'Value for money',
    },
    RECORD_PUBLICATION: { type: 'RECORD_PUBLICATION', on: '2025-09-16', publishedOn: '2025-09-16' },
    CALL_IN: {
      type: 'CALL_IN',
      on: '2025-09-18',
      calledInOn: '2025-09-18',
      reasons: 'Five members ask scrutiny to review the tender’s effect on outreach',
    },
    'RECORD_CALL_IN_OUTCOME, confirmed': {
      type: 'RECORD_CALL_IN_OUTCOME',
      on: '2025-10-01',
      recordedOn: '2025-10-01',
      result: 'decisionConfirmed',
    },
    'RECORD_CALL_IN_OUTCOME, referred back': {
      type: 'RECORD_CALL_IN_OUTCOME',
      on: '2025-10-01',
      recordedOn: '2025-10-01',
      result: 'referredBackToDecisionMaker',
    },
    'DEADLINE_PASSED, callIn': { type: 'DEADLINE_PASSED', key: 'callIn', on: '2025-09-24' },
  }),
  journeys: {
    'a key decision in the forward plan, decided after 28 clear days, published and implementable after call-in':
      [
        'DESCRIBE_MATTER',
        'FORWARD_PLAN_PUBLISHED',
        'RECORD_CONSULTATION',
        'RECORD_DECISION',
        'RECORD_PUBLICATION',
        'DEADLINE_PASSED, callIn',
      ],
    'a key decision taken before 28 clear days by the general exception': [
      'DESCRIBE_MATTER',
      'FORWARD_PLAN_PUBLISHED',
      'RECORD_DECISION, by the general exception',
    ],
    'a decision that is not key, implementable on publication': [
      'DESCRIBE_MATTER, not a key decision',
      'RECORD_DECISION',
      'RECORD_PUBLICATION',
    ],
    'called in, referred back, decided again and confirmed': [
      'DESCRIBE_MATTER',
      'FORWARD_PLAN_PUBLISHED',
      'RECORD_DECISION',
      'RECORD_PUBLICATION',
      'CALL_IN',
      'RECORD_CALL_IN_OUTCOME, referred back',
      'RECORD_DECISION',
      'RECORD_PUBLICATION',
      'CALL_IN',
      'RECORD_CALL_IN_OUTCOME, confirmed',
    ],
  },
};
