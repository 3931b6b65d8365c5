import type { MembershipRecord } from '../../../../libs/directory/membership.repository';
import type { SubstituteRecord } from '../../../../libs/directory/membership-substitute.repository';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import { blankSeatForm, membersPage, seatDone, seatPage } from './memberships.presenter';

const BODY = '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const SAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const JO = '16fd2706-8baf-433b-82eb-8c7fada847da';
const SEAT = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const officer = { role: 'officer', name: 'Olu Officer' } as unknown as SignedInStaff;

const body = {
  id: BODY,
  name: 'Joint Commissioning Board',
  rules: {
    constituencies: [{ key: 'icb', name: 'NHS Northshire Integrated Care Board' }],
    substitutes: { kind: 'named', source: 'JCB terms of reference 7' },
  },
} as unknown as BodyOnDayView;

const seat: MembershipRecord = {
  id: SEAT,
  bodyId: BODY,
  personId: SAM,
  personName: 'Sam Patel',
  constituency: 'icb',
  organisationId: null,
  role: 'vice_chair',
  voting: true,
  source: null,
  validFrom: '2026-04-01',
  validUntil: null,
  version: 3,
};

const substitute: SubstituteRecord = {
  id: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d',
  membershipId: SEAT,
  personId: JO,
  personName: 'Jo Wright',
  validFrom: '2026-04-01',
  validUntil: '2027-03-31',
  reference: 'JCB minute 12/2026',
  version: 1,
};

const people = [
  { id: SAM, name: 'Sam Patel', email: 'sam.patel@northshire.gov.uk' },
  { id: JO, name: 'Jo Wright', email: 'jo.wright@northshire.gov.uk' },
];

const noId = (view: unknown) =>
  expect(
    JSON.stringify(view, (k: string, v: unknown) => (k === 'id' || k === 'value' ? undefined : v)),
  ).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

describe('the seats page presenter', () => {
  it('lists each seat with its constituency, role, vote and term in words, and no ids as text', () => {
    const view = membersPage({
      staff: officer,
      body,
      seats: { items: [seat], next: null },
      people: [],
      view: {},
    });
    expect(view.seats).toEqual([
      {
        id: SEAT,
        name: 'Sam Patel',
        constituency: 'NHS Northshire Integrated Care Board',
        role: 'Vice-chair',
        voting: 'Yes',
        term: 'from Wednesday 1 April 2026 with no end date',
      },
    ]);
    expect(view.canChange).toBe(false);
    expect(view.more).toBe(false);
    noId(view.seats.map(({ id: _, ...rest }) => rest));
  });

  it('says a seat with no constituency has none, and shows an empty list when there are no seats', () => {
    const none = membersPage({
      staff: officer,
      body,
      seats: { items: [{ ...seat, constituency: null, voting: false }], next: 200 },
      people: [],
      view: {},
    });
    expect(none.seats[0]).toMatchObject({ constituency: 'None', voting: 'No' });
    expect(none.more).toBe(true);
    const empty = membersPage({
      staff: officer,
      body,
      seats: { items: [], next: null },
      people: [],
      view: {},
    });
    expect(empty.seats).toEqual([]);
    expect(empty.form).toEqual(blankSeatForm());
  });

  it('offers an administrator people by name and email, and keeps a refused form as typed', () => {
    const form = {
      ...blankSeatForm(),
      personId: JO,
      role: 'member',
      voting: 'no',
      constituency: 'icb',
    };
    form.from = { day: '31', month: '2', year: '2026' };
    const errors = new FormErrors().add('validFrom-day', 'Enter a real day');
    const view = membersPage({
      staff: admin,
      body,
      seats: { items: [], next: null },
      people,
      view: { form, errors },
    });
    expect(view.canChange).toBe(true);
    expect(view.people.map((p) => p.text)).toEqual([
      'Choose a person',
      'Sam Patel (sam.patel@northshire.gov.uk)',
      'Jo Wright (jo.wright@northshire.gov.uk)',
    ]);
    expect(view.people.find((p) => p.value === JO)).toMatchObject({ selected: true });
    expect(view.roles.find((r) => r.checked)).toEqual({
      value: 'member',
      text: 'Member',
      checked: true,
    });
    expect(view.votingItems.find((v) => v.checked)?.text).toBe('Does not vote');
    expect(view.constituencies).toEqual([
      { value: '', text: 'No constituency' },
      { value: 'icb', text: 'NHS Northshire Integrated Care Board', selected: true },
    ]);
    expect(view.fromItems.map((i) => i.value)).toEqual(['31', '2', '2026']);
    expect(view.fromItems[0].classes).toContain('govuk-input--error');
    expect(view.errors).toEqual([{ text: 'Enter a real day', href: '#validFrom-day' }]);
  });
});

describe('a seat’s page presenter', () => {
  it('shows the seat and its substitutes in words, its forms as recorded, and never the holder as their own substitute', () => {
    const view = seatPage({
      staff: admin,
      body,
      seat,
      substitutes: { items: [substitute] },
      people,
      view: {},
    });
    expect(view.seat).toMatchObject({
      name: 'Sam Patel',
      role: 'Vice-chair',
      source: 'Not named',
      version: 3,
    });
    expect(view.body).toEqual({
      id: BODY,
      name: 'Joint Commissioning Board',
      substitutesRule: {
        text: 'Under the body’s rules only the substitutes named here may sit in this member’s place',
        source: 'JCB terms of reference 7',
      },
    });
    expect(view.seatForm).toMatchObject({
      personId: SAM,
      voting: 'yes',
      from: { day: '1', month: '4', year: '2026' },
      until: { day: '', month: '', year: '' },
    });
    expect(view.people.map((p) => p.text)).toEqual([
      'Choose a person',
      'Jo Wright (jo.wright@northshire.gov.uk)',
    ]);
    expect(view.substitutes).toHaveLength(1);
    expect(view.substitutes[0]).toMatchObject({
      name: 'Jo Wright',
      term: 'from Wednesday 1 April 2026 until Wednesday 31 March 2027',
      reference: 'JCB minute 12/2026',
      typedReference: 'JCB minute 12/2026',
    });
    noId({
      seat: { ...view.seat, id: undefined },
      substitutes: view.substitutes.map((s) => ({
        ...s,
        id: undefined,
        fromItems: undefined,
        untilItems: undefined,
        endItems: undefined,
      })),
    });
  });

  it('keeps a substitute’s refused change as typed, with its error at its own field', () => {
    const p = `sub-${substitute.id}`;
    const errors = new FormErrors().add(`${p}-until-day`, 'The last day is before the first');
    const view = seatPage({
      staff: admin,
      body,
      seat,
      substitutes: { items: [substitute] },
      people,
      view: {
        errors,
        substituteForms: {
          [substitute.id]: {
            personId: JO,
            from: { day: '1', month: '4', year: '2026' },
            until: { day: '1', month: '1', year: '2026' },
            reference: 'typed again',
          },
        },
      },
    });
    const [s] = view.substitutes;
    expect(s.typedReference).toBe('typed again');
    expect(s.reference).toBe('JCB minute 12/2026');
    expect(s.untilItems.map((i) => i.value)).toEqual(['1', '1', '2026']);
    expect(s.untilItems[0].classes).toContain('govuk-input--error');
    expect(s.fromItems[0].classes ?? '').not.toContain('govuk-input--error');
  });

  it('shows no substitutes and offers no one to a reader who may not change the seat', () => {
    const view = seatPage({
      staff: officer,
      body: { ...body, rules: null } as unknown as BodyOnDayView,
      seat,
      substitutes: { items: [] },
      people: [],
      view: {},
    });
    expect(view.canChange).toBe(false);
    expect(view.substitutes).toEqual([]);
    expect(view.people).toEqual([{ value: '', text: 'Choose a person' }]);
    expect(view.seat.constituency).toBe('None');
    expect(view.body.substitutesRule).toBeNull();
  });
});

describe('what the seats pages say after a change', () => {
  it('says a substitute’s naming ended, and nothing for a word the pages do not know', () => {
    expect(seatDone('substitute-ended')).toBe('The substitute’s naming is ended.');
    expect(seatDone('seated')).toBe('The seat is added.');
    expect(seatDone('constructor')).toBeUndefined();
    expect(seatDone(['seated'])).toBeUndefined();
  });
});
