import fc from 'fast-check';
import {
  assessQuorum,
  checkAttendance,
  describeCount,
  HWBB_QUORUM,
  JCB_QUORUM,
  quorumRuleSchema,
  type AttendanceEntry,
  type BodyMember,
  type QuorumAssessment,
  type QuorumRule,
} from './quorum.service';

const hwbb: BodyMember[] = [
  { personId: 'cllr-ash', name: 'Cllr Ash', categories: ['elected'] },
  { personId: 'cllr-birch', name: 'Cllr Birch', categories: ['elected'] },
  { personId: 'dr-cedar', name: 'Dr Cedar', categories: ['health'] },
  { personId: 'dr-dogwood', name: 'Dr Dogwood', categories: ['health'] },
  { personId: 'hw-elm', name: 'Elm (Healthwatch)', categories: ['healthwatch'] },
];

const jcbMember = (id: string, partner: 'council' | 'ccg'): BodyMember => ({
  personId: id,
  name: id,
  categories: [partner === 'council' ? 'cabinet' : 'governingBody'],
  partner,
  substitutes: [`sub-${id}`],
});
const jcb: BodyMember[] = [
  jcbMember('cab-1', 'council'),
  jcbMember('cab-2', 'council'),
  jcbMember('cab-3', 'council'),
  jcbMember('ccg-1', 'ccg'),
  jcbMember('ccg-2', 'ccg'),
  jcbMember('ccg-3', 'ccg'),
];

const nameOf = (personId: string) => hwbb.find((m) => m.personId === personId)?.name ?? personId;
const present = (personId: string, substituteFor?: string): AttendanceEntry => ({
  personId,
  name: nameOf(personId),
  status: 'present',
  ...(substituteFor ? { substituteFor } : {}),
});
const apologies = (personId: string): AttendanceEntry => ({
  personId,
  name: nameOf(personId),
  status: 'apologies',
});

function assessed(
  rule: QuorumRule,
  members: BodyMember[],
  attendance: AttendanceEntry[],
  excluded: string[] = [],
): QuorumAssessment {
  const r = assessQuorum(rule, members, attendance, excluded);
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.explanation.join('; ')}`);
  return r;
}

describe('HWBB_QUORUM and JCB_QUORUM', () => {
  it('are valid quorum rules as data', () => {
    expect(quorumRuleSchema.safeParse(HWBB_QUORUM).success).toBe(true);
    expect(quorumRuleSchema.safeParse(JCB_QUORUM).success).toBe(true);
    expect(HWBB_QUORUM.total).toBe(3);
    expect(JCB_QUORUM.total).toBe(4);
  });

  it('refuses a rule with a category twice or a minimum of 0', () => {
    expect(
      quorumRuleSchema.safeParse({
        ...JCB_QUORUM,
        minimums: [JCB_QUORUM.minimums[0], JCB_QUORUM.minimums[0]],
      }).success,
    ).toBe(false);
    expect(
      quorumRuleSchema.safeParse({
        ...HWBB_QUORUM,
        minimums: [{ category: 'elected', min: 0, label: 'x' }],
      }).success,
    ).toBe(false);
  });
});

describe('assessQuorum: the HWBB (3 including an elected, a health and a Healthwatch member)', () => {
  it.each([
    [['cllr-ash', 'dr-cedar', 'hw-elm'], true, 'one of each'],
    [['cllr-ash', 'cllr-birch', 'dr-cedar', 'dr-dogwood', 'hw-elm'], true, 'everyone'],
    [['cllr-ash', 'cllr-birch', 'dr-cedar'], false, 'no Healthwatch member'],
    [['cllr-ash', 'dr-cedar', 'dr-dogwood'], false, 'no Healthwatch member, though 3 present'],
    [['dr-cedar', 'dr-dogwood', 'hw-elm'], false, 'no elected member'],
    [['cllr-ash', 'hw-elm'], false, 'only 2 present'],
    [[], false, 'nobody'],
  ])('%j present: quorate %s (%s)', (ids, quorate) => {
    expect(
      assessed(
        HWBB_QUORUM,
        hwbb,
        ids.map((id) => present(id)),
      ).quorate,
    ).toBe(quorate);
  });

  it('explains each rule checked, in words', () => {
    const r = assessed(HWBB_QUORUM, hwbb, [
      present('cllr-ash'),
      present('cllr-birch'),
      present('dr-cedar'),
      apologies('hw-elm'),
    ]);
    expect(r.explanation).toEqual([
      'Health and Wellbeing Board quorum: HWBB front sheet, "Quorum" (seed 002)',
      'Cllr Ash present, counts as elected',
      'Cllr Birch present, counts as elected',
      'Dr Cedar present, counts as health',
      '3 present and counted, at least 3 needed: met',
      'elected members present and counted: 2, at least 1 needed: met',
      'health members present and counted: 1, at least 1 needed: met',
      'Healthwatch members present and counted: 0, at least 1 needed: not met',
      'not quorate: no decision can be taken',
    ]);
    expect(describeCount(r)).toBe('3 members counted; not quorate');
  });

  it('does not count the Healthwatch member excluded by an interest', () => {
    const attendance = ['cllr-ash', 'dr-cedar', 'hw-elm'].map((id) => present(id));
    const r = assessed(HWBB_QUORUM, hwbb, attendance, ['hw-elm']);
    expect(r.quorate).toBe(false);
    expect(r.counted.map((c) => c.personId)).toEqual(['cllr-ash', 'dr-cedar']);
    expect(r.explanation).toContain(
      'Elm (Healthwatch) is present but excluded by an interest for this item: does not count',
    );
    expect(r.explanation).toContain('2 present and counted, at least 3 needed: not met');
  });
});

describe('assessQuorum: the JCB (at least 4, at least 2 from each partner)', () => {
  it.each([
    [['cab-1', 'cab-2', 'ccg-1', 'ccg-2'], true, '2 and 2'],
    [['cab-1', 'cab-2', 'cab-3', 'ccg-1', 'ccg-2', 'ccg-3'], true, 'everyone'],
    [['cab-1', 'cab-2', 'cab-3', 'ccg-1'], false, 'only one CCG member'],
    [['cab-1', 'ccg-1', 'ccg-2', 'ccg-3'], false, 'only one council member'],
    [['cab-1', 'cab-2', 'ccg-1'], false, 'only 3 present'],
  ])('%j present: quorate %s (%s)', (ids, quorate) => {
    expect(
      assessed(
        JCB_QUORUM,
        jcb,
        ids.map((id) => present(id)),
      ).quorate,
    ).toBe(quorate);
  });

  it('explains the partner minimum that is not met', () => {
    const r = assessed(
      JCB_QUORUM,
      jcb,
      ['cab-1', 'cab-2', 'cab-3', 'ccg-1'].map((id) => present(id)),
    );
    expect(r.explanation.slice(-4)).toEqual([
      '4 present and counted, at least 4 needed: met',
      'council members present and counted: 3, at least 2 needed: met',
      'CCG members present and counted: 1, at least 2 needed: not met',
      'not quorate: no decision can be taken',
    ]);
  });

  it('lets a substitute fill their principal’s seat and partner', () => {
    const r = assessed(JCB_QUORUM, jcb, [
      present('cab-1'),
      present('cab-2'),
      present('ccg-1'),
      apologies('ccg-2'),
      present('sub-ccg-2', 'ccg-2'),
    ]);
    expect(r.quorate).toBe(true);
    expect(r.counted.find((c) => c.personId === 'sub-ccg-2')).toMatchObject({
      seatPersonId: 'ccg-2',
      partner: 'ccg',
      categories: ['governingBody', 'ccg'],
    });
    expect(r.explanation).toContain(
      'sub-ccg-2 (substitute for ccg-2) present, counts as governingBody, ccg',
    );
  });

  it('recomputes quorum when a member with a DPI is excluded', () => {
    const attendance = ['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((id) => present(id));
    expect(assessed(JCB_QUORUM, jcb, attendance).quorate).toBe(true);
    expect(assessed(JCB_QUORUM, jcb, attendance, ['ccg-2']).quorate).toBe(false);
  });

  it('ignores exclusions of people who are not present', () => {
    const attendance = [
      ...['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((id) => present(id)),
      apologies('ccg-3'),
    ];
    const r = assessed(JCB_QUORUM, jcb, attendance, ['ccg-3']);
    expect(r.quorate).toBe(true);
    expect(r.roll.find((x) => x.personId === 'ccg-3')).toMatchObject({
      present: false,
      excludedByInterest: false,
      counted: false,
    });
  });
});

describe('checkAttendance: impossible attendance is refused with a stable code', () => {
  it.each([
    [[present('stranger')], 'NOT_A_MEMBER'],
    [[present('cab-1'), present('cab-1')], 'DUPLICATE_ATTENDANCE'],
    [[present('sub-x', 'nobody')], 'SUBSTITUTE_FOR_NON_MEMBER'],
    [[present('cab-1'), present('sub-cab-1', 'cab-1')], 'SUBSTITUTE_FOR_PRESENT_MEMBER'],
    [[present('sub-cab-1', 'cab-1'), present('cab-1')], 'SUBSTITUTE_FOR_PRESENT_MEMBER'],
    [[present('cab-2', 'cab-1')], 'SUBSTITUTE_IS_A_MEMBER'],
    [[present('sub-ccg-1', 'cab-1')], 'SUBSTITUTE_NOT_IN_SCHEME'],
  ])('%j → %s', (attendance, code) => {
    const r = checkAttendance(jcb, attendance);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.explanation.length).toBeGreaterThan(0);
    }
    const q = assessQuorum(JCB_QUORUM, jcb, attendance);
    expect(q.ok ? null : q.code).toBe(code);
  });

  it('refuses two people in one seat', () => {
    const members = hwbb.map((m) => ({ ...m }));
    const r = checkAttendance(members, [
      present('sub-1', 'cllr-ash'),
      present('sub-2', 'cllr-ash'),
    ]);
    expect(r.ok ? null : r.code).toBe('SEAT_FILLED_TWICE');
  });

  it('accepts any substitute when the member has no named scheme list', () => {
    expect(checkAttendance(hwbb, [present('deputy', 'cllr-ash')]).ok).toBe(true);
  });

  it('explains the refusal so the officer can fix it', () => {
    const r = checkAttendance(jcb, [present('cab-1'), present('sub-cab-1', 'cab-1')]);
    expect(r.ok ? [] : r.explanation).toEqual([
      'sub-cab-1 cannot substitute for cab-1, who is present',
    ]);
  });
});

// ---- properties ----

type SeatState = 'present' | 'apologies' | 'absent' | 'substituted' | 'unrecorded';
const seatStates = fc.array(
  fc.constantFrom<SeatState>('present', 'apologies', 'absent', 'substituted', 'unrecorded'),
  { minLength: jcb.length, maxLength: jcb.length },
);

function attendanceFor(states: SeatState[]): AttendanceEntry[] {
  const out: AttendanceEntry[] = [];
  states.forEach((s, i) => {
    const id = jcb[i].personId;
    switch (s) {
      case 'present':
        out.push(present(id));
        break;
      case 'apologies':
        out.push(apologies(id));
        break;
      case 'absent':
        out.push({ personId: id, name: id, status: 'absent' });
        break;
      case 'substituted':
        out.push(apologies(id), present(`sub-${id}`, id));
        break;
      case 'unrecorded':
        break;
    }
  });
  return out;
}

const attendingIds = (states: SeatState[]) =>
  states.flatMap((s, i) =>
    s === 'present' ? [jcb[i].personId] : s === 'substituted' ? [`sub-${jcb[i].personId}`] : [],
  );

const scenario = seatStates.chain((states) =>
  fc.record({
    states: fc.constant(states),
    excluded: fc.subarray([...jcb.map((m) => m.personId), ...jcb.map((m) => `sub-${m.personId}`)]),
  }),
);

describe('assessQuorum: properties', () => {
  it('is quorate exactly when 4 count with 2 from each partner', () => {
    fc.assert(
      fc.property(scenario, ({ states, excluded }) => {
        const r = assessed(JCB_QUORUM, jcb, attendanceFor(states), excluded);
        const counting = states
          .map((s, i) => ({ s, m: jcb[i] }))
          .filter(({ s, m }) =>
            s === 'present'
              ? !excluded.includes(m.personId)
              : s === 'substituted' && !excluded.includes(`sub-${m.personId}`),
          );
        const council = counting.filter(({ m }) => m.partner === 'council').length;
        const ccg = counting.filter(({ m }) => m.partner === 'ccg').length;
        return (
          r.counted.length === counting.length &&
          r.quorate === (counting.length >= 4 && council >= 2 && ccg >= 2)
        );
      }),
    );
  });

  it('never turns an inquorate meeting quorate when a present member leaves', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ states, excluded }, pick) => {
        const before = assessed(JCB_QUORUM, jcb, attendanceFor(states), excluded);
        const seated = states.flatMap((s, i) =>
          s === 'present' || s === 'substituted' ? [i] : [],
        );
        fc.pre(seated.length > 0);
        const after = [...states];
        after[seated[pick % seated.length]] = 'apologies';
        const r = assessed(JCB_QUORUM, jcb, attendanceFor(after), excluded);
        return r.counted.length <= before.counted.length && (before.quorate || !r.quorate);
      }),
    );
  });

  it('never increases the count by excluding someone', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ states, excluded }, pick) => {
        const ids = attendingIds(states);
        fc.pre(ids.length > 0);
        const before = assessed(JCB_QUORUM, jcb, attendanceFor(states), excluded);
        const after = assessed(JCB_QUORUM, jcb, attendanceFor(states), [
          ...excluded,
          ids[pick % ids.length],
        ]);
        return after.counted.length <= before.counted.length && (before.quorate || !after.quorate);
      }),
    );
  });

  it('gives the same verdict when a substitute takes an absent member’s place', () => {
    fc.assert(
      fc.property(scenario, ({ states, excluded }) => {
        const noExclusions = excluded.filter((id) =>
          states.some((s, i) => s === 'present' && jcb[i].personId === id),
        );
        const subbed = states.map((s): SeatState => (s === 'present' ? 'substituted' : s));
        const swap = noExclusions.map((id) => `sub-${id}`);
        const a = assessed(JCB_QUORUM, jcb, attendanceFor(states), noExclusions);
        const b = assessed(JCB_QUORUM, jcb, attendanceFor(subbed), [...noExclusions, ...swap]);
        return a.quorate === b.quorate && a.counted.length === b.counted.length;
      }),
    );
  });

  it('ends every explanation with the verdict and checks every rule', () => {
    fc.assert(
      fc.property(scenario, ({ states, excluded }) => {
        const r = assessed(JCB_QUORUM, jcb, attendanceFor(states), excluded);
        const ruleLines = r.explanation.filter((l) => / needed: (met|not met)$/.test(l));
        return (
          ruleLines.length === 1 + JCB_QUORUM.minimums.length &&
          r.explanation.at(-1) ===
            (r.quorate ? 'quorate' : 'not quorate: no decision can be taken') &&
          r.quorate === ruleLines.every((l) => l.endsWith(': met'))
        );
      }),
    );
  });
});
