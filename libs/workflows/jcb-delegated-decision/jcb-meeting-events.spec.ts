import type { MeetingOutcome } from '../workflow.template';
import { withCouncilRules } from '../council-context.service';
import { jcbDelegatedDecisionV1 } from './jcb-delegated-decision.template';
import { JCB_ITEM_ID } from './jcb-payload-parts.schema';
import { jcbMeetingEvents } from './jcb-meeting-events.service';

/**
 * The events a JCB case takes from a meeting's recorded outcome, by where the case stands, and
 * payloads the template's own schemas accept (with the seed's JCB: ToR 7.1, 8.1).
 */

const MEETING = '2025-09-04';
const seat = (personId: string, partner: string) => ({ personId, name: personId, partner });
const outcome = (over: Partial<MeetingOutcome> = {}): MeetingOutcome => ({
  meetingDate: MEETING,
  item: {
    title: 'Carers support contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-22',
    lateItemSpecialCircumstances: null,
    generalException: null,
    specialUrgency: null,
    privateItem: null,
  },
  members: [
    seat('cab1', 'council'),
    seat('cab2', 'council'),
    seat('ccg1', 'ccg'),
    seat('ccg2', 'ccg'),
    seat('ccg3', 'ccg'),
  ],
  attendance: [
    ...['cab1', 'cab2', 'ccg1', 'ccg3'].map((p) => ({
      personId: p,
      name: p,
      status: 'present' as const,
    })),
    { personId: 'ccg2', name: 'ccg2', status: 'apologies' },
    { personId: 'sub', name: 'sub', status: 'present', substituteFor: 'ccg2' },
  ],
  declarations: [
    {
      personId: 'ccg3',
      kind: 'disclosablePecuniary',
      nature: 'Trustee of a bidder',
      dispensation: {
        id: 'D-1',
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-06-01',
        endsOn: '2026-06-01',
      },
    },
  ],
  hands: ['cab1', 'cab2', 'ccg1', 'ccg3', 'sub'].map((p) => ({ personId: p, hand: 'for' })),
  ...over,
});
const at = (stateKey: string, context: object = {}) => ({
  stateKey,
  context: { dates: { meetingDate: MEETING }, meeting: null, ...context },
});
const types = (r: ReturnType<typeof jcbMeetingEvents>) => (r.ok ? r.events.map((e) => e.type) : r);

describe('the JCB case’s events from a meeting’s outcome', () => {
  it('sends the notices, the attendance and the hands to a case still awaiting its notice checks', () => {
    expect(types(jcbMeetingEvents(outcome(), at('beforeMeeting.notices'), JCB_ITEM_ID))).toEqual([
      'RECORD_NOTICES',
      'RECORD_ATTENDANCE',
      'RECORD_SHOW_OF_HANDS',
    ]);
  });

  it('builds payloads the template’s own rules accept: council seats as Cabinet members, the dispensation covering the item', () => {
    const r = jcbMeetingEvents(outcome(), at('beforeMeeting.notices'), JCB_ITEM_ID);
    if (!r.ok) throw new Error(r.code);
    for (const e of r.events) {
      const parsed = withCouncilRules({}, () =>
        jcbDelegatedDecisionV1.events[e.type].payload.safeParse(e.payload),
      );
      expect([e.type, parsed.success ? 'accepted' : parsed.error.issues]).toEqual([
        e.type,
        'accepted',
      ]);
    }
    const attendance = r.events[1].payload as {
      meeting: {
        members: { cabinetMember: boolean; partner: string }[];
        dispensations: { matters: string[]; personId: string }[];
      };
    };
    expect(attendance.meeting.members.map((m) => [m.partner, m.cabinetMember])).toEqual([
      ['council', true],
      ['council', true],
      ['ccg', false],
      ['ccg', false],
      ['ccg', false],
    ]);
    expect(attendance.meeting.dispensations).toMatchObject([
      { personId: 'ccg3', matters: [JCB_ITEM_ID] },
    ]);
    expect(r.events[2].payload.meeting).toEqual(attendance.meeting);
  });

  it('sends the attendance and the hands to a case awaiting its meeting', () => {
    expect(types(jcbMeetingEvents(outcome(), at('beforeMeeting.meeting'), JCB_ITEM_ID))).toEqual([
      'RECORD_ATTENDANCE',
      'RECORD_SHOW_OF_HANDS',
    ]);
  });

  it('sends only the hands when the case recorded the same attendance, and refuses when it recorded another', () => {
    const r = jcbMeetingEvents(outcome(), at('beforeMeeting.meeting'), JCB_ITEM_ID);
    if (!r.ok) throw new Error(r.code);
    // The database gives the facts back with their keys in another order.
    const facts = JSON.parse(JSON.stringify(r.events[0].payload.meeting)) as Record<
      string,
      unknown
    >;
    const reordered = Object.fromEntries(Object.entries(facts).reverse());
    const same = at('beforeMeeting.showOfHands', { meeting: { facts: reordered } });
    expect(types(jcbMeetingEvents(outcome(), same, JCB_ITEM_ID))).toEqual(['RECORD_SHOW_OF_HANDS']);
    const other = at('beforeMeeting.showOfHands', {
      meeting: { facts: { ...facts, declarations: [] } },
    });
    expect(jcbMeetingEvents(outcome(), other, JCB_ITEM_ID)).toMatchObject({
      ok: false,
      code: 'CASE_ATTENDANCE_DIFFERS',
    });
  });

  it('refuses a meeting other than the case’s, and a deferred case not yet brought back', () => {
    expect(
      jcbMeetingEvents(
        outcome({ meetingDate: '2025-10-02' }),
        at('beforeMeeting.meeting'),
        JCB_ITEM_ID,
      ),
    ).toMatchObject({
      ok: false,
      code: 'CASE_FOR_ANOTHER_MEETING',
      explanation: [
        'the case’s item is to be taken at the meeting on Thu 4 Sep 2025; this meeting is on Thu 2 Oct 2025',
        expect.any(String),
      ],
    });
    expect(jcbMeetingEvents(outcome(), at('deferred'), JCB_ITEM_ID)).toEqual({
      ok: false,
      code: 'CASE_DEFERRED',
      explanation: [
        'the case was deferred at the meeting on Thu 4 Sep 2025 (JCB ToR 8.2)',
        'record on the case that the item was reconsidered (when the Chair and the partner lead talked, and this meeting’s date) before this meeting decides it',
      ],
    });
  });

  it('leaves other states to the case, which refuses the events itself', () => {
    expect(types(jcbMeetingEvents(outcome(), at('awaitingDecision'), JCB_ITEM_ID))).toEqual([
      'RECORD_ATTENDANCE',
      'RECORD_SHOW_OF_HANDS',
    ]);
  });

  it('passes the Chair’s choice on with the hands', () => {
    const r = jcbMeetingEvents(
      outcome({ chairChoice: { outcome: 'deferred', consultedThosePresent: true } }),
      at('beforeMeeting.meeting'),
      JCB_ITEM_ID,
    );
    expect(r.ok && r.events[1].payload.chairChoice).toEqual({
      outcome: 'deferred',
      consultedThosePresent: true,
    });
  });
});
