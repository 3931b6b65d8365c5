import {
  checkMeetingPeople,
  personIdsNamedIn,
  type BodyOnDate,
  type MeetingPeopleClaim,
  type Seat,
} from './meeting-people.service';

/*
 * The JCB on Thu 4 Sep 2025 (seed 002, ToR 7.1): two council and two CCG seats here; a CCG deputy
 * may fill a CCG seat, a council officer may not.
 */
const seat = (personId: string, name: string, partner: 'council' | 'ccg'): Seat => ({
  personId,
  name,
  categories: [],
  partner,
  substitutes: partner === 'ccg' ? ['ccg-deputy'] : ['cllr-deputy'],
  substitutesAre: partner === 'ccg' ? 'people of the CCG' : 'people of the council',
});
const jcb: BodyOnDate = {
  name: 'Joint Commissioning Board',
  date: '2025-09-04',
  seats: [
    seat('cab-1', 'Cllr Ada Fox', 'council'),
    seat('cab-2', 'Cllr Ben Hart', 'council'),
    seat('ccg-1', 'Dr Dev Shah', 'ccg'),
    seat('ccg-2', 'Dr Eve Long', 'ccg'),
  ],
  people: [
    { id: 'cab-1', name: 'Cllr Ada Fox' },
    { id: 'cab-2', name: 'Cllr Ben Hart' },
    { id: 'ccg-1', name: 'Dr Dev Shah' },
    { id: 'ccg-2', name: 'Dr Eve Long' },
    { id: 'ccg-deputy', name: 'Dr Gus Lee' },
    { id: 'officer', name: 'Dana Whitlock' },
  ],
};
const members = jcb.seats.map((s) => ({ personId: s.personId, name: s.name, partner: s.partner }));
const nameOf = (id: string) => jcb.people.find((p) => p.id === id)?.name ?? id;
const present = (personId: string, substituteFor?: string) => ({
  personId,
  name: nameOf(personId),
  status: 'present' as const,
  ...(substituteFor ? { substituteFor } : {}),
});
const everyonePresent = () => ['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((id) => present(id));
const claim = (over: Partial<MeetingPeopleClaim> = {}): MeetingPeopleClaim => ({
  meetingDate: '2025-09-04',
  members,
  attendance: everyonePresent(),
  declarations: [],
  hands: [],
  ...over,
});
const SEATS_LINE =
  'the seats on the Joint Commissioning Board on Thu 4 Sep 2025: Cllr Ada Fox (council), Cllr Ben Hart (council), Dr Dev Shah (ccg), Dr Eve Long (ccg)';

describe('who a meeting’s record may name', () => {
  it('accepts the Board’s members, their declarations and hands, and a deputy in an absent CCG member’s seat', () => {
    const attendance = [
      present('cab-1'),
      present('cab-2'),
      present('ccg-1'),
      { personId: 'ccg-2', name: 'Dr Eve Long', status: 'apologies' as const },
      present('ccg-deputy', 'ccg-2'),
    ];
    expect(
      checkMeetingPeople(
        jcb,
        claim({
          attendance,
          declarations: [{ personId: 'ccg-deputy' }],
          hands: attendance.map((a) => ({ personId: a.personId })),
        }),
      ),
    ).toEqual({ ok: true });
  });

  it('refuses made-up people in the attendance, naming the id and the Board with its seats', () => {
    const invented = ['x-1', 'x-2', 'x-3', 'x-4'].map((id) => ({
      personId: id,
      name: `Member ${id}`,
      status: 'present' as const,
    }));
    expect(checkMeetingPeople(jcb, claim({ attendance: invented }))).toEqual({
      ok: false,
      code: 'NOT_A_MEMBER',
      explanation: [
        'Member x-1, as the attendance records them, is not a person in the council’s directory, so not a member of the Joint Commissioning Board on Thu 4 Sep 2025',
        SEATS_LINE,
      ],
    });
  });

  it('refuses a person of the council who holds no seat on the meeting date', () => {
    expect(
      checkMeetingPeople(jcb, claim({ attendance: [...everyonePresent(), present('officer')] })),
    ).toMatchObject({
      code: 'NOT_A_MEMBER',
      explanation: [
        'Dana Whitlock is not a member of the Joint Commissioning Board on Thu 4 Sep 2025: record them as a substitute for a member, or not at all',
        SEATS_LINE,
      ],
    });
  });

  it('refuses a substitute not allowed for the seat, and one the directory does not know', () => {
    const away = { personId: 'ccg-2', name: 'Dr Eve Long', status: 'absent' as const };
    const base = [present('cab-1'), present('cab-2'), present('ccg-1'), away];
    expect(
      checkMeetingPeople(jcb, claim({ attendance: [...base, present('officer', 'ccg-2')] })),
    ).toEqual({
      ok: false,
      code: 'SUBSTITUTE_NOT_IN_SCHEME',
      explanation: [
        'Dana Whitlock may not substitute for Dr Eve Long on the Joint Commissioning Board on Thu 4 Sep 2025: only people of the CCG may',
      ],
    });
    const ghost = { personId: 'x-9', name: 'Dr Nobody', status: 'present' as const };
    expect(
      checkMeetingPeople(
        jcb,
        claim({ attendance: [...base, { ...ghost, substituteFor: 'ccg-2' }] }),
      ),
    ).toMatchObject({
      code: 'SUBSTITUTE_NOT_IN_SCHEME',
      explanation: [
        'Dr Nobody, as the attendance records them, is not a person in the council’s directory, so may not substitute for Dr Eve Long on the Joint Commissioning Board on Thu 4 Sep 2025',
      ],
    });
  });

  it('refuses a substitute for someone who holds no seat, and for a member who is present', () => {
    expect(
      checkMeetingPeople(
        jcb,
        claim({ attendance: [...everyonePresent(), present('ccg-deputy', 'officer')] }),
      ),
    ).toMatchObject({
      code: 'SUBSTITUTE_FOR_NON_MEMBER',
      explanation: [
        'Dr Gus Lee is recorded as substitute for Dana Whitlock, who is not a member of the Joint Commissioning Board on Thu 4 Sep 2025',
        SEATS_LINE,
      ],
    });
    expect(
      checkMeetingPeople(
        jcb,
        claim({ attendance: [...everyonePresent(), present('ccg-deputy', 'ccg-2')] }),
      ),
    ).toMatchObject({ code: 'SUBSTITUTE_FOR_PRESENT_MEMBER' });
  });

  it('refuses a name other than the directory’s for a person in the attendance', () => {
    const renamed = everyonePresent().map((a) =>
      a.personId === 'ccg-1' ? { ...a, name: 'Dr Someone Else' } : a,
    );
    expect(checkMeetingPeople(jcb, claim({ attendance: renamed }))).toEqual({
      ok: false,
      code: 'NAME_NOT_AS_IN_DIRECTORY',
      explanation: [
        'the attendance records “Dr Someone Else” for the person the council’s directory names Dr Dev Shah: record them by that name',
      ],
    });
  });

  it('refuses declarations and hands from anyone not in the attendance', () => {
    expect(checkMeetingPeople(jcb, claim({ declarations: [{ personId: 'x-5' }] }))).toEqual({
      ok: false,
      code: 'DECLARATION_BY_NON_ATTENDEE',
      explanation: [
        'someone the council’s directory does not list declared an interest but is not in the attendance of the Joint Commissioning Board on Thu 4 Sep 2025: only its members and their substitutes declare',
      ],
    });
    expect(
      checkMeetingPeople(jcb, claim({ hands: [{ personId: 'cab-1' }, { personId: 'officer' }] })),
    ).toEqual({
      ok: false,
      code: 'VOTER_NOT_ATTENDING',
      explanation: [
        'Dana Whitlock showed a hand but is not in the attendance of the Joint Commissioning Board on Thu 4 Sep 2025: only its members and their substitutes show a hand',
      ],
    });
  });

  it('refuses a list of members other than the Board’s seats: an invented seat, a missing one, a changed partner', () => {
    const claimed = [
      ...members.filter((m) => m.personId !== 'cab-2'),
      { personId: 'x-7', name: 'Dr Made Up', partner: 'ccg' },
    ].map((m) => (m.personId === 'cab-1' ? { ...m, partner: 'ccg' } : m));
    const attendance = everyonePresent().filter((a) => a.personId !== 'cab-2');
    expect(checkMeetingPeople(jcb, claim({ members: claimed, attendance }))).toEqual({
      ok: false,
      code: 'MEMBERS_NOT_AS_IN_DIRECTORY',
      explanation: [
        'Cllr Ada Fox’s seat represents council, not ccg',
        'someone the council’s directory does not list is listed as a member but holds no seat on the Joint Commissioning Board on Thu 4 Sep 2025',
        'Cllr Ben Hart holds a seat on the Joint Commissioning Board on Thu 4 Sep 2025 but is not listed',
        SEATS_LINE,
      ],
    });
  });

  it('names each seat’s partner by the name the directory gives it, not its key', () => {
    const NAMES = { council: 'Council (Cabinet)', ccg: 'NHS Hampshire and Isle of Wight' };
    const named: BodyOnDate = {
      ...jcb,
      seats: jcb.seats.map((x) => ({ ...x, partnerName: NAMES[x.partner as 'council' | 'ccg'] })),
    };
    const claimed = members.map((m) => (m.personId === 'cab-1' ? { ...m, partner: 'ccg' } : m));
    const r = checkMeetingPeople(named, claim({ members: claimed }));
    expect(r.ok ? [] : r.explanation).toEqual([
      'Cllr Ada Fox’s seat represents Council (Cabinet), not NHS Hampshire and Isle of Wight',
      'the seats on the Joint Commissioning Board on Thu 4 Sep 2025: Cllr Ada Fox (Council (Cabinet)), Cllr Ben Hart (Council (Cabinet)), Dr Dev Shah (NHS Hampshire and Isle of Wight), Dr Eve Long (NHS Hampshire and Isle of Wight)',
    ]);
    const invented = members.map((m) => (m.personId === 'cab-1' ? { ...m, partner: 'nhsx' } : m));
    const r2 = checkMeetingPeople(named, claim({ members: invented }));
    expect(r2.ok ? [] : r2.explanation[0]).toBe(
      'Cllr Ada Fox’s seat represents Council (Cabinet), not “nhsx”, which no seat on the Joint Commissioning Board on Thu 4 Sep 2025 represents',
    );
  });

  it('accepts a record that lists no members, checking the rest against the seats', () => {
    expect(checkMeetingPeople(jcb, claim({ members: undefined }))).toEqual({ ok: true });
  });

  it('names every person a record mentions once, substitutes’ seats included', () => {
    expect(
      personIdsNamedIn({
        members: [{ personId: 'cab-1', name: 'Cllr Ada Fox' }],
        attendance: [present('cab-1'), present('ccg-deputy', 'ccg-2')],
        declarations: [{ personId: 'x-1' }],
        hands: [{ personId: 'cab-1' }, { personId: 'x-2' }],
      }),
    ).toEqual(['cab-1', 'ccg-deputy', 'ccg-2', 'x-1', 'x-2']);
  });
});
