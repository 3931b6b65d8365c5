import type { TracePlan } from '../trace-recorder.service';
import { JCB_V6_TRACES } from './jcb-delegated-decision-v6.traces';

/**
 * Version 7's traces: version 6's events and journeys, and the referral back going on (ToR 8.3,
 * 9.1). Referred back at the meeting of Thu 4 Sep 2025, Cabinet decides on Wed 17 Sep and the
 * Integrated Care Board's board on Thu 18 Sep; where they differ, the Leader of the Council and
 * the partner's chair discuss it on Mon 22 Sep and each records a conclusion; a matter returned
 * to the Board is brought back to the meeting of Thu 2 Oct 2025. And what is refused: a body's
 * second decision, a conclusion outside a dispute, a conclusion by the officer, a return to an
 * earlier meeting.
 */

type Event = TracePlan['events'][string];
type Directory = { roles: object; offices: object[]; people: object[] };

const base = JCB_V6_TRACES.directory as Directory;
const DIRECTORY = {
  ...base,
  roles: {
    ...base.roles,
    leader: { kind: 'office', officeId: 'leader' },
    partnerChair: { kind: 'office', officeId: 'icbChair' },
  },
  offices: [
    ...base.offices,
    { id: 'leader', title: 'Leader of the Council', holderPersonId: 'leader' },
    {
      id: 'icbChair',
      title: 'Chair, NHS Hampshire and Isle of Wight Integrated Care Board',
      holderPersonId: 'icbChair',
    },
  ],
  people: [
    ...base.people,
    { id: 'leader', name: 'Cllr Lena Park', email: 'lena.park@example.org' },
    { id: 'icbChair', name: 'Dr Rhys Bell', email: 'rhys.bell@example.org' },
  ],
};

const officer = (type: string, payload: Record<string, unknown>, on: string): Event => ({
  type,
  role: 'officer',
  payload,
  on,
});
const body = (type: string, outcome: string, decidedOn: string): Event =>
  officer(
    type,
    {
      decidedOn,
      outcome,
      minuteReference: `Minute ${decidedOn}/7`,
      reasons: outcome === 'supports' ? null : 'The service model needs further work',
    },
    decidedOn,
  );
const concluded = (type: string, role: string, conclusion: string): Event => ({
  type,
  role,
  payload: {
    discussedOn: '2025-09-22',
    conclusion,
    note: 'The Leader and the ICB chair discussed the revised specification',
  },
  on: '2025-09-22',
});

const V7_EVENTS: TracePlan['events'] = {
  ...JCB_V6_TRACES.events,
  'RECORD_CABINET_DECISION, supports': body('RECORD_CABINET_DECISION', 'supports', '2025-09-17'),
  'RECORD_CABINET_DECISION, does not support': body(
    'RECORD_CABINET_DECISION',
    'doesNotSupport',
    '2025-09-17',
  ),
  'RECORD_PARTNER_BOARD_DECISION, supports': body(
    'RECORD_PARTNER_BOARD_DECISION',
    'supports',
    '2025-09-18',
  ),
  'RECORD_PARTNER_BOARD_DECISION, does not support': body(
    'RECORD_PARTNER_BOARD_DECISION',
    'doesNotSupport',
    '2025-09-18',
  ),
  'RECORD_PARTNER_BOARD_DECISION, without a minute reference': officer(
    'RECORD_PARTNER_BOARD_DECISION',
    { decidedOn: '2025-09-18', outcome: 'supports', minuteReference: ' ' },
    '2025-09-18',
  ),
  'RECORD_LEADER_CONCLUSION, back to the Board': concluded(
    'RECORD_LEADER_CONCLUSION',
    'leader',
    'returnToBoard',
  ),
  'RECORD_LEADER_CONCLUSION, does not move forward': concluded(
    'RECORD_LEADER_CONCLUSION',
    'leader',
    'doesNotMoveForward',
  ),
  'RECORD_LEADER_CONCLUSION, by the officer': concluded(
    'RECORD_LEADER_CONCLUSION',
    'officer',
    'returnToBoard',
  ),
  'RECORD_PARTNER_CHAIR_CONCLUSION, back to the Board': concluded(
    'RECORD_PARTNER_CHAIR_CONCLUSION',
    'partnerChair',
    'returnToBoard',
  ),
  'RECORD_PARTNER_CHAIR_CONCLUSION, does not move forward': concluded(
    'RECORD_PARTNER_CHAIR_CONCLUSION',
    'partnerChair',
    'doesNotMoveForward',
  ),
  'RECONSIDER, after the partners returned it': officer(
    'RECONSIDER',
    {
      talkedOn: '2025-09-24',
      note: 'The Chair and the ICB lead agreed to bring the revised specification back',
      meetingDate: '2025-10-02',
    },
    '2025-09-24',
  ),
};

const REFERRED = [
  'DESCRIBE_MATTER',
  'FORWARD_PLAN_PUBLISHED',
  'RECORD_NOTICES',
  'RECORD_ATTENDANCE',
  'RECORD_SHOW_OF_HANDS, no consensus, referred back',
];

export const JCB_V7_TRACES: TracePlan = {
  ...JCB_V6_TRACES,
  version: 7,
  directory: DIRECTORY,
  events: V7_EVENTS,
  journeys: {
    'referred back, both partners support it: returned to the Board, agreed at its later meeting': [
      ...REFERRED,
      'RECORD_CABINET_DECISION, supports',
      'RECORD_PARTNER_BOARD_DECISION, supports',
      'RECONSIDER, after the partners returned it',
      'RECORD_ATTENDANCE, at the later meeting',
      'RECORD_SHOW_OF_HANDS, consensus at the later meeting',
    ],
    'referred back, neither partner supports it: the matter does not go ahead': [
      ...REFERRED,
      'RECORD_PARTNER_BOARD_DECISION, does not support',
      'RECORD_CABINET_DECISION, does not support',
    ],
    'referred back, the partners differ: the Leader and the ICB chair return it to the Board': [
      ...REFERRED,
      'RECORD_CABINET_DECISION, supports',
      'RECORD_PARTNER_BOARD_DECISION, does not support',
      'RECORD_LEADER_CONCLUSION, back to the Board',
      'RECORD_PARTNER_CHAIR_CONCLUSION, back to the Board',
      'RECONSIDER, after the partners returned it',
    ],
    'referred back, the partners differ and the Leader and the ICB chair do not agree: it does not move forward':
      [
        ...REFERRED,
        'RECORD_CABINET_DECISION, does not support',
        'RECORD_PARTNER_BOARD_DECISION, supports',
        'RECORD_PARTNER_CHAIR_CONCLUSION, back to the Board',
        'RECORD_LEADER_CONCLUSION, does not move forward',
      ],
    ...JCB_V6_TRACES.journeys,
  },
};
