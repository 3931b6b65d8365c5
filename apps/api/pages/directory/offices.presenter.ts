import type { HoldingRecord } from '../../../../libs/directory/office.repository';
import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import type {
  OfficeView,
  OfficeWithHistory,
} from '../../../../libs/directory/use-cases/read-offices.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import { pagingOf } from '../forms/list-paging.service';
import { dayInWords } from '../forms/words.service';
import type { PickItem } from './directory-choices.service';
import { choices, organisationFilter, organisationName } from './directory-pages.service';

/*
 * The offices' pages as their templates draw them: the list with today's holders, one office with
 * every holding in words (who, acting or substantive, the days, whether it holds today), and the
 * form to add or rename one, as typed when refused. The holdings' own form is
 * offices-holders.presenter.ts.
 */

/** "Pat Jones (acting)" or "Pat Jones". */
export function holderInWords(h: Pick<HoldingRecord, 'personName' | 'kind'>): string {
  return h.kind === 'acting' ? `${h.personName} (acting)` : h.personName;
}

const DONE: Record<string, string> = {
  created: 'The office is added. Appoint its holder next.',
  changed: 'The office is changed.',
  appointed: 'The holder is appointed.',
  holding: 'The holding is changed.',
};

/**
 * The success banner of an office's page after `?done=…`, with the open cases handed to a new
 * holder, if any (`cases`); nothing for a key the page does not know.
 */
export function officeDone(done: string, cases: number): string | undefined {
  const words = Object.hasOwn(DONE, done) ? DONE[done] : undefined;
  if (!words || cases === 0) return words;
  return `${words} ${cases === 1 ? 'One open case now waits' : `${cases} open cases now wait`} for the new holder, who has been sent its requests.`;
}

/** What the office form holds as typed. */
export interface OfficeForm {
  title: string;
  organisationId: string;
  version: string;
}

export const blankOfficeForm = (): OfficeForm => ({ title: '', organisationId: '', version: '' });

/** The form as the office is recorded. */
export function officeFormOf(o: OfficeView): OfficeForm {
  return { title: o.title, organisationId: o.organisationId, version: String(o.version) };
}

/** The list's filters as the page keeps them in its links. */
export interface OfficeFilters {
  q: string;
  organisation: string;
  held: string;
}

const organisationOf = (o: OfficeView, organisations: PickItem[]) =>
  organisationName(o.organisationId, organisations);

/** directory/offices.njk: the filters as chosen, a page of offices with today's holders. */
export function officesPage(input: {
  staff: SignedInStaff;
  filters: OfficeFilters;
  organisations: PickItem[];
  page: Page<OfficeView>;
}) {
  const { staff, filters, organisations, page } = input;
  return {
    staff,
    filters,
    organisations: organisationFilter(organisations, filters.organisation),
    helds: choices(
      [
        { value: '', text: 'Every office' },
        { value: 'held', text: 'Held today' },
        { value: 'vacant', text: 'Vacant today' },
      ],
      filters.held,
    ),
    rows: page.items.map((o) => ({
      id: o.id,
      href: `/directory/offices/${o.id}`,
      title: o.title,
      organisation: organisationOf(o, organisations),
      holder: o.holder ? holderInWords(o.holder) : 'Vacant',
    })),
    paging: pagingOf('/directory/offices', { ...filters }, page),
    mayChange: staff.role === 'administrator',
  };
}

/** Where a holding stands on the office's day: later, ended, holding it, or stood in for. */
function holdingState(h: HoldingRecord, office: OfficeWithHistory): string {
  if (h.from > office.on) return 'Starts later';
  if (h.until !== null && h.until < office.on) return 'Ended';
  return office.holder?.id === h.id ? 'Holds it today' : 'Stood in for today';
}

/**
 * directory/offices-show.njk: the office in words with its organisation and today's holder, a
 * success banner, and every holding (latest first) with its days in words and where it stands.
 */
export function officePage(input: {
  staff: SignedInStaff;
  office: OfficeWithHistory;
  organisations: PickItem[];
  done?: string;
}) {
  const { staff, office: o } = input;
  return {
    staff,
    o: {
      id: o.id,
      title: o.title,
      organisation: organisationOf(o, input.organisations),
      organisationHref: `/directory/organisations/${o.organisationId}`,
      holder: o.holder ? holderInWords(o.holder) : 'Vacant',
    },
    links: {
      change: `/directory/offices/${o.id}/change`,
      changes: `/directory/changes?record=${encodeURIComponent(o.id)}`,
      appoint: `/directory/offices/${o.id}/appoint`,
    },
    holders: o.holders.map((h) => ({
      id: h.id,
      personName: h.personName,
      personHref: `/directory/people/${h.personId}`,
      changeHref: `/directory/offices/${o.id}/holders/${h.id}/change`,
      kind: h.kind === 'acting' ? 'Acting' : 'Substantive',
      from: dayInWords(h.from),
      until: dayInWords(h.until, 'No end yet'),
      state: holdingState(h, o),
    })),
    done: input.done,
    mayChange: staff.role === 'administrator',
  };
}

/** directory/offices-form.njk: the form as typed (or as recorded), its errors, the organisations. */
export function officeFormPage(input: {
  staff: SignedInStaff;
  office: OfficeView | null;
  form: OfficeForm;
  organisations: PickItem[];
  errors?: FormErrors;
}) {
  const { staff, office: o, form } = input;
  const errors = input.errors ?? new FormErrors();
  return {
    staff,
    o: o ? { title: o.title, href: `/directory/offices/${o.id}` } : null,
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    action: o ? `/directory/offices/${o.id}/change` : '/directory/offices',
    organisations: choices(
      [{ value: '', text: 'Choose an organisation' }, ...input.organisations],
      form.organisationId,
      'selected',
    ),
  };
}
