import type { ApiKeyView } from '../../../../libs/directory/use-cases/read-api-keys.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import {
  apiKeyCreatedPage,
  apiKeyFormPage,
  apiKeysPage,
  blankKeyForm,
  type ApiKeyFilters,
} from './api-keys.presenter';

const KEY = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const SAM = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const NOW = new Date('2026-07-02T09:00:00.000Z');
const people = [{ value: SAM, text: 'Sam Patel (sam.patel@northshire.gov.uk)' }];

function key(over: Partial<ApiKeyView> = {}): ApiKeyView {
  return {
    id: KEY,
    personId: SAM,
    personName: 'Sam Patel',
    name: 'Finance system',
    // 23:30 UTC on 30 June is half past midnight on 1 July in London.
    createdAt: new Date('2026-06-30T23:30:00.000Z'),
    lastUsedAt: new Date('2026-07-02T08:15:00.000Z'),
    // Stops at midnight at the end of 31 December 2026 (in winter London keeps UTC's time).
    expiresAt: new Date('2027-01-01T00:00:00.000Z'),
    revokedAt: null,
    status: 'active',
    ...over,
  };
}

const noFilters: ApiKeyFilters = { person: '', status: '' };
const page = (items: ApiKeyView[], next: number | null = null) => ({
  items,
  limit: 25,
  offset: 0,
  next,
});

describe('the API keys page presenter', () => {
  it('says each key in words: whose, its status, when made, last used and its last day', () => {
    const view = apiKeysPage({
      staff: admin,
      filters: noFilters,
      people,
      page: page([key()]),
      now: NOW,
    });
    expect(view.rows).toEqual([
      {
        id: KEY,
        name: 'Finance system',
        personName: 'Sam Patel',
        created: 'Wednesday 1 July 2026 at 12:30am',
        lastUsed: 'Today at 9:15am',
        expires: 'Thursday 31 December 2026',
        statusWords: 'Works',
        tagClasses: 'govuk-tag--green',
        revocable: true,
      },
    ]);
    const words = JSON.stringify(view.rows, (k: string, v: unknown) =>
      k === 'id' ? undefined : v,
    );
    expect(words).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|UTC|T\d{2}:\d{2}/);
  });

  it('offers no revoking of a revoked key, and says a key with no last day works until revoked', () => {
    const view = apiKeysPage({
      staff: admin,
      filters: noFilters,
      people,
      page: page([key({ status: 'revoked', expiresAt: null, lastUsedAt: null })]),
      now: NOW,
    });
    expect(view.rows[0]).toMatchObject({
      statusWords: 'Revoked',
      tagClasses: 'govuk-tag--grey',
      revocable: false,
      expires: 'Never (until revoked)',
      lastUsed: 'Never',
    });
  });

  it('keeps the filters as chosen, in the choices and the links to other pages', () => {
    const view = apiKeysPage({
      staff: admin,
      filters: { person: SAM, status: 'all' },
      people,
      page: page([key()], 25),
      now: NOW,
    });
    expect(view.people[1]).toMatchObject({ value: SAM, selected: true });
    expect(view.statuses.find((s) => s.checked)).toMatchObject({
      value: 'all',
      text: 'All',
    });
    expect(view.paging.next?.href).toBe(`/directory/api-keys?person=${SAM}&status=all&offset=25`);
  });

  it('says a key was revoked, and nothing for a word it does not know', () => {
    const base = { staff: admin, filters: noFilters, people, page: page([]), now: NOW };
    expect(apiKeysPage({ ...base, done: 'revoked' }).done).toBe(
      'The key is revoked. It stopped working at once.',
    );
    expect(apiKeysPage({ ...base, done: 'nonsense' }).done).toBeUndefined();
  });
});

describe('the API key form presenter', () => {
  it('keeps what was typed with its errors and says today in words', () => {
    const errors = new FormErrors().add('name', 'Enter what the key is for');
    const view = apiKeyFormPage({
      staff: admin,
      form: { personId: SAM, name: '', expiresOn: { day: '31', month: '3', year: '' } },
      errors,
      people,
      now: NOW,
    });
    expect(view.today).toBe('Thursday 2 July 2026');
    expect(view.people[1]).toMatchObject({ value: SAM, selected: true });
    expect(view.fieldErrors.name).toEqual({ text: 'Enter what the key is for' });
    expect(view.expiresOn.items.map((i) => i.value)).toEqual(['31', '3', '']);
  });

  it('starts blank with a prompt to choose a person', () => {
    const view = apiKeyFormPage({ staff: admin, form: blankKeyForm(), people, now: NOW });
    expect(view.errors).toEqual([]);
    expect(view.people[0]).toEqual({ value: '', text: 'Choose a person', selected: true });
  });
});

describe('the API key made page presenter', () => {
  it('shows the key once with whose it is and its last day in London', () => {
    const view = apiKeyCreatedPage({
      staff: admin,
      made: { ...key(), key: 'rk_live_abc' },
    });
    expect(view).toMatchObject({
      key: 'rk_live_abc',
      name: 'Finance system',
      personName: 'Sam Patel',
      expires: 'Thursday 31 December 2026',
    });
    expect(
      apiKeyCreatedPage({ staff: admin, made: { ...key({ expiresAt: null }), key: 'k' } }).expires,
    ).toBeNull();
  });
});
