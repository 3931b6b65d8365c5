import type { TracePlan } from '../trace-recorder.service';
import { JCB_V4_TRACES } from './jcb-delegated-decision-v4.traces';

/**
 * Version 5's traces: version 4's events and journeys on the ICB Board, each meeting event carrying
 * the Board's rules as the engine writes them from the directory (`boardRules`: 4 present, 2 from
 * each of council and ICB, consensus of both; ToR 8.1), and a Board with a co-opted Healthwatch
 * seat (ToR 2.3), which counts toward the total present but is no partner: quorate with 2 council
 * and 2 ICB members present and agreeing while Healthwatch is away, its hand counted when present.
 * And what the rules refuse (probed wherever the case first stands): Healthwatch making up for an
 * ICB member, rules missing, rules deciding by majority, 2 ICB members present where the Board's rules ask 3.
 */

const ICB_BOARD_RULES = {
  quorum: {
    source: 'JCB terms of reference 8.1 (seed 002)',
    total: 4,
    minimums: [
      { category: 'council', min: 2, label: 'council members' },
      { category: 'icb', min: 2, label: 'ICB members' },
    ],
  },
  decision: {
    kind: 'consensus',
    blocs: ['council', 'icb'],
    source: 'JCB terms of reference 8.1-8.3 (seed 002)',
  },
};

const MEETING_EVENTS = new Set(['RECORD_ATTENDANCE', 'RECORD_SHOW_OF_HANDS']);
type Event = TracePlan['events'][string];
type Facts = {
  members: { personId: string; name: string; partner: string; cabinetMember: boolean }[];
  attendance: { personId: string; name: string; status: string }[];
};

const withRules = (e: Event, rules: unknown = ICB_BOARD_RULES): Event => ({
  ...e,
  payload: { ...e.payload, boardRules: rules },
});
const V4 = JCB_V4_TRACES.events;
const withBoardRules = Object.fromEntries(
  Object.entries(V4).map(([name, e]) => [name, MEETING_EVENTS.has(e.type) ? withRules(e) : e]),
);

/** The Board with Healthwatch's co-opted seat; `present` of the seven, the others away. */
const HEALTHWATCH = { personId: 'hw1', name: 'Hana Webb', partner: 'healthwatch' };
const withHealthwatch = (name: string, away: string[], hands?: Record<string, string>): Event => {
  const e = withBoardRules[name];
  const payload = structuredClone(e.payload) as Record<string, unknown> & { meeting: Facts };
  const f = payload.meeting;
  f.members = [...f.members, { ...HEALTHWATCH, cabinetMember: false }];
  f.attendance = [
    ...f.attendance,
    { personId: 'hw1', name: HEALTHWATCH.name, status: 'present' },
  ].map((a) => (away.includes(a.personId) ? { ...a, status: 'apologies' } : a));
  if (hands)
    payload.hands = f.attendance
      .filter((a) => a.status === 'present')
      .map((a) => ({ personId: a.personId, hand: hands[a.personId] ?? 'for' }));
  return { ...e, payload };
};
/** Away: a Cabinet member, an ICB member and Healthwatch (the ICB member who declared an interest is there). */
/** All but one ICB member present: quorate under ToR 8.1, not under rules asking 3 of each partner. */
const oneIcbAway: Event = (() => {
  const payload = structuredClone(V4.RECORD_ATTENDANCE.payload) as { meeting: Facts };
  payload.meeting.attendance = payload.meeting.attendance.map((a) =>
    a.personId === 'icb2' ? { ...a, status: 'apologies' } : a,
  );
  return { ...V4.RECORD_ATTENDANCE, payload };
})();
const TWO_AND_TWO = ['cab3', 'icb2', 'hw1'];

export const JCB_V5_TRACES: TracePlan = {
  ...JCB_V4_TRACES,
  version: 5,
  events: {
    ...withBoardRules,
    'RECORD_ATTENDANCE, 2 council and 2 ICB present, Healthwatch away': withHealthwatch(
      'RECORD_ATTENDANCE',
      TWO_AND_TWO,
    ),
    'RECORD_SHOW_OF_HANDS, consensus without Healthwatch’s hand': withHealthwatch(
      'RECORD_SHOW_OF_HANDS, consensus',
      TWO_AND_TWO,
      {},
    ),
    'RECORD_ATTENDANCE, Healthwatch present': withHealthwatch('RECORD_ATTENDANCE', []),
    'RECORD_SHOW_OF_HANDS, Healthwatch for': withHealthwatch(
      'RECORD_SHOW_OF_HANDS, consensus',
      [],
      {},
    ),
    'RECORD_SHOW_OF_HANDS, Healthwatch against, referred back': {
      ...withHealthwatch('RECORD_SHOW_OF_HANDS, consensus', [], { hw1: 'against' }),
      payload: {
        ...withHealthwatch('RECORD_SHOW_OF_HANDS, consensus', [], { hw1: 'against' }).payload,
        chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
      },
    },
    'RECORD_ATTENDANCE, 2 council and 1 ICB present with Healthwatch': withHealthwatch(
      'RECORD_ATTENDANCE',
      ['cab3', 'icb1', 'icb2'],
    ),
    'RECORD_ATTENDANCE, without the Board’s rules': {
      ...V4.RECORD_ATTENDANCE,
      payload: { ...V4.RECORD_ATTENDANCE.payload },
    },
    'RECORD_ATTENDANCE, rules deciding by majority': withRules(V4.RECORD_ATTENDANCE, {
      ...ICB_BOARD_RULES,
      decision: { kind: 'majority', source: 'a board deciding by majority' },
    }),
    'RECORD_ATTENDANCE, 3 ICB members needed, 2 present': withRules(oneIcbAway, {
      ...ICB_BOARD_RULES,
      quorum: {
        ...ICB_BOARD_RULES.quorum,
        minimums: ICB_BOARD_RULES.quorum.minimums.map((m) => ({ ...m, min: 3 })),
      },
    }),
  },
  journeys: {
    'a Board with a co-opted Healthwatch seat, Healthwatch away: quorate with 2 council and 2 ICB members, consensus without Healthwatch’s hand, the decision drafted and taken':
      [
        'RECORD_NOTICES',
        'RECORD_ATTENDANCE, 2 council and 2 ICB present, Healthwatch away',
        'RECORD_SHOW_OF_HANDS, consensus without Healthwatch’s hand',
        'DRAFT_DECISION, as an ICB member',
        'APPROVE, the decision maker',
      ],
    'a Board with a co-opted Healthwatch seat present: its hand counted among those present, consensus':
      [
        'RECORD_NOTICES',
        'RECORD_ATTENDANCE, Healthwatch present',
        'RECORD_SHOW_OF_HANDS, Healthwatch for',
      ],
    'a Board with a co-opted Healthwatch seat present against: no consensus of those present, referred back':
      [
        'RECORD_NOTICES',
        'RECORD_ATTENDANCE, Healthwatch present',
        'RECORD_SHOW_OF_HANDS, Healthwatch against, referred back',
      ],
    ...JCB_V4_TRACES.journeys,
  },
};
