import type { PersonView } from '../../../../libs/directory/use-cases/read-people.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import {
  blankPersonForm,
  peoplePage,
  personDone,
  personFormOf,
  personFormPage,
  personPage,
} from './people.presenter';

const SAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const JO = '16fd2706-8baf-433b-82eb-8c7fada847da';
const COUNCIL = '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const GONE = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const lead = { role: 'governance_lead', name: 'Gil Lead' } as unknown as SignedInStaff;
const organisations = [{ value: COUNCIL, text: 'Northshire County Council' }];

const sam: PersonView = {
  id: SAM,
  name: 'Sam Patel',
  email: 'sam.patel@northshire.gov.uk',
  organisationId: COUNCIL,
  isElectedMember: true,
  isOfficer: false,
  leftOn: null,
  active: true,
  version: 4,
};
const jo: PersonView = {
  id: JO,
  name: 'Jo Wright',
  email: 'jo.wright@example.org',
  organisationId: null,
  isElectedMember: false,
  isOfficer: true,
  leftOn: '2026-03-31',
  active: false,
  version: 2,
};

/** The view's words with its links and the form's values set aside: no id may be read there. */
const noIdInWords = (view: unknown) =>
  expect(
    JSON.stringify(view, (k: string, v: unknown) =>
      ['id', 'value', 'href', 'organisationHref', 'action', 'links', 'staff', 'form'].includes(k)
        ? undefined
        : v,
    ),
  ).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

describe('the people pages presenter', () => {
  it('lists each person with their organisation by name and the day they left in words', () => {
    const view = peoplePage({
      staff: lead,
      filters: { q: '', organisation: '', status: 'all' },
      organisations,
      page: { items: [sam, jo], limit: 25, offset: 0, next: null },
    });
    expect(view.rows).toEqual([
      {
        id: SAM,
        href: `/directory/people/${SAM}`,
        name: 'Sam Patel',
        email: 'sam.patel@northshire.gov.uk',
        organisation: 'Northshire County Council',
        organisationHref: `/directory/organisations/${COUNCIL}`,
        electedMember: true,
        officer: false,
        active: true,
        leftOn: '',
      },
      {
        id: JO,
        href: `/directory/people/${JO}`,
        name: 'Jo Wright',
        email: 'jo.wright@example.org',
        organisation: 'None',
        organisationHref: null,
        electedMember: false,
        officer: true,
        active: false,
        leftOn: 'Tuesday 31 March 2026',
      },
    ]);
    expect(view.statuses.find((s) => s.checked)?.text).toBe('Everyone');
    expect(view.mayChange).toBe(false);
    noIdInWords(view);
  });

  it('names an organisation it cannot find in words, never by its id', () => {
    const view = peoplePage({
      staff: lead,
      filters: { q: '', organisation: '', status: '' },
      organisations,
      page: { items: [{ ...sam, organisationId: GONE }], limit: 25, offset: 0, next: null },
    });
    expect(view.rows[0].organisation).toBe('Another organisation');
    noIdInWords(view);
  });

  it('keeps the filters chosen in the filter form and in the links to other pages', () => {
    const view = peoplePage({
      staff: admin,
      filters: { q: 'pat', organisation: COUNCIL, status: 'left' },
      organisations,
      page: { items: [jo], limit: 25, offset: 0, next: 25 },
    });
    expect(view.organisations).toEqual([
      { value: '', text: 'Any organisation', selected: false },
      { value: COUNCIL, text: 'Northshire County Council', selected: true },
    ]);
    expect(view.statuses.map((s) => [s.text, s.checked])).toEqual([
      ['With the council', false],
      ['Left', true],
      ['Everyone', false],
    ]);
    expect(view.paging).toEqual({
      previous: undefined,
      next: { href: `/directory/people?q=pat&organisation=${COUNCIL}&status=left&offset=25` },
    });
    expect(view.mayChange).toBe(true);
  });

  it('shows one person with their links, a banner, and a blank form to mark them left', () => {
    const view = personPage({ staff: admin, person: sam, organisations, done: personDone('left') });
    expect(view.done).toBe(
      'The person is marked as left. From that day they cannot sign in and their API keys stop working.',
    );
    expect(view.version).toBe('4');
    expect(view.links).toEqual({
      change: `/directory/people/${SAM}/change`,
      changes: `/directory/changes?record=${SAM}`,
      away: `/away?person=${SAM}`,
      leave: `/directory/people/${SAM}/leave`,
    });
    expect(view.leftOn.fieldset.legend.text).toBe('The day they left');
    expect(view.leftOn.items.map((i) => i.value)).toEqual(['', '', '']);
    expect(view.errors).toEqual([]);
    expect(personDone('created')).toBe('The person is added.');
    expect(personDone('hasOwnProperty')).toBeUndefined();
    noIdInWords(view);
  });

  it('keeps a refused day they left as typed, with its error against the date input', () => {
    const errors = new FormErrors().add('leftOn-day', 'Enter the day the person left');
    const view = personPage({
      staff: admin,
      person: sam,
      organisations,
      errors,
      leftOn: { day: '', month: '13', year: '2026' },
    });
    expect(view.errors).toEqual([{ text: 'Enter the day the person left', href: '#leftOn-day' }]);
    expect(view.leftOn.errorMessage).toEqual({ text: 'Enter the day the person left' });
    expect(view.leftOn.items.map((i) => i.value)).toEqual(['', '13', '2026']);
  });

  it('draws the form to add a person blank and to change one as recorded, roles ticked', () => {
    const blank = personFormPage({
      staff: admin,
      person: null,
      form: blankPersonForm(),
      organisations,
    });
    expect(blank.action).toBe('/directory/people');
    expect(blank.p).toBeNull();
    expect(blank.organisations[0]).toEqual({
      value: '',
      text: 'None (not part of a partner organisation)',
      selected: true,
    });
    expect(blank.flags.map((f) => [f.name, f.checked])).toEqual([
      ['electedMember', false],
      ['officer', false],
    ]);
    const change = personFormPage({
      staff: admin,
      person: sam,
      form: personFormOf(sam),
      organisations,
    });
    expect(change.action).toBe(`/directory/people/${SAM}/change`);
    expect(change.p).toEqual({ name: 'Sam Patel', href: `/directory/people/${SAM}` });
    expect(change.form.version).toBe('4');
    expect(change.organisations.find((o) => o.selected)?.text).toBe('Northshire County Council');
    expect(change.flags.map((f) => [f.text, f.checked])).toEqual([
      ['An elected member (a councillor)', true],
      ['A democratic services officer', false],
    ]);
  });

  it('keeps a refused form as typed, each error against its field', () => {
    const form = { ...blankPersonForm(), name: 'Ola Ade', email: 'ola@', officer: 'yes' };
    const errors = new FormErrors().add(
      'email',
      'Enter an email address in the right form, like name@example.org',
    );
    const view = personFormPage({ staff: admin, person: null, form, organisations, errors });
    expect(view.errors).toEqual([
      { text: 'Enter an email address in the right form, like name@example.org', href: '#email' },
    ]);
    expect(view.fieldErrors).toEqual({
      email: { text: 'Enter an email address in the right form, like name@example.org' },
    });
    expect(view.form).toMatchObject({ name: 'Ola Ade', email: 'ola@' });
    expect(view.flags[1].checked).toBe(true);
  });
});
