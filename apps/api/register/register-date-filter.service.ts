import {
  dateErrorBox,
  dateInputItems,
  readDateField,
  typedDateOf,
  type TypedDate,
} from '../pages/forms/date-field.service';

/**
 * An error of the page's summary; a date's links to its first wrong box and names its date by the
 * day box's id (`field`: the date input's id, where its message is shown).
 */
type ErrorItem = { text: string; href: string; field?: string };

const FIELDS = [
  { name: 'from', label: 'the published from date' },
  { name: 'to', label: 'the published to date' },
] as const;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The register page's two dates, typed in GOV.UK date inputs (`from-day`, `from-month`,
 * `from-year`; the same for `to`): what was typed is kept, each error names its date and links to
 * its first wrong box (the year box when only the year is wrong). An address that still carries an ISO `from` or `to` (a link from before the date
 * inputs, or the JSON's own) is read as that date and shown in the boxes; the JSON and CSV keep
 * ISO dates, checked strictly by the register controller.
 */
export function readRegisterDates(query: Record<string, unknown>): {
  /** The dates read, as ISO (for the filter and the download links); undefined: no date. */
  iso: { from?: string; to?: string };
  /** What each date input shows. */
  typed: { from: TypedDate; to: TypedDate };
  errors: ErrorItem[];
} {
  return readQueryDates(query, FIELDS);
}

/**
 * Dates a public page's GET form asks for in GOV.UK date inputs (`<name>-day`, `-month`, `-year`),
 * each read as the register's are: an ISO `<name>` in the address is read as if typed in the boxes.
 */
export function readQueryDates<N extends string>(
  query: Record<string, unknown>,
  fields: readonly { name: N; label: string }[],
): { iso: Partial<Record<N, string>>; typed: Record<N, TypedDate>; errors: ErrorItem[] } {
  const iso: Partial<Record<N, string>> = {};
  const typed = {} as Record<N, TypedDate>;
  const errors: ErrorItem[] = [];
  for (const { name, label } of fields) {
    const r = readDateField(query, name, label);
    const legacy = query[name];
    if (r.blank && typeof legacy === 'string' && legacy) {
      // Read as if typed in the boxes, so that the page says what is wrong in the boxes' words.
      typed[name] = ISO_DAY.test(legacy)
        ? typedDateOf(legacy)
        : { day: legacy.slice(0, 40), month: '', year: '' };
      const again = readDateField(
        {
          [`${name}-day`]: typed[name].day,
          [`${name}-month`]: typed[name].month,
          [`${name}-year`]: typed[name].year,
        },
        name,
        label,
      );
      if (again.iso) iso[name] = again.iso;
      else
        errors.push({
          text:
            again.error ?? `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date`,
          href: `#${dateErrorBox(name, again)}`,
          field: `${name}-day`,
        });
      continue;
    }
    typed[name] = r.typed;
    if (r.error)
      errors.push({ text: r.error, href: `#${dateErrorBox(name, r)}`, field: `${name}-day` });
    else if (!r.blank) iso[name] = r.iso;
  }
  return { iso, typed, errors };
}

/** The `items` of the page's two date inputs, the wrong parts marked when a date is in error. */
export function registerDateItems(typed: { from: TypedDate; to: TypedDate }, errors: ErrorItem[]) {
  return {
    from: dateInputItems(
      'from',
      typed.from,
      errors.some((e) => fieldOf(e) === 'from-day'),
    ),
    to: dateInputItems(
      'to',
      typed.to,
      errors.some((e) => fieldOf(e) === 'to-day'),
    ),
  };
}

/** The id of the field an error belongs to: a date's day box, else where it links. */
export function fieldOf(e: ErrorItem): string {
  return e.field ?? e.href.slice(1);
}
