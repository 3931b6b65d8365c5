import { InvalidInputError } from '../../../../libs/errors/domain.errors';
import { dateErrorBox, type DateFieldResult } from './date-field.service';
import { datesInWords } from './words.service';

/** One line of a GOV.UK error summary: the message and the field it links to. */
export interface ErrorItem {
  text: string;
  href: string;
}

/**
 * How a form names its fields for people: each problem path the use case may report (zod paths,
 * dotted, with list indexes as `*`) → the field's id on the page and the message GOV.UK style
 * wants ("Enter the person's email address"). A problem with no entry is shown against the
 * form as a whole with the use case's own sentence, never as a raw path.
 */
export type FieldWords = Record<string, { id: string; message?: (problem: string) => string }>;

function pattern(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, '.*');
}

/** An error and the field it belongs to (a date's is its day box's id, whichever box it links to). */
interface FieldError extends ErrorItem {
  field: string;
}

/** The errors of one form, in the order the fields come on the page. */
export class FormErrors {
  private readonly list: FieldError[] = [];

  /**
   * `words` rewrites each message as it is added: by default a use case's ISO dates in words, so
   * that no form, whoever builds its list, shows "2026-12-10" (the delegation form once did).
   */
  constructor(private readonly words: (text: string) => string = datesInWords) {}

  get items(): ErrorItem[] {
    return this.list.map(({ text, href }) => ({ text, href }));
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /**
   * Adds an error for a field unless it already has one (the first problem is the one to fix),
   * linked to `box` when that is not the field's own id (a date's wrong box).
   */
  add(id: string, text: string, box: string = id): this {
    if (!this.list.some((e) => e.field === id))
      this.list.push({ text: this.words(text), href: `#${box}`, field: id });
    return this;
  }

  /** A required text field left blank. */
  required(id: string, value: string, text: string): this {
    if (!value) this.add(id, text);
    return this;
  }

  /**
   * A date input: its own message when not a real date, linked to its first wrong box, and
   * `blankText` when required and blank. Asked for by its day box's id (`for('<name>-day')`).
   */
  date(name: string, field: DateFieldResult, blankText?: string): this {
    if (field.error) this.add(`${name}-day`, field.error, dateErrorBox(name, field));
    else if (field.blank && blankText) this.add(`${name}-day`, blankText);
    return this;
  }

  /**
   * The problems a use case refused the input with, each against its field in people's words.
   * Returns false when `error` is not invalid input (the caller rethrows it). With `inPageOrder`,
   * `words` lists the fields in the order the page shows them, and the problems are added in that
   * order (a schema reports them in its own: its keys', then its cross-field rules'), any problem
   * of no field after them.
   */
  fromUseCase(error: unknown, words: FieldWords, inPageOrder = false): boolean {
    if (!(error instanceof InvalidInputError)) return false;
    if (!error.problems.length) this.add('main-content', error.detail);
    const fields = Object.keys(words);
    const rank = (path: string) => {
      const i = fields.findIndex((f) => f === pattern(path) || f === path);
      return i < 0 ? fields.length : i;
    };
    const problems = inPageOrder
      ? [...error.problems].sort((a, b) => rank(a.path) - rank(b.path))
      : error.problems;
    for (const p of problems) {
      const field = words[pattern(p.path)] ?? words[p.path];
      if (field) this.add(field.id, field.message ? field.message(p.message) : p.message);
      else this.add('main-content', sentence(p.message));
    }
    return true;
  }

  /** `{ text }` for the field's own error message (govuk components' errorMessage), if any. */
  for(id: string): { text: string } | undefined {
    const e = this.list.find((x) => x.field === id);
    return e ? { text: e.text } : undefined;
  }

  /** Every field's error keyed by id, for templates: `fieldErrors['email']`. */
  byField(): Record<string, { text: string }> {
    return Object.fromEntries(this.list.map((e) => [e.field, { text: e.text }]));
  }
}

function sentence(text: string): string {
  const t = text.trim();
  return t ? t.charAt(0).toUpperCase() + t.slice(1) : 'Check what you entered';
}
