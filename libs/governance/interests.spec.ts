import fc from 'fast-check';
import {
  addYears,
  dispensationApplies,
  eligibility,
  excludedFromQuorum,
  validateDispensation,
  type AgendaItemRef,
  type Declaration,
  type Dispensation,
} from './interests.service';
import { assessQuorum, JCB_QUORUM, type BodyMember } from './quorum.service';

const MEETING = '2017-10-18';
const item: AgendaItemRef = {
  id: 'item-bcf-s75',
  title: 'Better Care S75 pooled budget',
  subjects: ['better-care'],
};
const otherItem: AgendaItemRef = { id: 'item-minutes', title: 'Minutes of the previous meeting' };
const leave = { dpiMemberMustLeaveRoom: true };
const stay = { dpiMemberMustLeaveRoom: false };
const ash = { personId: 'cllr-ash', name: 'Cllr Ash' };

const dpi = (personId = 'cllr-ash', itemId = item.id): Declaration => ({
  personId,
  itemId,
  kind: 'disclosablePecuniary',
  nature: 'spouse employed by a provider in the pooled budget',
});
const otherInterest = (personId = 'cllr-ash'): Declaration => ({
  personId,
  itemId: item.id,
  kind: 'other',
  nature: 'trustee of a local carers’ charity',
});

function dispensation(overrides: Partial<Dispensation> = {}): Dispensation {
  return {
    id: 'disp-1',
    personId: 'cllr-ash',
    grantor: 'Standards Committee',
    ground: 'impedesTransactionOfBusiness',
    matters: ['better-care'],
    relievesFrom: ['discussion', 'vote'],
    grantedOn: '2017-06-01',
    endsOn: '2021-06-01',
    ...overrides,
  };
}

describe('eligibility: no interest or an Other Interest', () => {
  it('lets a member with no declaration take full part', () => {
    expect(eligibility(ash, item, [], [], MEETING, leave)).toEqual({
      mayDiscuss: true,
      mayVote: true,
      countsForQuorum: true,
      withdrawalRecorded: false,
      mustLeaveRoom: false,
      dispensationId: null,
      explanation: [
        'Cllr Ash declared no interest in "Better Care S75 pooled budget"',
        'may discuss, vote and count toward quorum',
      ],
    });
  });

  it('records an Other Interest and lets the member take part', () => {
    const r = eligibility(ash, item, [otherInterest()], [], MEETING, leave);
    expect(r).toMatchObject({ mayDiscuss: true, mayVote: true, countsForQuorum: true });
    expect(r.explanation[0]).toBe(
      'Cllr Ash declared an Other Interest in "Better Care S75 pooled budget" (trustee of a local carers’ charity): recorded; may take part',
    );
  });

  it('ignores declarations on other items and by other people', () => {
    const r = eligibility(
      ash,
      item,
      [dpi('cllr-ash', otherItem.id), dpi('cllr-birch')],
      [],
      MEETING,
      leave,
    );
    expect(r.mayVote).toBe(true);
  });
});

describe('eligibility: a disclosable pecuniary interest', () => {
  it('excludes the member from discussion, vote and quorum and records the withdrawal', () => {
    const r = eligibility(ash, item, [dpi()], [], MEETING, leave);
    expect(r).toMatchObject({
      mayDiscuss: false,
      mayVote: false,
      countsForQuorum: false,
      withdrawalRecorded: true,
      mustLeaveRoom: true,
      dispensationId: null,
    });
    expect(r.explanation).toEqual([
      'Cllr Ash declared a disclosable pecuniary interest in "Better Care S75 pooled budget" (spouse employed by a provider in the pooled budget): Localism Act 2011 s31(4) bars discussion and vote without a dispensation',
      'may not discuss; may not vote; does not count toward quorum',
      'withdrawal recorded; the council requires the member to leave the room for this item',
    ]);
  });

  it('lets the member stay in the room when the council’s setting allows it', () => {
    const r = eligibility(ash, item, [dpi()], [], MEETING, stay);
    expect(r).toMatchObject({ mayVote: false, withdrawalRecorded: true, mustLeaveRoom: false });
    expect(r.explanation.at(-1)).toBe(
      'withdrawal recorded; the council lets the member stay in the room without taking part',
    );
  });

  it('restores full participation under a dispensation for discussion and vote', () => {
    const r = eligibility(ash, item, [dpi()], [dispensation()], MEETING, leave);
    expect(r).toMatchObject({
      mayDiscuss: true,
      mayVote: true,
      countsForQuorum: true,
      withdrawalRecorded: false,
      mustLeaveRoom: false,
      dispensationId: 'disp-1',
    });
    expect(r.explanation).toContain(
      'dispensation disp-1 granted by Standards Committee, in force on Wed 18 Oct 2017, relieves from the bar on discussion and vote',
    );
  });

  it('lets the member speak but not vote or count under a discussion-only dispensation', () => {
    const r = eligibility(
      ash,
      item,
      [dpi()],
      [dispensation({ relievesFrom: ['discussion'] })],
      MEETING,
      leave,
    );
    expect(r).toMatchObject({
      mayDiscuss: true,
      mayVote: false,
      countsForQuorum: false,
      withdrawalRecorded: false,
      mustLeaveRoom: false,
    });
  });

  it.each([
    [{ grantedOn: '2017-11-01', endsOn: '2018-11-01' }, 'not granted until Wed 1 Nov 2017'],
    [{ grantedOn: '2016-01-01', endsOn: '2017-10-17' }, 'ended Tue 17 Oct 2017'],
    [{ revokedOn: '2017-10-18' }, 'revoked Wed 18 Oct 2017'],
    [{ matters: ['planning'] }, 'it does not cover "Better Care S75 pooled budget"'],
    [{ personId: 'cllr-birch' }, null],
    [
      { grantedOn: '2017-06-01', endsOn: '2022-06-01' },
      'granted Thu 1 Jun 2017; a dispensation may last at most 4 years (Localism Act 2011 s33(3)), so it must end by Tue 1 Jun 2021; it ends Wed 1 Jun 2022',
    ],
  ])('does not rely on a dispensation %j', (overrides, why) => {
    const r = eligibility(ash, item, [dpi()], [dispensation(overrides)], MEETING, leave);
    expect(r.mayVote).toBe(false);
    expect(r.countsForQuorum).toBe(false);
    if (why) expect(r.explanation).toContain(`dispensation disp-1 does not apply: ${why}`);
  });

  it('matches a dispensation by item id as well as by subject', () => {
    expect(dispensationApplies(dispensation({ matters: [item.id] }), item, MEETING)).toBe(true);
    expect(
      dispensationApplies(dispensation({ matters: ['better-care'] }), otherItem, MEETING),
    ).toBe(false);
  });

  it('treats the grant and end dates as in force', () => {
    expect(dispensationApplies(dispensation(), item, '2017-06-01')).toBe(true);
    expect(dispensationApplies(dispensation(), item, '2021-06-01')).toBe(true);
    expect(dispensationApplies(dispensation(), item, '2021-06-02')).toBe(false);
  });
});

describe('validateDispensation', () => {
  it('accepts a dispensation of exactly 4 years and explains it', () => {
    const r = validateDispensation(dispensation());
    expect(r).toEqual({
      ok: true,
      explanation: [
        'granted by Standards Committee on Thu 1 Jun 2017 because so many members are barred that the transaction of business would be impeded (s33(2)(a))',
        'relieves from the bar on discussion and vote; in force until Tue 1 Jun 2021 (1461 days, at most 4 years)',
      ],
    });
  });

  it.each([
    [{ endsOn: '2021-06-02' }, 'DISPENSATION_TOO_LONG'],
    [{ endsOn: '2017-05-31' }, 'DISPENSATION_ENDS_BEFORE_GRANT'],
    [{ grantor: ' ' }, 'DISPENSATION_INCOMPLETE'],
    [{ relievesFrom: [] }, 'DISPENSATION_INCOMPLETE'],
    [{ matters: [] }, 'DISPENSATION_INCOMPLETE'],
    [{ ground: 'convenience' as never }, 'DISPENSATION_INCOMPLETE'],
    [{ grantedOn: '1 June 2017' }, 'DISPENSATION_INCOMPLETE'],
  ])('refuses %j with %s', (overrides, code) => {
    const r = validateDispensation(dispensation(overrides));
    expect(r.ok ? null : r.code).toBe(code);
  });

  it('names the part that is missing in words, not by its field', () => {
    const r = validateDispensation(dispensation({ grantor: '' }));
    expect(r.ok ? [] : r.explanation).toEqual([
      'the dispensation does not give who granted it (the council, its standards committee or the monitoring officer)',
    ]);
    const dated = validateDispensation(dispensation({ grantedOn: '1 June 2017', matters: [] }));
    expect(dated.ok ? [] : dated.explanation).toEqual([
      'the dispensation does not give the items or subjects it covers',
      'the dispensation does not give the day it was granted, as a calendar date',
    ]);
  });

  it('allows a 29 February grant to run to 28 February four years on only in a common year', () => {
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(
      validateDispensation(dispensation({ grantedOn: '2096-02-29', endsOn: '2100-03-01' })).ok,
    ).toBe(false);
    expect(
      validateDispensation(dispensation({ grantedOn: '2096-02-29', endsOn: '2100-02-28' })).ok,
    ).toBe(true);
  });
});

describe('excludedFromQuorum feeds the quorum', () => {
  const members: BodyMember[] = ['cab-1', 'cab-2', 'ccg-1', 'ccg-2'].map((id) => ({
    personId: id,
    name: id,
    categories: [],
    partner: id.startsWith('cab') ? 'council' : 'ccg',
  }));
  const people = members.map((m) => ({ personId: m.personId, name: m.name }));
  const attendance = members.map((m) => ({
    personId: m.personId,
    name: m.name,
    status: 'present' as const,
  }));

  it('makes a 2 + 2 JCB inquorate when a CCG member declares a DPI without dispensation', () => {
    const excluded = excludedFromQuorum(people, item, [dpi('ccg-1')], [], MEETING, stay);
    expect(excluded).toEqual(['ccg-1']);
    const q = assessQuorum(JCB_QUORUM, members, attendance, excluded);
    expect(q.ok && q.quorate).toBe(false);
  });

  it('keeps the JCB quorate when the member holds a dispensation to vote', () => {
    const d = dispensation({ personId: 'ccg-1' });
    const excluded = excludedFromQuorum(people, item, [dpi('ccg-1')], [d], MEETING, stay);
    expect(excluded).toEqual([]);
  });
});

describe('eligibility: properties', () => {
  const personArb = fc.constantFrom('cllr-ash', 'cllr-birch', 'dr-cedar');
  const declArb = fc.record({
    personId: personArb,
    itemId: fc.constantFrom(item.id, otherItem.id),
    kind: fc.constantFrom<'disclosablePecuniary' | 'other'>('disclosablePecuniary', 'other'),
    nature: fc.constant('an interest'),
  });
  const dispArb = fc.record({
    id: fc.constantFrom('d1', 'd2'),
    personId: personArb,
    grantor: fc.constant('Monitoring Officer'),
    ground: fc.constant('otherwiseAppropriate' as const),
    matters: fc.subarray([item.id, 'better-care', 'planning'], { minLength: 1 }),
    relievesFrom: fc.subarray(['discussion', 'vote'] as ('discussion' | 'vote')[], {
      minLength: 1,
    }),
    grantedOn: fc.constantFrom('2015-01-01', '2017-01-01', '2018-01-01'),
    endsOn: fc.constantFrom('2017-12-31', '2019-01-01', '2021-12-31'),
  });
  const world = fc.record({
    declarations: fc.array(declArb, { maxLength: 5 }),
    dispensations: fc.array(dispArb, { maxLength: 3 }),
    mustLeave: fc.boolean(),
  });

  it('never counts a member with a DPI and no applicable dispensation toward quorum', () => {
    fc.assert(
      fc.property(world, ({ declarations, dispensations, mustLeave }) => {
        const e = eligibility(ash, item, declarations, dispensations, MEETING, {
          dpiMemberMustLeaveRoom: mustLeave,
        });
        const hasDpi = declarations.some(
          (d) =>
            d.personId === ash.personId &&
            d.itemId === item.id &&
            d.kind === 'disclosablePecuniary',
        );
        const relieved = dispensations.some(
          (d) =>
            d.personId === ash.personId &&
            d.relievesFrom.includes('vote') &&
            dispensationApplies(d, item, MEETING),
        );
        return e.countsForQuorum === (!hasDpi || relieved) && e.mayVote === e.countsForQuorum;
      }),
    );
  });

  it('never requires leaving the room without a recorded withdrawal, nor when the setting is off', () => {
    fc.assert(
      fc.property(world, ({ declarations, dispensations, mustLeave }) => {
        const e = eligibility(ash, item, declarations, dispensations, MEETING, {
          dpiMemberMustLeaveRoom: mustLeave,
        });
        return (
          (!e.mustLeaveRoom || (e.withdrawalRecorded && mustLeave)) &&
          e.withdrawalRecorded === !e.mayDiscuss
        );
      }),
    );
  });

  it('never lets an Other Interest restrict a member', () => {
    fc.assert(
      fc.property(world, ({ declarations, dispensations }) => {
        const onlyOther = declarations.map((d) => ({ ...d, kind: 'other' as const }));
        const e = eligibility(ash, item, onlyOther, dispensations, MEETING, leave);
        return e.mayDiscuss && e.mayVote && e.countsForQuorum && !e.mustLeaveRoom;
      }),
    );
  });

  it('never excludes more people by adding a dispensation', () => {
    fc.assert(
      fc.property(world, dispArb, ({ declarations, dispensations }, extra) => {
        const people = ['cllr-ash', 'cllr-birch', 'dr-cedar'].map((p) => ({
          personId: p,
          name: p,
        }));
        const before = excludedFromQuorum(
          people,
          item,
          declarations,
          dispensations,
          MEETING,
          leave,
        );
        const after = excludedFromQuorum(
          people,
          item,
          declarations,
          [...dispensations, extra],
          MEETING,
          leave,
        );
        return after.every((p) => before.includes(p));
      }),
    );
  });
});
