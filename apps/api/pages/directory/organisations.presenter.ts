import type { OrganisationKind } from '../../../../libs/directory/organisation.entity';
import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import type { OrganisationView } from '../../../../libs/directory/use-cases/read-organisations.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { pagingOf } from '../forms/list-paging.service';
import { dayInWords } from '../forms/words.service';
import { choices, dateInput } from './directory-pages.service';

/*
 * The organisations' pages as their templates draw them: the list with its filters, one
 * organisation in words with links to its people, offices and changes, and the form to add or
 * change one, as typed when refused.
 */

/** Each kind in people's words; the abolished CCGs read as history and are not offered for new ones. */
export const KIND_WORDS: Record<OrganisationKind, string> = {
  local_authority: 'Local authority',
  icb: 'Integrated Care Board',
  nhs_trust: 'NHS trust',
  nhs_region: 'NHS England region',
  healthwatch: 'Healthwatch',
  voluntary_sector: 'Voluntary sector',
  other: 'Other',
  ccg: 'Clinical commissioning group (historic)',
};
const OFFERED = (Object.keys(KIND_WORDS) as OrganisationKind[]).filter((k) => k !== 'ccg');

/** A kind the page knows (the filter ignores any other). */
export function isKind(kind: string): kind is OrganisationKind {
  return Object.hasOwn(KIND_WORDS, kind);
}

const DONE: Record<string, string> = {
  created: 'The organisation is added.',
  changed: 'The organisation is changed.',
};

/** The success banner after `?done=…`; nothing for a key the page does not know. */
export function organisationDone(done: string): string | undefined {
  return Object.hasOwn(DONE, done) ? DONE[done] : undefined;
}

/** What the organisation form holds as typed. */
export interface OrganisationForm {
  name: string;
  kind: string;
  activeFrom: TypedDate;
  activeUntil: TypedDate;
  version: string;
}

export const blankOrganisationForm = (): OrganisationForm => ({
  name: '',
  kind: '',
  activeFrom: { day: '', month: '', year: '' },
  activeUntil: { day: '', month: '', year: '' },
  version: '',
});

/** The form as the organisation is recorded. */
export function organisationFormOf(o: OrganisationView): OrganisationForm {
  return {
    name: o.name,
    kind: o.kind,
    activeFrom: typedDateOf(o.activeFrom),
    activeUntil: typedDateOf(o.activeUntil),
    version: String(o.version),
  };
}

/** The list's filters as the page keeps them in its links. */
export interface OrganisationFilters {
  q: string;
  kind: string;
  show: string;
}

/** An organisation in words: its kind, the days it is a partner, whether it is one today. */
export function organisationRow(o: OrganisationView) {
  return {
    id: o.id,
    href: `/directory/organisations/${o.id}`,
    name: o.name,
    kindWords: KIND_WORDS[o.kind] ?? 'Other',
    from: dayInWords(o.activeFrom, 'Not recorded'),
    until: dayInWords(o.activeUntil, 'Still a partner'),
    active: o.active,
  };
}

/** directory/organisations.njk: the filters as chosen, a page of organisations, links to the next. */
export function organisationsPage(input: {
  staff: SignedInStaff;
  filters: OrganisationFilters;
  page: Page<OrganisationView>;
}) {
  const { staff, filters, page } = input;
  return {
    staff,
    filters,
    kinds: choices(
      [
        { value: '', text: 'Any kind' },
        ...Object.entries(KIND_WORDS).map(([k, t]) => ({ value: k, text: t })),
      ],
      filters.kind,
      'selected',
    ),
    shows: choices(
      [
        { value: '', text: 'Partners today' },
        { value: 'all', text: 'All, including past partners' },
      ],
      filters.show,
    ),
    rows: page.items.map(organisationRow),
    paging: pagingOf('/directory/organisations', { ...filters }, page),
    mayChange: staff.role === 'administrator',
  };
}

/** directory/organisations-show.njk: the organisation in words, a success banner, its links. */
export function organisationPage(input: {
  staff: SignedInStaff;
  organisation: OrganisationView;
  done?: string;
}) {
  const { staff, organisation: o } = input;
  const q = encodeURIComponent(o.id);
  return {
    staff,
    o: organisationRow(o),
    done: input.done,
    mayChange: staff.role === 'administrator',
    links: {
      change: `/directory/organisations/${o.id}/change`,
      people: `/directory/people?organisation=${q}`,
      offices: `/directory/offices?organisation=${q}`,
      changes: `/directory/changes?record=${q}`,
    },
  };
}

/**
 * directory/organisations-form.njk: the form as typed (or as recorded), its errors against their
 * fields, the kinds offered (a historic CCG only to the CCG that is one) and the two days.
 */
export function organisationFormPage(input: {
  staff: SignedInStaff;
  organisation: OrganisationView | null;
  form: OrganisationForm;
  errors?: FormErrors;
}) {
  const { staff, organisation: o, form } = input;
  const errors = input.errors ?? new FormErrors();
  const kinds = o?.kind === 'ccg' ? [...OFFERED, 'ccg' as const] : OFFERED;
  return {
    staff,
    o: o ? { name: o.name, href: `/directory/organisations/${o.id}` } : null,
    errors: errors.items,
    fieldErrors: errors.byField(),
    form,
    action: o ? `/directory/organisations/${o.id}/change` : '/directory/organisations',
    kinds: choices(
      kinds.map((k) => ({ value: k, text: KIND_WORDS[k] })),
      form.kind,
    ),
    activeFrom: dateInput(
      'activeFrom',
      'First day as a partner (optional)',
      form.activeFrom,
      errors,
    ),
    activeUntil: dateInput(
      'activeUntil',
      'Last day as a partner (optional)',
      form.activeUntil,
      errors,
      'Leave blank while it is still a partner. For example, 31 3 2027',
    ),
  };
}
