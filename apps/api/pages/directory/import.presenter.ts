import type { CsvFile, CsvProblem } from '../../../../libs/directory/import/directory-csv.service';
import type { ImportedLine } from '../../../../libs/directory/import/directory-import-lines.service';
import type { DirectoryImportOutcome } from '../../../../libs/directory/import/directory-import.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { said } from './directory-pages.service';

/*
 * The import pages as their templates draw them: the form with its export links and, after a
 * check that found problems, every problem by file, line and column in the error summary; the
 * preview of what the files would add and change; and what the import did. Every record and
 * problem in words, its dates in words.
 */

/** The files the page imports and exports, in the form's order. */
export const IMPORT_FILES: CsvFile[] = ['people', 'bodies', 'memberships'];

const FILE_WORDS: Record<CsvFile, { label: string; one: string; many: string }> = {
  people: { label: 'People (people.csv)', one: 'person', many: 'people' },
  bodies: { label: 'Bodies (bodies.csv)', one: 'body', many: 'bodies' },
  memberships: { label: 'Memberships (memberships.csv)', one: 'membership', many: 'memberships' },
};

const ACTION_WORDS: Record<ImportedLine['action'], string> = {
  added: 'Added',
  changed: 'Changed',
  unchanged: 'Unchanged',
};

/** An item of the error summary, linked to the file's input. */
export interface ImportErrorItem {
  text: string;
  href: string;
}

/** "3 people", "1 body". */
const counted = (n: number, file: CsvFile) =>
  `${n} ${n === 1 ? FILE_WORDS[file].one : FILE_WORDS[file].many}`;

/** A problem in the error summary: which file, line and column, then what to fix. */
function problemItem(p: CsvProblem): ImportErrorItem {
  const where = `${p.file}.csv, line ${p.line}${p.column ? ` (${p.column})` : ''}`;
  return { text: `${where}: ${said(p.message)}`, href: `#${p.file}` };
}

/**
 * What is wrong with the form itself, before any line is read: a file over the limit, or no
 * file chosen at all. Empty when the files may be checked.
 */
export function uploadErrors(tooLarge: readonly string[], chosen: number): ImportErrorItem[] {
  const errors = IMPORT_FILES.filter((f) => tooLarge.includes(f)).map((f) => ({
    text: `The ${f}.csv file must be smaller than 1 MB`,
    href: `#${f}`,
  }));
  if (errors.length === 0 && chosen === 0)
    errors.push({
      text: 'Choose a CSV file of people, bodies or memberships to import',
      href: '#people',
    });
  return errors;
}

/**
 * directory/import.njk: the export links and the three file inputs, each with its error (a
 * sentence of its own, else its line in the summary); `errorsAbout` heads the summary.
 */
export function importPage(input: {
  staff: SignedInStaff;
  errors?: ImportErrorItem[];
  perFile?: Partial<Record<CsvFile, string>>;
  errorsAbout?: string;
}) {
  const errors = input.errors ?? [];
  const perFile = input.perFile ?? {};
  return {
    staff: input.staff,
    errors,
    errorsAbout: input.errorsAbout,
    uploads: IMPORT_FILES.map((f) => {
      const error = perFile[f] ?? errors.find((e) => e.href === `#${f}`)?.text;
      return {
        id: f,
        name: f,
        label: { text: FILE_WORDS[f].label, classes: 'govuk-label--s' },
        attributes: { accept: '.csv,text/csv' },
        errorMessage: error ? { text: error } : undefined,
      };
    }),
    exports: IMPORT_FILES.map((f) => ({ href: `/directory/import/${f}.csv`, text: `${f}.csv` })),
  };
}

/**
 * directory/import.njk after a check (or an import the directory changed under) found problems:
 * every problem in the summary, each file with problems saying how many, and that nothing was
 * imported.
 */
export function importProblemsPage(input: {
  staff: SignedInStaff;
  outcome: DirectoryImportOutcome;
}) {
  const { problems } = input.outcome;
  const perFile: Partial<Record<CsvFile, string>> = {};
  for (const f of IMPORT_FILES) {
    const n = problems.filter((p) => p.file === f).length;
    if (n > 0)
      perFile[f] =
        `${f}.csv has ${n === 1 ? 'a problem' : `${n} problems`}: fix ${n === 1 ? 'it' : 'them'} and choose the file again`;
  }
  const n = problems.length;
  return importPage({
    staff: input.staff,
    errors: problems.map(problemItem),
    perFile,
    errorsAbout: `Nothing was imported. Fix ${n === 1 ? 'this line' : `these ${n} lines`} in your files and choose them again.`,
  });
}

/** What the lines add, change and leave as they are, in words, for the preview and the result. */
function summary(outcome: DirectoryImportOutcome) {
  const groups = (['added', 'changed'] as const).flatMap((action) =>
    IMPORT_FILES.map((file) => {
      const lines = outcome.lines.filter((l) => l.file === file && l.action === action);
      return {
        heading: `${ACTION_WORDS[action]}: ${counted(lines.length, file)}`,
        records: lines.map((l) => said(l.record)),
      };
    }).filter((g) => g.records.length > 0),
  );
  return {
    groups,
    added: outcome.added,
    changed: outcome.changed,
    unchanged: outcome.unchanged,
  };
}

/**
 * directory/import-preview.njk: what the files would add and change, and the files' text to post
 * again on confirmation (nothing is kept between the two steps).
 */
export function importPreviewPage(input: {
  staff: SignedInStaff;
  files: Partial<Record<CsvFile, string>>;
  outcome: DirectoryImportOutcome;
}) {
  const { outcome } = input;
  return {
    staff: input.staff,
    files: input.files,
    ...summary(outcome),
    toWrite: outcome.added + outcome.changed > 0,
  };
}

/** directory/import-done.njk: what the import added and changed. */
export function importDonePage(input: { staff: SignedInStaff; outcome: DirectoryImportOutcome }) {
  return { staff: input.staff, ...summary(input.outcome) };
}
