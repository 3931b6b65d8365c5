import type { ApiKeyView } from '../../../../libs/directory/use-cases/read-api-keys.use-case';
import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import type { TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { pagingOf } from '../forms/list-paging.service';
import { dayInWords, lastTimeInWords, whenInWords } from '../forms/words.service';
import type { PickItem } from './directory-choices.service';
import { choices, dateInput } from './directory-pages.service';

/*
 * The API keys pages as their templates draw them: the keys with whose they are, their status,
 * when each was made and last used (on London's clock) and the last day it works; the form to
 * make one; and the key itself, once, when it is made.
 */

const DONE: Record<string, string> = {
  revoked: 'The key is revoked. It stopped working at once.',
};

const STATUS_WORDS: Record<ApiKeyView['status'], string> = {
  active: 'Works',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** The list's filters as the page keeps them in its links: whose keys, which status. */
export interface ApiKeyFilters {
  person: string;
  status: '' | 'revoked' | 'expired' | 'all';
}

/** What the create form holds as typed. */
export interface KeyForm {
  personId: string;
  name: string;
  expiresOn: TypedDate;
}

export const blankKeyForm = (): KeyForm => ({
  personId: '',
  name: '',
  expiresOn: { day: '', month: '', year: '' },
});

/** A key works to the end of its last day in London: the day before the instant it stops. */
export function lastDayOf(expiresAt: Date): string {
  return dayInWords(londonDate(new Date(new Date(expiresAt).getTime() - 1)));
}

/** directory/api-keys.njk: the keys matching the filters, in words, a page at a time. */
export function apiKeysPage(input: {
  staff: SignedInStaff;
  filters: ApiKeyFilters;
  people: PickItem[];
  page: Page<ApiKeyView>;
  now: Date;
  done?: unknown;
}) {
  const { filters, now } = input;
  const done = input.done;
  return {
    staff: input.staff,
    filters,
    done: typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    people: choices([{ value: '', text: 'Anyone' }, ...input.people], filters.person, 'selected'),
    statuses: choices(
      [
        { value: '', text: 'Working' },
        { value: 'revoked', text: 'Revoked' },
        { value: 'expired', text: 'Expired' },
        { value: 'all', text: 'All' },
      ],
      filters.status,
    ),
    rows: input.page.items.map((k) => ({
      id: k.id,
      name: k.name,
      personName: k.personName,
      created: whenInWords(k.createdAt),
      lastUsed: lastTimeInWords(k.lastUsedAt, now),
      expires: k.expiresAt ? lastDayOf(k.expiresAt) : 'Never (until revoked)',
      statusWords: STATUS_WORDS[k.status],
      tagClasses: k.status === 'active' ? 'govuk-tag--green' : 'govuk-tag--grey',
      /** A working key may be revoked. */
      revocable: k.status === 'active',
    })),
    paging: pagingOf('/directory/api-keys', { ...filters }, input.page),
  };
}

/** directory/api-keys-form.njk: whose key, what it is for and its last day, as typed. */
export function apiKeyFormPage(input: {
  staff: SignedInStaff;
  form: KeyForm;
  errors?: FormErrors;
  people: PickItem[];
  now: Date;
}) {
  const { form } = input;
  const errors = input.errors ?? new FormErrors();
  return {
    staff: input.staff,
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    today: dayInWords(londonDate(input.now)),
    people: choices(
      [{ value: '', text: 'Choose a person' }, ...input.people],
      form.personId,
      'selected',
    ),
    expiresOn: dateInput(
      'expiresOn',
      'Last day it works (optional)',
      form.expiresOn,
      errors,
      'It stops working at midnight at the end of that day. Leave blank for a key that works until it is revoked. For example, 31 3 2027',
    ),
  };
}

/** directory/api-keys-created.njk: the key, shown this once, whose it is and its last day. */
export function apiKeyCreatedPage(input: {
  staff: SignedInStaff;
  made: Pick<ApiKeyView, 'name' | 'personName' | 'expiresAt'> & { key: string };
}) {
  const { made } = input;
  return {
    staff: input.staff,
    key: made.key,
    name: made.name,
    personName: made.personName,
    expires: made.expiresAt ? lastDayOf(made.expiresAt) : null,
  };
}
