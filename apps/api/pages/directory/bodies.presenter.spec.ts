import type { BodyRecord } from '../../../../libs/directory/body.repository';
import type { BodyOnDayView } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import type { BodyRules } from '../../../../libs/governance/body-rules.schema';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import { typedBodyForm } from './bodies-form.service';
import {
  bodiesPage,
  bodyFormPage,
  bodyPage,
  formOfBody,
  rulesHistoryInWords,
} from './bodies.presenter';

const JCB = '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const ICB = '16fd2706-8baf-433b-82eb-8c7fada847da';
const COUNCIL = '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const SEAT = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const officer = { role: 'officer', name: 'Olu Officer' } as unknown as SignedInStaff;
const organisations = [
  { id: COUNCIL, name: 'Northshire County Council' },
  { id: ICB, name: 'NHS Northshire Integrated Care Board' },
];

const rules = {
  constituencies: [
    { key: 'council', name: 'Council', organisationId: COUNCIL, categories: [] },
    { key: 'icb', name: 'ICB', organisationId: ICB, categories: ['health'] },
  ],
  quorum: {
    source: 'Terms of reference 4.1',
    total: 4,
    minimums: [
      { category: 'elected', min: 1, label: 'elected members' },
      { category: 'icb', min: 1, label: 'members for ICB' },
    ],
  },
  decision: { kind: 'consensus', blocs: ['council', 'icb'], source: 'Terms of reference 6' },
  notices: {
    reportClearDays: 5,
    keyDecisionNoticeClearDays: 28,
    privateNoticeClearDays: 28,
    source: 'The 2012 Regulations',
  },
  substitutes: { kind: 'named', source: 'Terms of reference 5' },
  delegation: { allowed: true, source: 'Terms of reference 8' },
} as unknown as BodyRules;

const jcb: BodyRecord = {
  id: JCB,
  name: 'Joint Commissioning Board',
  kind: 'jcb',
  rules,
  version: 3,
};

function onDay(over: Partial<BodyOnDayView> = {}): BodyOnDayView {
  return {
    ...jcb,
    on: '2026-12-05',
    rulesHistory: [
      {
        inForceFrom: null,
        rules,
        reason: null,
        recordedAt: '2026-03-31T23:30:00.000Z',
        recordedBy: { kind: 'person', personId: COUNCIL, name: 'Ada Admin' },
      },
    ],
    members: [
      {
        id: SEAT,
        bodyId: JCB,
        personId: COUNCIL,
        personName: 'Sam Patel',
        constituency: 'icb',
        organisationId: null,
        role: 'vice_chair',
        voting: true,
        source: null,
        validFrom: '2026-04-01',
        validUntil: null,
        version: 1,
        substitutes: [
          {
            id: COUNCIL,
            membershipId: SEAT,
            personId: ICB,
            personName: 'Jo Wright',
            validFrom: '2026-04-01',
            validUntil: '2027-03-31',
            reference: 'JCB minute 12/2026',
            version: 1,
          },
        ],
      },
    ],
    ...over,
  } as BodyOnDayView;
}

/** The view's words, without the ids a template puts only in addresses and option values. */
const words = (view: unknown) =>
  JSON.stringify(view, (k: string, v: unknown) => (k === 'id' || k === 'value' ? undefined : v));

describe('the bodies page presenter', () => {
  it('lists each body with its kind in words and whether its rules are recorded', () => {
    const view = bodiesPage({
      staff: officer,
      kind: 'jcb',
      q: 'Joint',
      page: { items: [jcb, { ...jcb, rules: null, kind: 'group' }], next: 200 },
    });
    expect(view.bodies.map((b) => [b.name, b.kind, b.hasRules])).toEqual([
      ['Joint Commissioning Board', 'Joint Commissioning Board', true],
      ['Joint Commissioning Board', 'Group or panel', false],
    ]);
    expect(view.kinds.find((k) => 'selected' in k && k.selected)).toEqual({
      value: 'jcb',
      text: 'Joint Commissioning Board',
      selected: true,
    });
    expect(view).toMatchObject({ canChange: false, q: 'Joint', more: true });
  });
});

describe('a body’s page presenter', () => {
  it('says the rules in words, naming the organisations the seats represent', () => {
    const view = bodyPage({
      staff: officer,
      body: onDay(),
      organisations,
      day: { day: '', month: '', year: '' },
      errors: new FormErrors(),
    });
    expect(view.body).toEqual({
      id: JCB,
      name: 'Joint Commissioning Board',
      kind: 'Joint Commissioning Board',
    });
    expect(view.on).toBe('Saturday 5 December 2026');
    expect(view.rules?.[0].text).toEqual([
      'Council: seats represent Northshire County Council',
      'ICB: seats represent NHS Northshire Integrated Care Board; counts as health',
    ]);
    expect(view.rules?.[1]).toEqual({
      heading: 'Quorum',
      text: [
        'At least 4 members present, including at least 1 elected member and at least 1 member for ICB.',
      ],
      source: 'Terms of reference 4.1',
    });
    expect(words(view)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}|UTC/);
  });

  it('says each seat on the day with its role, vote, term and named substitutes in words', () => {
    const view = bodyPage({
      staff: officer,
      body: onDay(),
      organisations,
      day: { day: '5', month: '12', year: '2026' },
      errors: new FormErrors(),
    });
    expect(view.members).toEqual([
      {
        id: SEAT,
        name: 'Sam Patel',
        constituency: 'ICB',
        role: 'Vice-chair',
        voting: 'Yes',
        term: 'from Wednesday 1 April 2026 with no end date',
        substitutes: ['Jo Wright (from Wednesday 1 April 2026 until Wednesday 31 March 2027)'],
      },
    ]);
    expect(view.onItems.map((i) => i.value)).toEqual(['5', '12', '2026']);
  });

  it('says who recorded each change of the rules, when on London’s clock, and which is in force', () => {
    const history = rulesHistoryInWords(
      [
        ...onDay().rulesHistory,
        {
          inForceFrom: '2027-01-04',
          rules,
          reason: 'The Board agreed a smaller quorum',
          recordedAt: '2026-11-30T10:00:00.000Z',
          recordedBy: { kind: 'system', tool: 'set-up' },
        },
      ],
      '2026-12-05',
    );
    expect(history).toEqual([
      {
        from: 'From when the body was set up',
        recorded: 'Recorded Wednesday 1 April 2026 at 12:30am by Ada Admin',
        reason: null,
        inForce: true,
      },
      {
        from: 'From Monday 4 January 2027',
        recorded: 'Recorded Monday 30 November 2026 at 10:00am by Ratify, for the council',
        reason: 'The Board agreed a smaller quorum',
        inForce: false,
      },
    ]);
  });

  it('says a body’s rules are saved, says a day typed wrong, and offers changes to administrators', () => {
    const errors = new FormErrors().add('on-day', 'The day must include a year');
    const view = bodyPage({
      staff: admin,
      body: onDay({ rules: null, members: [] }),
      organisations,
      day: { day: '5', month: '12', year: '' },
      errors,
      done: 'changed',
    });
    expect(view).toMatchObject({
      canChange: true,
      done: 'The body’s rules are saved.',
      rules: null,
      onError: { text: 'The day must include a year' },
    });
    const unknown = bodyPage({
      staff: admin,
      body: onDay(),
      organisations,
      day: { day: '', month: '', year: '' },
      errors: new FormErrors(),
      done: 'nonsense',
    });
    expect(unknown.done).toBeUndefined();
  });
});

describe('the body form presenter', () => {
  it('fills the form from the rules on record, in words, with spare rows', () => {
    const form = formOfBody(jcb);
    expect(form.constituencies.slice(0, 2)).toEqual([
      { key: 'council', name: 'Council', organisationId: COUNCIL, groups: '', bloc: true },
      { key: 'icb', name: 'ICB', organisationId: ICB, groups: 'health', bloc: true },
    ]);
    expect(form.constituencies).toHaveLength(4);
    expect(form).toMatchObject({
      version: '3',
      quorumTotal: '4',
      quorumElected: '1',
      decisionKind: 'consensus',
      delegationAllowed: 'yes',
    });
    expect(form.minimums[0]).toEqual({ count: '1', who: 'ICB' });
  });

  it('starts a new body with the statutory notice and named substitutes', () => {
    const form = formOfBody(null);
    expect(form).toMatchObject({
      name: '',
      reportClearDays: '5',
      keyDecisionNoticeClearDays: '28',
      privateNoticeClearDays: '28',
      substitutesKind: 'named',
    });
    expect(form.constituencies).toHaveLength(3);
  });

  it('offers each constituency row the organisations with its own chosen, and keeps errors', () => {
    const typed = typedBodyForm({
      name: 'JCB',
      kind: 'jcb',
      constituencyRows: '2',
      'c-0-name': 'Council',
      'c-0-organisation': COUNCIL,
      'c-1-name': 'ICB',
      'c-1-organisation': ICB,
    });
    const errors = new FormErrors().add(
      'quorumTotal',
      'Enter the number of members who must be present',
    );
    const view = bodyFormPage({ staff: admin, body: jcb, form: typed, errors, organisations });
    expect(view.organisationItems[0].find((o) => o.selected)?.text).toBe(
      'Northshire County Council',
    );
    expect(view.organisationItems[1].find((o) => o.selected)?.text).toBe(
      'NHS Northshire Integrated Care Board',
    );
    expect(view.organisationItems[2][0]).toEqual({ value: '', text: 'No organisation' });
    expect(view.kinds.find((k) => 'selected' in k && k.selected)?.value).toBe('jcb');
    expect(view.fieldErrors.quorumTotal).toEqual({
      text: 'Enter the number of members who must be present',
    });
    expect(view.body).toEqual({ id: JCB, name: 'Joint Commissioning Board' });
    expect(view.rulesFromItems.map((i) => i.value)).toEqual(['', '', '']);
  });
});
