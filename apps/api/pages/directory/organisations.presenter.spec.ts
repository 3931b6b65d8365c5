import type { OrganisationView } from '../../../../libs/directory/use-cases/read-organisations.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import {
  blankOrganisationForm,
  isKind,
  organisationDone,
  organisationFormOf,
  organisationFormPage,
  organisationPage,
  organisationsPage,
} from './organisations.presenter';

const ICB = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const CCG = '16fd2706-8baf-433b-82eb-8c7fada847da';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const officer = { role: 'officer', name: 'Olu Officer' } as unknown as SignedInStaff;

const icb: OrganisationView = {
  id: ICB,
  name: 'NHS Northshire Integrated Care Board',
  kind: 'icb',
  kindName: 'ICB',
  activeFrom: '2022-07-01',
  activeUntil: null,
  active: true,
  version: 2,
};
const ccg: OrganisationView = {
  id: CCG,
  name: 'Northshire CCG',
  kind: 'ccg',
  kindName: 'CCG',
  activeFrom: null,
  activeUntil: '2022-06-30',
  active: false,
  version: 1,
};

/** The view's words with its links and the form's values set aside: no id may be read there. */
const noIdInWords = (view: unknown) =>
  expect(
    JSON.stringify(view, (k: string, v: unknown) =>
      ['id', 'value', 'href', 'action', 'links', 'staff'].includes(k) ? undefined : v,
    ),
  ).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

describe('the organisations pages presenter', () => {
  it('lists each organisation with its kind and partner days in words, linked to its page', () => {
    const view = organisationsPage({
      staff: officer,
      filters: { q: '', kind: '', show: '' },
      page: { items: [icb, ccg], limit: 25, offset: 0, next: null },
    });
    expect(view.rows).toEqual([
      {
        id: ICB,
        href: `/directory/organisations/${ICB}`,
        name: 'NHS Northshire Integrated Care Board',
        kindWords: 'Integrated Care Board',
        from: 'Friday 1 July 2022',
        until: 'Still a partner',
        active: true,
      },
      {
        id: CCG,
        href: `/directory/organisations/${CCG}`,
        name: 'Northshire CCG',
        kindWords: 'Clinical commissioning group (historic)',
        from: 'Not recorded',
        until: 'Thursday 30 June 2022',
        active: false,
      },
    ]);
    expect(view.mayChange).toBe(false);
    expect(view.paging).toEqual({ previous: undefined, next: undefined });
    noIdInWords(view);
  });

  it('keeps the filters chosen in the filter form and in the links to other pages', () => {
    const view = organisationsPage({
      staff: admin,
      filters: { q: 'north', kind: 'icb', show: 'all' },
      page: { items: [icb], limit: 25, offset: 25, next: 50 },
    });
    expect(view.kinds.find((k) => k.selected)).toEqual({
      value: 'icb',
      text: 'Integrated Care Board',
      selected: true,
    });
    expect(view.kinds[0]).toEqual({ value: '', text: 'Any kind', selected: false });
    expect(view.shows.map((s) => [s.text, s.checked])).toEqual([
      ['Partners today', false],
      ['All, including past partners', true],
    ]);
    expect(view.paging).toEqual({
      previous: { href: '/directory/organisations?q=north&kind=icb&show=all' },
      next: { href: '/directory/organisations?q=north&kind=icb&show=all&offset=50' },
    });
    expect(view.mayChange).toBe(true);
  });

  it('knows the kinds by name only (a name of the language is not a kind)', () => {
    expect(isKind('nhs_trust')).toBe(true);
    expect(isKind('constructor')).toBe(false);
    expect(isKind('')).toBe(false);
  });

  it('shows one organisation with links to its people, offices and changes, and a banner', () => {
    const view = organisationPage({
      staff: admin,
      organisation: icb,
      done: organisationDone('created'),
    });
    expect(view.done).toBe('The organisation is added.');
    expect(view.o.kindWords).toBe('Integrated Care Board');
    expect(view.links).toEqual({
      change: `/directory/organisations/${ICB}/change`,
      people: `/directory/people?organisation=${ICB}`,
      offices: `/directory/offices?organisation=${ICB}`,
      changes: `/directory/changes?record=${ICB}`,
    });
    expect(organisationDone('changed')).toBe('The organisation is changed.');
    expect(organisationDone('toString')).toBeUndefined();
    noIdInWords(view);
  });

  it('offers the kinds of today for a new organisation, the historic CCG only to a CCG', () => {
    const blank = organisationFormPage({
      staff: admin,
      organisation: null,
      form: blankOrganisationForm(),
    });
    expect(blank.action).toBe('/directory/organisations');
    expect(blank.o).toBeNull();
    expect(blank.kinds.map((k) => k.text)).toEqual([
      'Local authority',
      'Integrated Care Board',
      'NHS trust',
      'NHS England region',
      'Healthwatch',
      'Voluntary sector',
      'Other',
    ]);
    expect(blank.errors).toEqual([]);
    const old = organisationFormPage({
      staff: admin,
      organisation: ccg,
      form: organisationFormOf(ccg),
    });
    expect(old.action).toBe(`/directory/organisations/${CCG}/change`);
    expect(old.o).toEqual({ name: 'Northshire CCG', href: `/directory/organisations/${CCG}` });
    expect(old.kinds.find((k) => k.checked)?.text).toBe('Clinical commissioning group (historic)');
    expect(old.form.activeUntil).toEqual({ day: '30', month: '6', year: '2022' });
    expect(old.form.version).toBe('1');
  });

  it('keeps a refused form as typed, each error against its field and its date input', () => {
    const form = {
      ...blankOrganisationForm(),
      name: 'Healthwatch Northshire',
      kind: 'healthwatch',
      activeFrom: { day: '31', month: '2', year: '2026' },
    };
    const errors = new FormErrors().add('activeFrom-day', 'Enter a real day');
    const view = organisationFormPage({ staff: admin, organisation: null, form, errors });
    expect(view.errors).toEqual([{ text: 'Enter a real day', href: '#activeFrom-day' }]);
    expect(view.form.name).toBe('Healthwatch Northshire');
    expect(view.kinds.find((k) => k.checked)?.value).toBe('healthwatch');
    expect(view.activeFrom.errorMessage).toEqual({ text: 'Enter a real day' });
    expect(view.activeFrom.items.map((i) => i.value)).toEqual(['31', '2', '2026']);
    expect(view.activeUntil.errorMessage).toBeUndefined();
    expect(view.activeUntil.hint.text).toMatch(/^Leave blank while it is still a partner/);
  });
});
