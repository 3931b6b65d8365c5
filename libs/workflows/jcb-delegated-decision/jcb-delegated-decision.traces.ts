import type { TracePlan } from '../trace-recorder.service';

/**
 * The events the JCB versions' recorded traces are made of (libs/workflows/trace-recorder.service.ts):
 * the seed's Board (3 Cabinet members, 3 CCG members; ToR 7.1, 8.1) meeting on Thu 4 Sep 2025, a
 * £1.5M decision under the Cabinet member's £2M delegation, and for each rule a payload it
 * refuses or a situation the machine does not take (another meeting, another attendance, a date
 * too early). Payloads as people send them: what the template computes is left to it.
 */

export const M1 = '2025-09-04';
const M2 = '2025-10-02';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['ccg1', 'Dr Dev Shah', 'ccg', false],
  ['ccg2', 'Dr Eve Long', 'ccg', false],
  ['ccg3', 'Dr Finn Roy', 'ccg', false],
] as const;
const ALL = MEMBERS.map(([id]) => id as string);

const facts = (meetingDate: string, present: string[] = ALL) => ({
  meetingDate,
  members: MEMBERS.map(([personId, name, partner, cabinetMember]) => ({
    personId,
    name,
    partner,
    cabinetMember,
  })),
  attendance: MEMBERS.map(([personId, name]) => ({
    personId,
    name,
    status: present.includes(personId) ? 'present' : 'apologies',
  })),
  declarations: [{ personId: 'ccg3', kind: 'other', nature: 'Trustee of a carers charity' }],
  dispensations: [],
});

/** The same facts with every object's keys the other way round: equal, whatever the order. */
const reordered = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reordered)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reordered(x)]),
        )
      : v;

const hands = (meetingDate: string, against: string[] = [], present: string[] = ALL) => ({
  meeting: reordered(facts(meetingDate, present)),
  hands: present.map((personId) => ({
    personId,
    hand: against.includes(personId) ? 'against' : 'for',
  })),
});

const notices = (over: object = {}) => ({
  meetingDate: M1,
  itemTitle: 'Integrated carers support service contract',
  keyDecision: true,
  forwardPlanPublishedOn: '2025-07-01',
  reportPublishedOn: '2025-08-20',
  ...over,
});

export const decision = (over: object = {}) => ({
  decidedOn: M1,
  decision: 'Award the integrated carers support contract to Carers Together CIC',
  reasons: 'Best quality and price in the tender; supported by both partners',
  alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
  amount: 1_500_000,
  actingAs: 'cabinetMember',
  cabinetMembersAgreeing: ['cab1', 'cab2', 'cab3'],
  ...over,
});

export const officer = (type: string, payload: Record<string, unknown>, on?: string) => ({
  type,
  role: 'officer',
  payload,
  ...(on ? { on } : {}),
});
const system = (type: string, payload: Record<string, unknown>) => ({
  type,
  role: 'system',
  payload,
});

const V1_EVENTS: TracePlan['events'] = {
  RECORD_NOTICES: officer('RECORD_NOTICES', notices()),
  'RECORD_NOTICES, not a key decision': officer(
    'RECORD_NOTICES',
    notices({ keyDecision: false, forwardPlanPublishedOn: null }),
  ),
  'RECORD_NOTICES, a Part 2 item': officer(
    'RECORD_NOTICES',
    notices({
      privateItem: {
        noticePublishedOn: '2025-07-01',
        reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
      },
    }),
  ),
  'RECORD_NOTICES, the report published late': officer(
    'RECORD_NOTICES',
    notices({ reportPublishedOn: '2025-09-01' }),
  ),
  'RECORD_NOTICES, for another meeting': officer(
    'RECORD_NOTICES',
    notices({ meetingDate: M2, reportPublishedOn: '2025-09-20' }),
  ),
  RECORD_ATTENDANCE: officer('RECORD_ATTENDANCE', { meeting: facts(M1) }, M1),
  'RECORD_ATTENDANCE, inquorate': officer(
    'RECORD_ATTENDANCE',
    { meeting: facts(M1, ['cab1', 'cab2', 'ccg1']) },
    M1,
  ),
  'RECORD_ATTENDANCE, a declaration by someone not there': officer(
    'RECORD_ATTENDANCE',
    {
      meeting: {
        ...facts(M1),
        declarations: [{ personId: 'visitor', kind: 'other', nature: 'A neighbour' }],
      },
    },
    M1,
  ),
  'RECORD_ATTENDANCE, of another meeting': officer('RECORD_ATTENDANCE', { meeting: facts(M2) }, M1),
  'RECORD_ATTENDANCE, at the later meeting': officer(
    'RECORD_ATTENDANCE',
    { meeting: facts(M2) },
    M2,
  ),
  'RECORD_SHOW_OF_HANDS, consensus': officer('RECORD_SHOW_OF_HANDS', hands(M1), M1),
  'RECORD_SHOW_OF_HANDS, no consensus, deferred': officer(
    'RECORD_SHOW_OF_HANDS',
    { ...hands(M1, ['ccg2']), chairChoice: { outcome: 'deferred', consultedThosePresent: true } },
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, no consensus, referred back': officer(
    'RECORD_SHOW_OF_HANDS',
    {
      ...hands(M1, ['ccg2']),
      chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
    },
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, no consensus and no choice by the Chair': officer(
    'RECORD_SHOW_OF_HANDS',
    hands(M1, ['ccg2']),
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, a hand missing': officer(
    'RECORD_SHOW_OF_HANDS',
    { ...hands(M1), hands: hands(M1).hands.slice(1) },
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, inquorate': officer(
    'RECORD_SHOW_OF_HANDS',
    { ...hands(M1, [], ['cab1', 'cab2', 'ccg1']), hands: [] },
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, for another attendance': officer(
    'RECORD_SHOW_OF_HANDS',
    hands(M1, [], ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, the attendance listed in another order': officer(
    'RECORD_SHOW_OF_HANDS',
    {
      ...hands(M1),
      meeting: { ...facts(M1), attendance: [...facts(M1).attendance].reverse() },
    },
    M1,
  ),
  'RECORD_SHOW_OF_HANDS, consensus at the later meeting': officer(
    'RECORD_SHOW_OF_HANDS',
    hands(M2),
    M2,
  ),
  RECONSIDER: officer(
    'RECONSIDER',
    {
      talkedOn: '2025-09-10',
      note: 'The Chair and the CCG lead agreed a revised specification',
      meetingDate: M2,
    },
    '2025-09-10',
  ),
  'RECONSIDER, at an earlier meeting': officer(
    'RECONSIDER',
    { talkedOn: '2025-08-20', note: 'Talked', meetingDate: '2025-08-28' },
    '2025-09-10',
  ),
  RECORD_DECISION: { type: 'RECORD_DECISION', role: 'decisionMaker', payload: decision(), on: M1 },
  'RECORD_DECISION, over the limit': {
    type: 'RECORD_DECISION',
    role: 'decisionMaker',
    payload: decision({ amount: 2_500_000 }),
    on: M1,
  },
  'RECORD_DECISION, two Cabinet members agreeing': {
    type: 'RECORD_DECISION',
    role: 'decisionMaker',
    payload: decision({ cabinetMembersAgreeing: ['cab1', 'cab2'] }),
    on: M1,
  },
  'RECORD_DECISION, dated before the meeting': {
    type: 'RECORD_DECISION',
    role: 'decisionMaker',
    payload: decision({ decidedOn: '2025-09-01' }),
    on: M1,
  },
  'RECORD_DECISION, after the later meeting': {
    type: 'RECORD_DECISION',
    role: 'decisionMaker',
    payload: decision({ decidedOn: M2 }),
    on: M2,
  },
  'RECORD_DECISION, afresh after the call-in': {
    type: 'RECORD_DECISION',
    role: 'decisionMaker',
    payload: decision({ decidedOn: '2025-09-23', amount: 1_200_000 }),
    on: '2025-09-23',
  },
  'SIGN_NOTICE, the decision maker': {
    type: 'SIGN_NOTICE',
    role: 'decisionMaker',
    payload: { signedOn: M1 },
    on: M1,
  },
  'SIGN_NOTICE, the Proper Officer': {
    type: 'SIGN_NOTICE',
    role: 'properOfficer',
    payload: { signedOn: M1 },
    on: M1,
  },
  'SIGN_NOTICE, the officer': officer('SIGN_NOTICE', { signedOn: M1 }, M1),
  RECORD_PUBLICATION: officer('RECORD_PUBLICATION', { publishedOn: '2025-09-05' }, '2025-09-05'),
  'RECORD_PUBLICATION, before the decision': officer(
    'RECORD_PUBLICATION',
    { publishedOn: '2025-09-01' },
    '2025-09-05',
  ),
  'RECORD_PUBLICATION, after the fresh decision': officer(
    'RECORD_PUBLICATION',
    { publishedOn: '2025-09-24' },
    '2025-09-24',
  ),
  CALL_IN: officer(
    'CALL_IN',
    {
      calledInOn: '2025-09-10',
      calledInBy: 'Cllr Gray and Cllr Hunt',
      reasons: 'The consultation with carers was too short',
    },
    '2025-09-10',
  ),
  'CALL_IN, after the call-in period': officer(
    'CALL_IN',
    { calledInOn: '2025-09-20', calledInBy: 'Cllr Gray', reasons: 'Too late' },
    '2025-09-20',
  ),
  'RECORD_CALL_IN_OUTCOME, decision confirmed': officer(
    'RECORD_CALL_IN_OUTCOME',
    {
      result: 'decisionConfirmed',
      recordedOn: '2025-09-22',
      minuteReference: 'HOSP 22 Sep 2025, minute 5',
    },
    '2025-09-22',
  ),
  'RECORD_CALL_IN_OUTCOME, referred back to the decision maker': officer(
    'RECORD_CALL_IN_OUTCOME',
    {
      result: 'referredBackToDecisionMaker',
      recordedOn: '2025-09-22',
      minuteReference: 'HOSP 22 Sep 2025, minute 5',
    },
    '2025-09-22',
  ),
  'RECORD_CALL_IN_OUTCOME, dated before the call-in': officer(
    'RECORD_CALL_IN_OUTCOME',
    { result: 'decisionConfirmed', recordedOn: '2025-09-08', minuteReference: 'HOSP, minute 1' },
    '2025-09-22',
  ),
  'REMINDER_DUE, meeting': system('REMINDER_DUE', { key: 'meeting', workingDaysLeft: 7 }),
  'REMINDER_DUE, call-in': system('REMINDER_DUE', { key: 'callIn', workingDaysLeft: 1 }),
  'DEADLINE_PASSED, meeting': system('DEADLINE_PASSED', { key: 'meeting' }),
  'DEADLINE_PASSED, call-in': system('DEADLINE_PASSED', { key: 'callIn' }),
  'DEADLINE_PASSED, an unknown deadline': system('DEADLINE_PASSED', { key: 'noting' }),
};

export const TO_CONSENSUS = [
  'RECORD_NOTICES',
  'RECORD_ATTENDANCE',
  'RECORD_SHOW_OF_HANDS, consensus',
];
export const SIGNED = ['SIGN_NOTICE, the decision maker', 'SIGN_NOTICE, the Proper Officer'];

const V1_JOURNEYS: TracePlan['journeys'] = {
  'a key decision taken, signed, published and implementable after the call-in period': [
    ...TO_CONSENSUS,
    'RECORD_DECISION',
    ...SIGNED,
    'RECORD_PUBLICATION',
    'DEADLINE_PASSED, call-in',
  ],
  'called in, referred back, decided afresh and confirmed': [
    ...TO_CONSENSUS,
    'RECORD_DECISION',
    ...SIGNED,
    'RECORD_PUBLICATION',
    'CALL_IN',
    'RECORD_CALL_IN_OUTCOME, referred back to the decision maker',
    'RECORD_DECISION, afresh after the call-in',
    ...SIGNED,
    'RECORD_PUBLICATION, after the fresh decision',
    'DEADLINE_PASSED, call-in',
  ],
  'deferred without consensus, reconsidered and agreed at the later meeting': [
    'RECORD_NOTICES',
    'RECORD_ATTENDANCE',
    'RECORD_SHOW_OF_HANDS, no consensus, deferred',
    'RECONSIDER',
    'RECORD_ATTENDANCE, at the later meeting',
    'RECORD_SHOW_OF_HANDS, consensus at the later meeting',
    'RECORD_DECISION, after the later meeting',
  ],
  'not a key decision: implementable on publication': [
    'RECORD_NOTICES, not a key decision',
    'RECORD_ATTENDANCE',
    'RECORD_SHOW_OF_HANDS, consensus',
    'RECORD_DECISION',
    ...SIGNED,
    'RECORD_PUBLICATION',
  ],
};

const PEOPLE = [
  { id: 'cab1', name: 'Cllr Ada Fox', email: 'ada.fox@example.org' },
  { id: 'proper', name: 'Gail Price', email: 'gail.price@example.org' },
  { id: 'scrutiny', name: 'Cllr Jan Cole', email: 'jan.cole@example.org' },
  { id: 'dana', name: 'Dana Whitlock', email: 'dana.whitlock@example.org' },
];
const OFFICES = [
  {
    id: 'cabinetHealth',
    title: 'Cabinet Member for Health and Adult Social Care',
    holderPersonId: 'cab1',
  },
  { id: 'properOfficer', title: 'Proper Officer, Democratic Services', holderPersonId: 'proper' },
  {
    id: 'scrutinyChair',
    title: 'Chair, Health Overview and Scrutiny Panel',
    holderPersonId: 'scrutiny',
  },
];
const DELEGATION = {
  id: 'jcbDecision',
  amountLimit: 2_000_000,
  conditions: [{ kind: 'requiresJcbConsensus' }, { kind: 'unanimousCabinetMembers', count: 3 }],
  delegateOfficeId: 'cabinetHealth',
  delegateOfficeTitle: 'Cabinet Member for Health and Adult Social Care',
  delegatorBodyName: 'Joint Commissioning Board',
  scope: 'jcb-delegated-decision',
  reference: 'JCB ToR 8.1; Financial Procedure Rules: Cabinet member up to £2M',
  validFrom: '2025-01-01T00:00:00.000Z',
  validUntil: null,
  revokedAt: null,
};

/** The case's directory: the decision maker's delegation, the Proper Officer, perhaps the scrutiny chair. */
export const jcbDirectory = (urgencyApprover: boolean) => ({
  roles: {
    decisionMaker: { kind: 'delegation', delegationId: 'jcbDecision' },
    properOfficer: { kind: 'office', officeId: 'properOfficer' },
    ...(urgencyApprover ? { urgencyApprover: { kind: 'office', officeId: 'scrutinyChair' } } : {}),
    officer: { kind: 'officers' },
  },
  caseOfficerId: 'dana',
  offices: urgencyApprover ? OFFICES : OFFICES.slice(0, 2),
  delegations: [DELEGATION],
  people: urgencyApprover ? PEOPLE : PEOPLE.filter((p) => p.id !== 'scrutiny'),
});

const opening = { on: '2025-08-01', dates: { meetingDate: M1 } };

export const JCB_V1_TRACES: TracePlan = {
  template: 'jcb-delegated-decision',
  version: 1,
  directory: jcbDirectory(false),
  opening,
  events: V1_EVENTS,
  journeys: V1_JOURNEYS,
};
