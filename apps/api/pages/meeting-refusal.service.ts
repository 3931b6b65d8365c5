import {
  DomainError,
  InvalidInputError,
  TemplateVersionNotInThisBuildError,
} from '../../../libs/errors/domain.errors';
import { httpStatusOf } from '../http/problem.filter';
import { refusalOf, refusalSentence } from '../http/refusal.presenter';
import { datesInWords } from './forms/words.service';
import { type FormBody, MEETING_CHOICES, type MeetingFormName } from './meeting-forms.service';
import type { MeetingFormError } from './meeting-page.service';
import { FORM_EXPIRED } from './staff-pages.service';

/*
 * A meeting form that came back refused, as the meeting page shows it: the use case's message,
 * the rule's explanation, the problems at their fields, and what was typed.
 */

/** The use cases' summary of an invalid body, which names the problem+json's `problems`. */
const API_INVALID = /^The [^:]+ (?:is|are) not valid: fix the fields listed in problems\.$/;
/**
 * The same summary quoted after a linked case's refusal ("… refused the step “…”, so nothing was
 * recorded …: fix the fields listed in problems."): on the page, what it means for the case.
 */
const API_INVALID_QUOTED =
  /: (?:the details sent for the step “[^”]*” are not valid: )?fix the fields listed in problems\.$/;
/** A choice's problem when it was left on "Choose…" (blank) or is not an id at all. */
const NO_CHOICE = /^give |is an id \(UUID\)$/;

/** What was typed, to fill the form in again. */
export const asValues = (body: FormBody): Record<string, string> =>
  Object.fromEntries(
    Object.entries(body).flatMap(([k, v]) =>
      typeof v === 'string' && k !== '_csrf' ? [[k, v]] : [],
    ),
  );

/** The form posted without the session's token. */
export function expired(form: MeetingFormName, itemId: string | null): MeetingFormError {
  return {
    form,
    itemId,
    message: FORM_EXPIRED,
    problems: [],
    explanation: [],
    values: {},
  };
}

/** The use case's refusal of the form, its problems at the form's fields. */
export function refusal(
  e: unknown,
  form: MeetingFormName,
  itemId: string | null,
  body: FormBody,
  /** The form's field a problem's path names, for forms whose fields are named by a person. */
  fieldOf: (path: string) => string = (path) => path,
): MeetingFormError {
  // A case on a version this build lacks is not the form's to fix: the service-being-updated page
  // (problem.filter.ts), 503 with Retry-After, as every other page answers it.
  if (!(e instanceof DomainError) || e instanceof TemplateVersionNotInThisBuildError) throw e;
  // A linked case's refusal carries the case's own problems in extra.
  const problems =
    e instanceof InvalidInputError
      ? e.problems
      : ((e.extra.problems as { path: string; message: string }[] | undefined) ?? []);
  return {
    form,
    itemId,
    // Dates in words: a linked case's refusal quotes its state and rules, which carry ISO dates.
    // A body the use case's schema refused is, on the page, the form's fields listed below it.
    message: datesInWords(
      e.detail
        .replace(API_INVALID, 'Check the form: fix the fields listed.')
        .replace(API_INVALID_QUOTED, ': the details sent to the case are not valid.'),
    ),
    problems: problems.map((p) => ({
      path: fieldOf(p.path),
      message:
        Object.hasOwn(MEETING_CHOICES, p.path) && NO_CHOICE.test(p.message)
          ? MEETING_CHOICES[p.path]
          : p.message,
    })),
    explanation: ((e.extra.explanation as string[] | undefined) ?? []).map(datesInWords),
    ...refusalWords(e),
    values: asValues(body),
  };
}

/** A rule's refusal (or a version conflict, a lack of authority) in the words every page gives it. */
function refusalWords(e: DomainError): { refusal?: string } {
  return e.code === 'VERSION_CONFLICT' || refusalOf(e)
    ? { refusal: refusalSentence(e, 'meeting') }
    : {};
}

/** The refusal's HTTP status. */
export function statusOf(e: unknown): number {
  if (!(e instanceof DomainError) || e instanceof TemplateVersionNotInThisBuildError) throw e;
  return httpStatusOf(e);
}
