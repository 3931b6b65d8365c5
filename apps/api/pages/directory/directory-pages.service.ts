import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import {
  DirectoryRecordNotFoundError,
  DirectoryVersionConflictError,
} from '../../../../libs/directory/directory.errors';
import {
  DomainError,
  NotAuthorisedError,
  TemplateVersionNotInThisBuildError,
} from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { httpStatusOf } from '../../http/problem.filter';
import { refusalSentence } from '../../http/refusal.presenter';
import { dateInputItems, type TypedDate } from '../forms/date-field.service';
import { FormErrors, type FieldWords } from '../forms/form-errors.service';
import { datesInWords } from '../forms/words.service';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED } from '../staff-pages.service';

/** The record's version as posted in the form's hidden field; NaN when missing (the use case refuses it). */
export function postedVersion(body: Record<string, unknown>): number {
  const v = typeof body.expectedVersion === 'string' ? body.expectedVersion : '';
  return /^\d{1,9}$/.test(v) ? Number(v) : NaN;
}

/** An item of GOV.UK radios (`checked`) or a select (`selected`). */
export interface ChoiceItem {
  value: string;
  text: string;
  hint?: { text: string };
  checked?: boolean;
  selected?: boolean;
}

/** Radios' and selects' items with the chosen one marked. */
export function choices(
  options: { value: string; text: string; hint?: string }[],
  chosen: string,
  attribute: 'checked' | 'selected' = 'checked',
): ChoiceItem[] {
  return options.map((o) => ({
    value: o.value,
    text: o.text,
    ...(o.hint ? { hint: { text: o.hint } } : {}),
    [attribute]: o.value === chosen,
  }));
}

/** A list's organisation filter: "Any organisation", then each by name, the chosen one selected. */
export function organisationFilter(
  organisations: { value: string; text: string }[],
  chosen: string,
): ChoiceItem[] {
  return choices([{ value: '', text: 'Any organisation' }, ...organisations], chosen, 'selected');
}

/** An organisation by name among those the page may show; any other reads "Another organisation". */
export function organisationName(
  id: string,
  organisations: { value: string; text: string }[],
): string {
  return organisations.find((o) => o.value === id)?.text ?? 'Another organisation';
}

/**
 * What every directory page shares: the refusals as GOV.UK pages and a use case's problems as a
 * form's errors in people's words. Who may read (officers, governance leads, administrators) and
 * who may change (administrators, with the session's CSRF token) is each handler's @StaffPage or
 * @StaffForm (staff-page.guard.ts).
 */
@Injectable()
export class DirectoryPages {
  constructor(private readonly pages: PageRenderer) {}

  /** The "form has expired" page: a form posted without the session's CSRF token changed nothing. */
  expired(res: Response, staff: SignedInStaff): void {
    this.pages.html(
      res,
      'problem.njk',
      { staff, heading: 'The form has expired', detail: FORM_EXPIRED },
      403,
    );
  }

  html(res: Response, template: string, context: Record<string, unknown>, status = 200): void {
    this.pages.html(res, template, context, status);
  }

  /**
   * A record that is not in the council's directory (another council's reads the same) is the
   * not-found page; a refusal of the role is the forbidden page. True when `e` was answered.
   */
  refused(e: unknown, res: Response, staff: SignedInStaff): boolean {
    if (e instanceof DirectoryRecordNotFoundError) {
      this.pages.html(res, 'not-found.njk', { staff }, 404);
      return true;
    }
    if (e instanceof NotAuthorisedError) {
      this.pages.html(res, 'forbidden.njk', { staff }, 403);
      return true;
    }
    return false;
  }

  /**
   * A use case's refusal as the form's errors: its problems against their fields, a version
   * conflict in words (`conflict`), a governance rule's refusal (http/refusal.presenter.ts) against `ruleField`. Anything
   * else is not the form's to show and is thrown on.
   */
  errorsOf(
    e: unknown,
    words: FieldWords,
    opts: { conflict: string; ruleField: string },
  ): { errors: FormErrors; status: number; conflict: boolean } {
    const errors = new FormErrors(datesInWords);
    if (e instanceof DirectoryVersionConflictError) {
      errors.add(opts.ruleField, opts.conflict);
      return { errors, status: 409, conflict: true };
    }
    if (errors.fromUseCase(e, words)) return { errors, status: 422, conflict: false };
    // Not the form's to fix: the service-being-updated page (problem.filter.ts), Retry-After and all.
    if (e instanceof TemplateVersionNotInThisBuildError) throw e;
    if (e instanceof DomainError && !(e instanceof DirectoryRecordNotFoundError)) {
      errors.add(opts.ruleField, refusalSentence(e));
      return { errors, status: httpStatusOf(e), conflict: false };
    }
    throw e;
  }
}

/** A form's errors saying it has expired (posted without the session's CSRF token). */
export function expiredErrors(): FormErrors {
  return new FormErrors().add('main-content', FORM_EXPIRED);
}

/** The whole govukDateInput for a field: legend, hint, what was typed, its error. */
export function dateInput(
  name: string,
  legend: string,
  typed: TypedDate,
  errors: FormErrors,
  hint = 'For example, 27 3 2026',
) {
  const error = errors.for(`${name}-day`);
  return {
    id: name,
    fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--s' } },
    hint: { text: hint },
    errorMessage: error,
    items: dateInputItems(name, typed, !!error),
  };
}

/** A use case's problem in a sentence: capital first letter, its dates in words. */
export function said(problem: string): string {
  const t = datesInWords(problem.trim());
  return t.charAt(0).toUpperCase() + t.slice(1);
}
