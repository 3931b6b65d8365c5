import type { StoredDirectoryChange } from '../../../../libs/directory/directory-change-chain.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { readDateField } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { changesPage, type ChangesFilters, type ChangesPageInput } from './changes.presenter';

const PERSON = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const ORGANISATION = '16fd2706-8baf-433b-82eb-8c7fada847da';
const ALEX = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const staff = { personId: ALEX, name: 'Alex Officer' } as unknown as SignedInStaff;

const noFilters: ChangesFilters = {
  kind: '',
  person: '',
  record: '',
  'from-day': '',
  'from-month': '',
  'from-year': '',
  'to-day': '',
  'to-month': '',
  'to-year': '',
};

function change(over: Partial<StoredDirectoryChange>): StoredDirectoryChange {
  return {
    tenantId: 'a2b7c1d0-1111-4222-8333-944455556666',
    seq: 1,
    recordedAt: '2026-07-01T23:30:00.000Z',
    actor: { kind: 'person', name: 'Alex Officer', personId: ALEX },
    subject: 'person',
    subjectId: PERSON,
    action: 'changed',
    before: { id: PERSON, name: 'Sam Patel', organisationId: ORGANISATION, leftOn: null },
    after: { id: PERSON, name: 'Sam Patel', organisationId: ORGANISATION, leftOn: '2026-07-31' },
    prevHash: '',
    hash: 'h1',
    ...over,
  };
}

function input(over: Partial<ChangesPageInput> = {}): ChangesPageInput {
  const blank = readDateField({}, 'from', 'the first day');
  return {
    staff,
    errors: new FormErrors(datesInWords),
    filters: noFilters,
    from: blank,
    to: readDateField({}, 'to', 'the last day'),
    before: '',
    page: { items: [], next: null, names: {} },
    changers: [{ personId: ALEX, name: 'Alex Officer' }],
    verdict: { ok: true, changes: 0, headHash: '' },
    ...over,
  };
}

describe('the directory changes page presenter', () => {
  it('says what changed, who changed it and when on London’s clock, with no ids as text', () => {
    const view = changesPage(
      input({
        page: { items: [change({})], next: null, names: { [ORGANISATION]: 'Northshire Council' } },
      }),
    );
    expect(view.changes).toEqual([
      {
        seq: 1,
        title: 'Person changed: Sam Patel',
        who: 'Alex Officer',
        when: 'Thursday 2 July 2026 at 12:30am',
        differences: [{ field: 'Left on', before: 'None', after: 'Friday 31 July 2026' }],
        created: false,
      },
    ]);
    expect(JSON.stringify(view.changes)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('names a record a change points to by its name, or says it is no longer there', () => {
    const added = change({
      action: 'created',
      before: null,
      after: { id: PERSON, name: 'Sam Patel', organisationId: ORGANISATION, isOfficer: true },
    });
    const [named] = changesPage(
      input({
        page: { items: [added], next: null, names: { [ORGANISATION]: 'Northshire Council' } },
      }),
    ).changes;
    expect(named.title).toBe('Person added: Sam Patel');
    expect(named.created).toBe(true);
    expect(named.differences).toEqual([
      { field: 'Name', before: '', after: 'Sam Patel' },
      { field: 'Organisation', before: '', after: 'Northshire Council' },
      { field: 'Democratic services officer', before: '', after: 'Yes' },
    ]);
    const [unnamed] = changesPage(
      input({ page: { items: [added], next: null, names: {} } }),
    ).changes;
    expect(unnamed.differences[1].after).toBe('A record no longer in the directory');
  });

  it('says a tool made a change when no person did', () => {
    const seeded = change({ actor: { kind: 'system', tool: 'seed' } });
    const [c] = changesPage(input({ page: { items: [seeded], next: null, names: {} } })).changes;
    expect(c.who).toBe('The seed tool, for the council');
  });

  it('shows no changes, no paging and an unfiltered page when there are none', () => {
    const view = changesPage(input());
    expect(view.changes).toEqual([]);
    expect(view.filtered).toBe(false);
    expect(view.paging).toEqual({ previous: undefined, next: undefined });
    expect(view.verdict).toEqual({ ok: true, count: 0 });
    expect(view.kinds[0]).toEqual({ value: '', text: 'Any kind of record', selected: true });
    expect(view.people).toEqual([
      { value: '', text: 'Anyone', selected: true },
      { value: ALEX, text: 'Alex Officer', selected: false },
    ]);
  });

  it('keeps the filters in the links to the newest and older pages, and marks what was chosen', () => {
    const filters = {
      ...noFilters,
      kind: 'office',
      'from-day': '1',
      'from-month': '3',
      'from-year': '2026',
    };
    const from = readDateField(
      { 'from-day': '1', 'from-month': '3', 'from-year': '2026' },
      'from',
      'the first day',
    );
    const view = changesPage(
      input({ filters, from, before: '40', page: { items: [], next: 20, names: {} } }),
    );
    expect(view.filtered).toBe(true);
    expect(view.paging.previous).toEqual({
      href: '/directory/changes?kind=office&from-day=1&from-month=3&from-year=2026',
      text: 'Newest',
    });
    expect(view.paging.next).toEqual({
      href: '/directory/changes?kind=office&from-day=1&from-month=3&from-year=2026&before=20',
      text: 'Older',
    });
    expect(view.kinds.filter((k) => (k as { selected?: boolean }).selected)).toEqual([
      {
        value: 'office',
        text: 'Office',
        selected: true,
      },
    ]);
    expect(view.from.items.map((i) => i.value)).toEqual(['1', '3', '2026']);
  });

  it('says what broke the chain when it does not verify', () => {
    const view = changesPage(
      input({
        verdict: { ok: false, atSeq: 3, detail: 'Change 3 does not follow from change 2.' },
      }),
    );
    expect(view.verdict).toEqual({ ok: false, detail: 'Change 3 does not follow from change 2.' });
  });

  it('shows a refused day’s error at its field and no changes', () => {
    const from = readDateField(
      { 'from-day': '31', 'from-month': '2', 'from-year': '2026' },
      'from',
      'the first day',
    );
    const errors = new FormErrors(datesInWords).date('from', from);
    const view = changesPage(input({ from, errors, page: null }));
    expect(view.changes).toEqual([]);
    expect(view.errors).toEqual([{ text: expect.any(String), href: '#from-day' }]);
    expect(view.from.errorMessage).toEqual({ text: view.errors[0].text });
  });
});
