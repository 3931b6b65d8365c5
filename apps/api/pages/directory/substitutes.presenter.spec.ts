import type { SubstituteRecord } from '../../../../libs/directory/membership-substitute.repository';
import type { BodyRules } from '../../../../libs/governance/body-rules.schema';
import { FormErrors } from '../forms/form-errors.service';
import { substitutesRuleInWords, substitutesView } from './substitutes.presenter';

const SAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const JO = '16fd2706-8baf-433b-82eb-8c7fada847da';
const NAMED = '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';

const jo: SubstituteRecord = {
  id: NAMED,
  membershipId: '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10',
  personId: JO,
  personName: 'Jo Wright',
  validFrom: '2026-04-01',
  validUntil: null,
  reference: 'JCB minute 12/2026',
  version: 2,
};

const people = [
  { id: SAM, name: 'Sam Patel', email: 'sam.patel@northshire.gov.uk' },
  { id: JO, name: 'Jo Wright', email: 'jo.wright@northshire.gov.uk' },
];

describe('the substitutes presenter', () => {
  it('says each naming in words with its forms filled from the record', () => {
    const view = substitutesView({
      seatPersonId: SAM,
      substitutes: [jo],
      people,
      typed: {},
      errors: new FormErrors(),
    });
    expect(view.substitutes).toHaveLength(1);
    const [s] = view.substitutes;
    expect(s).toMatchObject({
      id: NAMED,
      version: 2,
      name: 'Jo Wright',
      term: 'from Wednesday 1 April 2026 with no end date',
      reference: 'JCB minute 12/2026',
      typedReference: 'JCB minute 12/2026',
    });
    expect(s.fromItems.map((i) => i.value)).toEqual(['1', '4', '2026']);
    expect(s.untilItems.map((i) => i.value)).toEqual(['', '', '']);
    expect(s.endItems[0].name).toBe(`sub-${NAMED}-end-day`);
    const shown = view.substitutes.map(({ name, term, reference }) => ({ name, term, reference }));
    expect(JSON.stringify(shown)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}/);
  });

  it('never offers the seat’s own member as their substitute', () => {
    const view = substitutesView({
      seatPersonId: SAM,
      substitutes: [],
      people,
      typed: {},
      errors: new FormErrors(),
    });
    expect(view.people).toEqual([
      { value: '', text: 'Choose a person' },
      { value: JO, text: 'Jo Wright (jo.wright@northshire.gov.uk)', selected: false },
    ]);
  });

  it('keeps a refused naming, change or end as typed, each date input marked at its own field', () => {
    const p = `sub-${NAMED}`;
    const errors = new FormErrors()
      .add('subFrom-day', 'The first day must be a real date')
      .add(`${p}-end-day`, 'The last day must be on or after the first');
    const view = substitutesView({
      seatPersonId: SAM,
      substitutes: [jo],
      people,
      typed: {
        nameForm: {
          personId: JO,
          from: { day: '31', month: '2', year: '2026' },
          until: { day: '', month: '', year: '' },
          reference: 'JCB minute 14/2026',
        },
        substituteEnds: { [NAMED]: { day: '1', month: '1', year: '2026' } },
      },
      errors,
    });
    expect(view.nameForm.reference).toBe('JCB minute 14/2026');
    expect(view.people.find((o) => 'selected' in o && o.selected)?.text).toBe(
      'Jo Wright (jo.wright@northshire.gov.uk)',
    );
    expect(view.subFromItems[0]).toMatchObject({
      value: '31',
      classes: expect.stringContaining('govuk-input--error'),
    });
    expect(view.subUntilItems[0].classes).not.toContain('error');
    const [s] = view.substitutes;
    expect(s.endItems.map((i) => i.value)).toEqual(['1', '1', '2026']);
    expect(s.endItems[0].classes).toContain('govuk-input--error');
    expect(s.fromItems[0].classes).not.toContain('error');
  });

  it('says the body’s rule on who may sit in a member’s place, with its source', () => {
    const named = { substitutes: { kind: 'named', source: 'Terms of reference 5' } } as Pick<
      BodyRules,
      'substitutes'
    >;
    expect(substitutesRuleInWords(named)).toEqual({
      text: 'Under the body’s rules only the substitutes named here may sit in this member’s place',
      source: 'Terms of reference 5',
    });
    const deputies = {
      substitutes: { kind: 'partnerDeputies', source: 'Standing orders 9' },
    } as never;
    expect(substitutesRuleInWords(deputies)?.text).toBe(
      'Under the body’s rules any person of the seat’s organisation who holds no seat may deputise; names here are kept for the record',
    );
    expect(substitutesRuleInWords(null)).toBeNull();
  });
});
