import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import type { PersonView } from '../../../../libs/directory/use-cases/read-people.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import type { TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { pagingOf } from '../forms/list-paging.service';
import { dayInWords } from '../forms/words.service';
import type { PickItem } from './directory-choices.service';
import {
  choices,
  dateInput,
  organisationFilter,
  organisationName,
} from './directory-pages.service';

/*
 * The people's pages as their templates draw them: the list with its filters, one person in
 * words (their organisation by name, whether they have left) with the form to mark them left, and
 * the form to add or change one, as typed when refused.
 */

const DONE: Record<string, string> = {
  created: 'The person is added.',
  changed: 'The person is changed.',
  left: 'The person is marked as left. From that day they cannot sign in and their API keys stop working.',
};

/** The success banner after `?done=…`; nothing for a key the page does not know. */
export function personDone(done: string): string | undefined {
  return Object.hasOwn(DONE, done) ? DONE[done] : undefined;
}

/** What the person form holds as typed ("yes" for a ticked box). */
export interface PersonForm {
  name: string;
  email: string;
  organisationId: string;
  electedMember: string;
  officer: string;
  version: string;
}

export const blankPersonForm = (): PersonForm => ({
  name: '',
  email: '',
  organisationId: '',
  electedMember: '',
  officer: '',
  version: '',
});

/** The form as the person is recorded. */
export function personFormOf(p: PersonView): PersonForm {
  return {
    name: p.name,
    email: p.email,
    organisationId: p.organisationId ?? '',
    electedMember: p.isElectedMember ? 'yes' : '',
    officer: p.isOfficer ? 'yes' : '',
    version: String(p.version),
  };
}

/** The list's filters as the page keeps them in its links. */
export interface PeopleFilters {
  q: string;
  organisation: string;
  status: string;
}

/** A person in words: their organisation by name (and its page), roles, and the day they left. */
export function personRow(p: PersonView, organisations: PickItem[]) {
  const organisation = p.organisationId
    ? organisationName(p.organisationId, organisations)
    : 'None';
  return {
    id: p.id,
    href: `/directory/people/${p.id}`,
    name: p.name,
    email: p.email,
    organisation,
    organisationHref: p.organisationId ? `/directory/organisations/${p.organisationId}` : null,
    electedMember: p.isElectedMember,
    officer: p.isOfficer,
    active: p.active,
    leftOn: dayInWords(p.leftOn),
  };
}

/** directory/people.njk: the filters as chosen, a page of people, links to the next. */
export function peoplePage(input: {
  staff: SignedInStaff;
  filters: PeopleFilters;
  organisations: PickItem[];
  page: Page<PersonView>;
}) {
  const { staff, filters, organisations, page } = input;
  return {
    staff,
    filters,
    organisations: organisationFilter(organisations, filters.organisation),
    statuses: choices(
      [
        { value: '', text: 'With the council' },
        { value: 'left', text: 'Left' },
        { value: 'all', text: 'Everyone' },
      ],
      filters.status,
    ),
    rows: page.items.map((p) => personRow(p, organisations)),
    paging: pagingOf('/directory/people', { ...filters }, page),
    mayChange: staff.role === 'administrator',
  };
}

/**
 * directory/people-show.njk: the person in words, a success banner, their links, and the form to
 * mark them left (its day as typed and its error when refused).
 */
export function personPage(input: {
  staff: SignedInStaff;
  person: PersonView;
  organisations: PickItem[];
  done?: string;
  errors?: FormErrors;
  leftOn?: TypedDate;
}) {
  const { staff, person: p } = input;
  const errors = input.errors ?? new FormErrors();
  return {
    staff,
    p: personRow(p, input.organisations),
    version: String(p.version),
    done: input.done,
    errors: errors.items,
    mayChange: staff.role === 'administrator',
    links: {
      change: `/directory/people/${p.id}/change`,
      changes: `/directory/changes?record=${encodeURIComponent(p.id)}`,
      away: `/away?person=${encodeURIComponent(p.id)}`,
      leave: `/directory/people/${p.id}/leave`,
    },
    leftOn: dateInput(
      'leftOn',
      'The day they left',
      input.leftOn ?? { day: '', month: '', year: '' },
      errors,
      'From this day they cannot sign in and their API keys stop working. For example, 31 3 2026',
    ),
  };
}

/** directory/people-form.njk: the form as typed (or as recorded), its errors, organisations and roles. */
export function personFormPage(input: {
  staff: SignedInStaff;
  person: PersonView | null;
  form: PersonForm;
  organisations: PickItem[];
  errors?: FormErrors;
}) {
  const { staff, person: p, form } = input;
  const errors = input.errors ?? new FormErrors();
  return {
    staff,
    p: p ? { name: p.name, href: `/directory/people/${p.id}` } : null,
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    action: p ? `/directory/people/${p.id}/change` : '/directory/people',
    organisations: choices(
      [{ value: '', text: 'None (not part of a partner organisation)' }, ...input.organisations],
      form.organisationId,
      'selected',
    ),
    flags: [
      {
        value: 'yes',
        text: 'An elected member (a councillor)',
        hint: { text: 'Quorum and eligibility rules that need elected members count this.' },
        checked: form.electedMember === 'yes',
        name: 'electedMember',
      },
      {
        value: 'yes',
        text: 'A democratic services officer',
        hint: { text: 'Opens and runs cases, records steps and meetings.' },
        checked: form.officer === 'yes',
        name: 'officer',
      },
    ],
  };
}
