import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * The three CSV files of a council's directory, as exported and as imported: an exported file
 * imports unchanged. Columns are matched by their header, in any order and any case.
 */
export const CSV_FILES = {
  people: {
    columns: ['name', 'email', 'organisation', 'elected_member', 'officer', 'left_on'],
    required: ['name', 'email'],
  },
  bodies: {
    columns: ['name', 'kind', 'rules', 'rules_in_force_from'],
    required: ['name', 'kind'],
  },
  memberships: {
    columns: [
      'body',
      'person_email',
      'constituency',
      'role',
      'voting',
      'valid_from',
      'valid_until',
      'source',
    ],
    required: ['body', 'person_email', 'valid_from'],
  },
} as const;

export type CsvFile = keyof typeof CSV_FILES;
export const CSV_FILE_NAMES = Object.keys(CSV_FILES) as CsvFile[];

/** A line's fault, by line (the header is line 1) and column (null: the whole line or file). */
export interface CsvProblem {
  file: CsvFile;
  line: number;
  column: string | null;
  message: string;
}

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** At most this many lines a file: a council's directory, not a data warehouse. */
export const MAX_CSV_ROWS = 5000;

/**
 * Reads one file: its rows by line number with cells by column name (trimmed), or the problems
 * that stop it being read (a broken quote, a line with more cells than the header, a missing or
 * unknown column).
 */
export function readCsv(file: CsvFile, text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  const problem = (line: number, column: string | null, message: string): CsvProblem => ({
    file,
    line,
    column,
    message,
  });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    const why =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quote opened on or before this line is never closed'
        : e.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote closes in the middle of a cell'
          : 'the line is not CSV';
    return {
      rows: [],
      problems: [problem(line, null, `${why}: save the file again as CSV (comma-separated)`)],
    };
  }
  const spec = CSV_FILES[file];
  if (records.length === 0)
    return {
      rows: [],
      problems: [
        problem(
          1,
          null,
          `the file is empty: its first line names the columns (${spec.columns.join(', ')})`,
        ),
      ],
    };
  const header = records[0].record.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const problems: CsvProblem[] = [];
  header.forEach((h, i) => {
    if (!(spec.columns as readonly string[]).includes(h))
      problems.push(
        problem(
          1,
          null,
          `column ${i + 1} is “${records[0].record[i]}”, which is not one of ${spec.columns.join(', ')}`,
        ),
      );
    else if (header.indexOf(h) !== i)
      problems.push(problem(1, h, `the column ${h} is named twice`));
  });
  for (const c of spec.required)
    if (!header.includes(c)) problems.push(problem(1, c, `the file needs a column named ${c}`));
  if (records.length - 1 > MAX_CSV_ROWS)
    problems.push(
      problem(
        1,
        null,
        `the file has ${records.length - 1} lines: import at most ${MAX_CSV_ROWS} at a time`,
      ),
    );
  if (problems.length > 0) return { rows: [], problems };
  const rows: CsvRow[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length > header.length) {
      problems.push(
        problem(
          info.lines,
          null,
          `the line has ${record.length} cells but the file has ${header.length} columns`,
        ),
      );
      continue;
    }
    rows.push({
      line: info.lines,
      cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])),
    });
  }
  return { rows, problems };
}

/** A file as exported: the header, then a line per record. */
export function writeCsv(file: CsvFile, rows: Record<string, string>[]): string {
  return stringify(rows, { header: true, columns: [...CSV_FILES[file].columns], eof: true });
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date as a spreadsheet writes it: 2026-05-20 (as exported) or 20/05/2026 (as a UK spreadsheet
 * saves it). `{ error }` says what is wrong with anything else, or a day that does not exist.
 */
export function csvDate(text: string): { date: string } | { error: string } {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, mo, d] = iso
    ? [+iso[1], +iso[2], +iso[3]]
    : uk
      ? [+uk[3], +uk[2], +uk[1]]
      : [NaN, NaN, NaN];
  if (Number.isNaN(y))
    return { error: `“${text}” is not a date: write it as 2026-05-20 or 20/05/2026` };
  if (mo < 1 || mo > 12) return { error: `“${text}” is not a date: there is no month ${mo}` };
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > last)
    return { error: `“${text}” is not a date: there is no ${d} ${MONTHS[mo - 1]} ${y}` };
  return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** yes/no (as exported), also true/false, y/n and 1/0; `{ error }` for anything else. */
export function csvYesNo(
  text: string,
  column: string,
): { value: boolean | null } | { error: string } {
  const t = text.toLowerCase();
  if (t === '') return { value: null };
  if (['yes', 'y', 'true', '1'].includes(t)) return { value: true };
  if (['no', 'n', 'false', '0'].includes(t)) return { value: false };
  return { error: `${column} is yes or no, not “${text}”` };
}

export const yesNo = (b: boolean): string => (b ? 'yes' : 'no');
