import type { DirectoryImportOutcome } from '../../../../libs/directory/import/directory-import.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import {
  importDonePage,
  importPage,
  importPreviewPage,
  importProblemsPage,
  uploadErrors,
} from './import.presenter';

const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;

function outcome(over: Partial<DirectoryImportOutcome> = {}): DirectoryImportOutcome {
  return {
    imported: false,
    added: 0,
    changed: 0,
    unchanged: 0,
    lines: [],
    problems: [],
    ...over,
  };
}

describe('the import page presenter', () => {
  it('offers the three files to choose and to export, with no errors', () => {
    const view = importPage({ staff: admin });
    expect(view.errors).toEqual([]);
    expect(view.uploads.map((u) => [u.name, u.label.text, u.errorMessage])).toEqual([
      ['people', 'People (people.csv)', undefined],
      ['bodies', 'Bodies (bodies.csv)', undefined],
      ['memberships', 'Memberships (memberships.csv)', undefined],
    ]);
    expect(view.exports).toEqual([
      { href: '/directory/import/people.csv', text: 'people.csv' },
      { href: '/directory/import/bodies.csv', text: 'bodies.csv' },
      { href: '/directory/import/memberships.csv', text: 'memberships.csv' },
    ]);
  });

  it('says a file too large against its input, and asks for a file when none was chosen', () => {
    const tooLarge = uploadErrors(['bodies', '_csrf'], 1);
    expect(tooLarge).toEqual([
      { text: 'The bodies.csv file must be smaller than 1 MB', href: '#bodies' },
    ]);
    const view = importPage({ staff: admin, errors: tooLarge });
    expect(view.uploads[1].errorMessage).toEqual({
      text: 'The bodies.csv file must be smaller than 1 MB',
    });
    expect(uploadErrors([], 0)).toEqual([
      { text: 'Choose a CSV file of people, bodies or memberships to import', href: '#people' },
    ]);
    expect(uploadErrors([], 2)).toEqual([]);
  });

  it('lists every problem by file, line and column with its dates in words, and counts them per file', () => {
    const view = importProblemsPage({
      staff: admin,
      outcome: outcome({
        problems: [
          {
            file: 'memberships',
            line: 3,
            column: 'valid_from',
            message: 'the term overlaps another from 2026-04-01',
          },
          { file: 'memberships', line: 7, column: null, message: 'no such body' },
          { file: 'people', line: 2, column: 'email', message: 'enter an email address' },
        ],
      }),
    });
    expect(view.errors).toEqual([
      {
        text: 'memberships.csv, line 3 (valid_from): The term overlaps another from Wednesday 1 April 2026',
        href: '#memberships',
      },
      { text: 'memberships.csv, line 7: No such body', href: '#memberships' },
      { text: 'people.csv, line 2 (email): Enter an email address', href: '#people' },
    ]);
    expect(view.errorsAbout).toBe(
      'Nothing was imported. Fix these 3 lines in your files and choose them again.',
    );
    expect(view.uploads.map((u) => u.errorMessage?.text)).toEqual([
      'people.csv has a problem: fix it and choose the file again',
      undefined,
      'memberships.csv has 2 problems: fix them and choose the file again',
    ]);
  });
});

describe('the import preview and result presenters', () => {
  const lines = outcome({
    added: 2,
    changed: 1,
    unchanged: 4,
    lines: [
      { file: 'people', line: 2, action: 'added', record: 'Dr Ola Reid (ola.reid@example.org)' },
      { file: 'people', line: 3, action: 'added', record: 'Sam Patel (sam@example.org)' },
      {
        file: 'memberships',
        line: 2,
        action: 'changed',
        record: 'Sam Patel on Cabinet from 2026-05-21',
      },
      { file: 'bodies', line: 2, action: 'unchanged', record: 'Cabinet' },
    ],
  });

  it('groups what the files would add and change, counted in words, records in words', () => {
    const view = importPreviewPage({
      staff: admin,
      files: { people: 'name,email\n' },
      outcome: lines,
    });
    expect(view.groups).toEqual([
      {
        heading: 'Added: 2 people',
        records: ['Dr Ola Reid (ola.reid@example.org)', 'Sam Patel (sam@example.org)'],
      },
      {
        heading: 'Changed: 1 membership',
        records: ['Sam Patel on Cabinet from Thursday 21 May 2026'],
      },
    ]);
    expect(view).toMatchObject({ added: 2, changed: 1, unchanged: 4, toWrite: true });
    expect(view.files).toEqual({ people: 'name,email\n' });
  });

  it('says there is nothing to write when every line matches already', () => {
    const view = importPreviewPage({ staff: admin, files: {}, outcome: outcome({ unchanged: 3 }) });
    expect(view.toWrite).toBe(false);
    expect(view.groups).toEqual([]);
  });

  it('says what the import did in the same words', () => {
    const view = importDonePage({ staff: admin, outcome: { ...lines, imported: true } });
    expect(view.groups.map((g) => g.heading)).toEqual(['Added: 2 people', 'Changed: 1 membership']);
    expect(view).toMatchObject({ added: 2, changed: 1, unchanged: 4 });
  });
});
