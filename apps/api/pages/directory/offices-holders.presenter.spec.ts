import type { HoldingRecord } from '../../../../libs/directory/office.repository';
import type { OfficeView } from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import { blankHoldingForm, holdingFormOf, holdingFormPage } from './offices-holders.presenter';

const OFFICE = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const PAT = '16fd2706-8baf-433b-82eb-8c7fada847da';
const HOLDING = '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;

const office: OfficeView = {
  id: OFFICE,
  title: 'Director of Public Health',
  organisationId: '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d',
  version: 2,
  on: '2026-12-05',
  holder: null,
};
const holding: HoldingRecord = {
  id: HOLDING,
  officeId: OFFICE,
  personId: PAT,
  personName: 'Pat Jones',
  from: '2026-04-01',
  until: null,
  kind: 'acting',
  version: 5,
};
const people = [{ value: PAT, text: 'Pat Jones (pat.jones@northshire.gov.uk)' }];

describe('the office holding form presenter', () => {
  it('offers people by name and email to appoint, substantive chosen, no end day needed', () => {
    const view = holdingFormPage({
      staff: admin,
      office,
      holding: null,
      form: blankHoldingForm(),
      people,
    });
    expect(view.office).toEqual({
      title: 'Director of Public Health',
      href: `/directory/offices/${OFFICE}`,
    });
    expect(view.holding).toBeNull();
    expect(view.action).toBe(`/directory/offices/${OFFICE}/appoint`);
    expect(view.people.map((p) => [p.text, p.selected])).toEqual([
      ['Choose a person', true],
      ['Pat Jones (pat.jones@northshire.gov.uk)', false],
    ]);
    expect(view.kinds.map((k) => [k.text, k.checked])).toEqual([
      ['Substantive', true],
      ['Acting', false],
    ]);
    expect(view.kinds[1].hint).toEqual({
      text: 'Standing in while its holder is away; acts in the office meanwhile.',
    });
    expect(view.from.fieldset.legend.text).toBe('First day they hold the office');
    expect(view.until.hint.text).toBe(
      'Leave blank when there is no end yet. For example, 31 3 2027',
    );
    expect(view.errors).toEqual([]);
  });

  it('draws a holding to correct or end as recorded, its person named and fixed', () => {
    const view = holdingFormPage({
      staff: admin,
      office,
      holding,
      form: holdingFormOf(holding),
      people: [],
    });
    expect(view.holding).toEqual({ personName: 'Pat Jones' });
    expect(view.action).toBe(`/directory/offices/${OFFICE}/holders/${HOLDING}/change`);
    expect(view.form).toEqual({
      personId: PAT,
      kind: 'acting',
      from: { day: '1', month: '4', year: '2026' },
      until: { day: '', month: '', year: '' },
      version: '5',
    });
    expect(view.kinds.find((k) => k.checked)?.value).toBe('acting');
    expect(view.from.items.map((i) => i.value)).toEqual(['1', '4', '2026']);
    expect(view.until.hint.text).toBe(
      'To end the holding, enter its last day. For example, 31 3 2026',
    );
    expect(JSON.stringify(view.holding)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('keeps a refused appointment as typed, each error against its field', () => {
    const errors = new FormErrors()
      .add('personId', 'Choose who holds the office')
      .add('from-day', 'Enter the first day they hold the office');
    const view = holdingFormPage({
      staff: admin,
      office,
      holding: null,
      form: { ...blankHoldingForm(), kind: 'acting', until: { day: '3', month: '', year: '' } },
      people,
      errors,
    });
    expect(view.errors).toEqual([
      { text: 'Choose who holds the office', href: '#personId' },
      { text: 'Enter the first day they hold the office', href: '#from-day' },
    ]);
    expect(view.fieldErrors.personId).toEqual({ text: 'Choose who holds the office' });
    expect(view.from.errorMessage).toEqual({ text: 'Enter the first day they hold the office' });
    expect(view.until.errorMessage).toBeUndefined();
    expect(view.until.items.map((i) => i.value)).toEqual(['3', '', '']);
    expect(view.kinds.find((k) => k.checked)?.value).toBe('acting');
  });
});
