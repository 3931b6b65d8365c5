/**
 * The GOV.UK date input (day, month, year) read from a posted form: what was typed is kept for
 * the page to show again, and the date is either a real calendar date or an error message in
 * the words GOV.UK's pattern uses ("The date of the meeting must include a month").
 * https://design-system.service.gov.uk/components/date-input/ and /patterns/dates/
 */

export interface TypedDate {
  day: string;
  month: string;
  year: string;
}

/** A box of the date input. */
export type DatePart = 'day' | 'month' | 'year';

const PARTS: readonly DatePart[] = ['day', 'month', 'year'];

export type DateFieldResult =
  | { typed: TypedDate; blank: true; iso?: undefined; error?: undefined }
  | { typed: TypedDate; blank: false; iso: string; error?: undefined }
  | {
      typed: TypedDate;
      blank: false;
      iso?: undefined;
      error: string;
      /**
       * The boxes that are wrong, in the page's order: GOV.UK links the error to the first and
       * marks only these (every box when the date as a whole is not one, as 30 February).
       */
      parts: DatePart[];
    };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function part(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** "3", "03", "March" and "mar" all mean month 3, as people type them. */
function monthNumber(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const t = text.toLowerCase();
  if (t.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(t));
  return i >= 0 ? i + 1 : undefined;
}

function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * Reads `<name>-day`, `<name>-month` and `<name>-year`. `label` names the date in a sentence
 * ("the date the holder starts"). A blank date is not an error here: whether it is required is
 * the caller's rule (`requiredDate`).
 */
export function readDateField(
  body: Record<string, unknown>,
  name: string,
  label: string,
): DateFieldResult {
  const typed = {
    day: part(body, `${name}-day`),
    month: part(body, `${name}-month`),
    year: part(body, `${name}-year`),
  };
  wholeDateInDayBox(typed);
  if (!typed.day && !typed.month && !typed.year) return { typed, blank: true };
  return judged(typed, capitalised(label));
}

/**
 * A whole date typed or pasted into the day box ("17/12/2026", "17 12 2026", "17-Dec-2026") is
 * read as people mean it, into its three boxes; what they typed is kept as typed if it is not a date.
 */
function wholeDateInDayBox(typed: TypedDate): void {
  const whole = /^(\d{1,2})\s*[/.\-\s]\s*([A-Za-z]{3,9}|\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(
    typed.day,
  );
  if (whole && !typed.month && !typed.year) {
    typed.day = whole[1];
    typed.month = whole[2];
    typed.year = whole[3];
  }
}

/** A date typed in at least one box: real, or its error and the boxes that are wrong. */
function judged(typed: TypedDate, Label: string): DateFieldResult {
  const wrong = (error: string, parts: DatePart[]) =>
    ({ typed, blank: false, error, parts }) as const;
  const missing = PARTS.filter((k) => !typed[k]);
  if (missing.length) return wrong(`${Label} must include a ${missing.join(' and a ')}`, missing);
  const day = /^\d{1,2}$/.test(typed.day) ? Number(typed.day) : NaN;
  const month = monthNumber(typed.month);
  if (!/^\d{4}$/.test(typed.year))
    return wrong(`${Label} must include a year with 4 numbers`, ['year']);
  const year = Number(typed.year);
  const badDay = !day || day < 1 || day > 31;
  const badMonth = !month || month > 12;
  if (badDay || badMonth)
    return wrong(
      `${Label} must be a real date`,
      PARTS.filter((k) => (k === 'day' && badDay) || (k === 'month' && badMonth)),
    );
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day)
    return wrong(`${Label} must be a real date`, [...PARTS]);
  const iso = `${typed.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { typed, blank: false, iso };
}

/**
 * The boxes of a typed date that are wrong (none when it is blank or a real date): what a page
 * marks when it shows a date again with its error.
 */
export function datePartsInError(typedParts: TypedDate): DatePart[] {
  const typed = { ...typedParts };
  wholeDateInDayBox(typed);
  if (!typed.day && !typed.month && !typed.year) return [];
  const r = judged(typed, '');
  return r.error ? r.parts : [];
}

/**
 * The id of the box a date's error links to: the first wrong box (the year box when only the
 * year is wrong), else the day box, the first, when the date as a whole is in error (left blank,
 * or a real date a rule refuses).
 */
export function dateErrorBox(name: string, field: DateFieldResult): string {
  return `${name}-${field.error ? field.parts[0] : 'day'}`;
}

/** The typed parts of a stored date, to show a form filled in with what is on record. */
export function typedDateOf(iso: string | null | undefined): TypedDate {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] }
    : { day: '', month: '', year: '' };
}

/**
 * The `items` of govukDateInput for a field: its three parts with what was typed. When the date is
 * in error, only the wrong boxes are marked (GOV.UK: highlight the part with the problem), or every
 * box when the error is the whole date's (blank, or a real date a rule refuses).
 */
export function dateInputItems(name: string, typed: TypedDate, hasError: boolean) {
  const wrong = hasError ? datePartsInError(typed) : [];
  const marked = (part: DatePart) => hasError && (wrong.length === 0 || wrong.includes(part));
  const cls = (part: DatePart, width: number) =>
    `govuk-input--width-${width}${marked(part) ? ' govuk-input--error' : ''}`;
  return [
    {
      id: `${name}-day`,
      name: `${name}-day`,
      label: 'Day',
      classes: cls('day', 2),
      value: typed.day,
    },
    {
      id: `${name}-month`,
      name: `${name}-month`,
      label: 'Month',
      classes: cls('month', 2),
      value: typed.month,
    },
    {
      id: `${name}-year`,
      name: `${name}-year`,
      label: 'Year',
      classes: cls('year', 4),
      value: typed.year,
    },
  ];
}
