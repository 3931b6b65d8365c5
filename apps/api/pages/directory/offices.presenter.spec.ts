import type { HoldingRecord } from '../../../../libs/directory/office.repository';
import type {
  OfficeView,
  OfficeWithHistory,
} from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import {
  blankOfficeForm,
  holderInWords,
  officeDone,
  officeFormOf,
  officeFormPage,
  officePage,
  officesPage,
} from './offices.presenter';

const OFFICE = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const COUNCIL = '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const PAT = '16fd2706-8baf-433b-82eb-8c7fada847da';
const LEE = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const officer = { role: 'officer', name: 'Olu Officer' } as unknown as SignedInStaff;
const organisations = [{ value: COUNCIL, text: 'Northshire County Council' }];

const holding = (over: Partial<HoldingRecord>): HoldingRecord => ({
  id: '5a6b7c8d-1e2f-4a3b-9c4d-5e6f7a8b9c0d',
  officeId: OFFICE,
  personId: PAT,
  personName: 'Pat Jones',
  from: '2025-04-01',
  until: null,
  kind: 'substantive',
  version: 1,
  ...over,
});
const pat = holding({});
const lee = holding({
  id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  personId: LEE,
  personName: 'Lee Chan',
  from: '2026-12-01',
  until: '2026-12-24',
  kind: 'acting',
});
const before = holding({
  id: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
  personName: 'Ann Old',
  from: '2020-01-06',
  until: '2025-03-31',
});
const later = holding({
  id: '6e5d4c3b-2a19-4f8e-8d7c-6b5a4f3e2d1c',
  personName: 'Nia New',
  from: '2027-04-01',
});

const office: OfficeWithHistory = {
  id: OFFICE,
  title: 'Chief Executive',
  organisationId: COUNCIL,
  version: 3,
  on: '2026-12-05',
  holder: lee,
  holders: [later, lee, pat, before],
};

/** The view's words with its links and the form's values set aside: no id may be read there. */
const noIdInWords = (view: unknown) =>
  expect(
    JSON.stringify(view, (k: string, v: unknown) =>
      ['id', 'value', 'action', 'links', 'staff', 'form'].includes(k) || k.endsWith('ref')
        ? undefined
        : v,
    ),
  ).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

describe('the offices pages presenter', () => {
  it('names a holder, saying when they are acting', () => {
    expect(holderInWords(pat)).toBe('Pat Jones');
    expect(holderInWords(lee)).toBe('Lee Chan (acting)');
  });

  it('lists each office with its organisation by name and today’s holder, or vacant', () => {
    const view = officesPage({
      staff: officer,
      filters: { q: '', organisation: '', held: '' },
      organisations,
      page: {
        items: [office, { ...office, id: PAT, title: 'Monitoring Officer', holder: null }],
        limit: 25,
        offset: 0,
        next: null,
      },
    });
    expect(view.rows).toEqual([
      {
        id: OFFICE,
        href: `/directory/offices/${OFFICE}`,
        title: 'Chief Executive',
        organisation: 'Northshire County Council',
        holder: 'Lee Chan (acting)',
      },
      {
        id: PAT,
        href: `/directory/offices/${PAT}`,
        title: 'Monitoring Officer',
        organisation: 'Northshire County Council',
        holder: 'Vacant',
      },
    ]);
    expect(view.mayChange).toBe(false);
    noIdInWords(view);
  });

  it('keeps the filters chosen in the filter form and in the links to other pages', () => {
    const view = officesPage({
      staff: admin,
      filters: { q: 'chief', organisation: COUNCIL, held: 'vacant' },
      organisations: [...organisations, { value: PAT, text: 'Northshire ICB' }],
      page: { items: [], limit: 25, offset: 50, next: null },
    });
    expect(view.rows).toEqual([]);
    expect(view.helds.find((h) => h.checked)?.text).toBe('Vacant today');
    expect(view.organisations.map((o) => o.text)).toEqual([
      'Any organisation',
      'Northshire County Council',
      'Northshire ICB',
    ]);
    expect(view.paging).toEqual({
      previous: {
        href: `/directory/offices?q=chief&organisation=${COUNCIL}&held=vacant&offset=25`,
      },
      next: undefined,
    });
    expect(view.mayChange).toBe(true);
  });

  it('shows every holding in words and where it stands on the day, latest first', () => {
    const view = officePage({ staff: officer, office, organisations });
    expect(view.o).toEqual({
      id: OFFICE,
      title: 'Chief Executive',
      organisation: 'Northshire County Council',
      organisationHref: `/directory/organisations/${COUNCIL}`,
      holder: 'Lee Chan (acting)',
    });
    expect(view.holders.map((h) => [h.personName, h.kind, h.from, h.until, h.state])).toEqual([
      ['Nia New', 'Substantive', 'Thursday 1 April 2027', 'No end yet', 'Starts later'],
      [
        'Lee Chan',
        'Acting',
        'Tuesday 1 December 2026',
        'Thursday 24 December 2026',
        'Holds it today',
      ],
      ['Pat Jones', 'Substantive', 'Tuesday 1 April 2025', 'No end yet', 'Stood in for today'],
      ['Ann Old', 'Substantive', 'Monday 6 January 2020', 'Monday 31 March 2025', 'Ended'],
    ]);
    expect(view.holders[1]).toMatchObject({
      personHref: `/directory/people/${LEE}`,
      changeHref: `/directory/offices/${OFFICE}/holders/${lee.id}/change`,
    });
    expect(view.links).toEqual({
      change: `/directory/offices/${OFFICE}/change`,
      changes: `/directory/changes?record=${OFFICE}`,
      appoint: `/directory/offices/${OFFICE}/appoint`,
    });
    expect(view.done).toBeUndefined();
    noIdInWords(view);
  });

  it('says a vacant office is vacant and names an unknown organisation in words', () => {
    const view = officePage({
      staff: officer,
      office: { ...office, holder: null, holders: [] },
      organisations: [],
    });
    expect(view.o.holder).toBe('Vacant');
    expect(view.o.organisation).toBe('Another organisation');
    expect(view.holders).toEqual([]);
    noIdInWords(view);
  });

  it('says what was done, with the open cases handed to a new holder', () => {
    expect(officeDone('created', 0)).toBe('The office is added. Appoint its holder next.');
    expect(officeDone('appointed', 0)).toBe('The holder is appointed.');
    expect(officeDone('appointed', 1)).toBe(
      'The holder is appointed. One open case now waits for the new holder, who has been sent its requests.',
    );
    expect(officeDone('holding', 3)).toBe(
      'The holding is changed. 3 open cases now wait for the new holder, who has been sent its requests.',
    );
    expect(officeDone('valueOf', 2)).toBeUndefined();
    expect(officeDone('', 2)).toBeUndefined();
  });

  it('draws the office form blank, as recorded, and as typed with its errors', () => {
    const blank = officeFormPage({
      staff: admin,
      office: null,
      form: blankOfficeForm(),
      organisations,
    });
    expect(blank.action).toBe('/directory/offices');
    expect(blank.o).toBeNull();
    expect(blank.organisations[0]).toEqual({
      value: '',
      text: 'Choose an organisation',
      selected: true,
    });
    const recorded: OfficeView = office;
    const change = officeFormPage({
      staff: admin,
      office: recorded,
      form: officeFormOf(recorded),
      organisations,
    });
    expect(change.action).toBe(`/directory/offices/${OFFICE}/change`);
    expect(change.o).toEqual({ title: 'Chief Executive', href: `/directory/offices/${OFFICE}` });
    expect(change.form).toEqual({
      title: 'Chief Executive',
      organisationId: COUNCIL,
      version: '3',
    });
    const errors = new FormErrors().add('title', 'Enter the office’s title');
    const refused = officeFormPage({
      staff: admin,
      office: null,
      form: { ...blankOfficeForm(), organisationId: COUNCIL },
      organisations,
      errors,
    });
    expect(refused.errors).toEqual([{ text: 'Enter the office’s title', href: '#title' }]);
    expect(refused.fieldErrors).toEqual({ title: { text: 'Enter the office’s title' } });
    expect(refused.organisations[1]).toMatchObject({ value: COUNCIL, selected: true });
  });
});
