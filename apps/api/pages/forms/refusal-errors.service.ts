import {
  DomainError,
  GovernanceRuleError,
  InvalidInputError,
  TemplateVersionNotInThisBuildError,
} from '../../../../libs/errors/domain.errors';
import { httpStatusOf } from '../../http/problem.filter';
import { refusalSentence } from '../../http/refusal.presenter';
import { FormErrors, type FieldWords } from './form-errors.service';
import { changedFirstSentence } from '../../../../libs/errors/changed-first.errors';

/**
 * Where a form shows a use case's refusals other than invalid input: a governance rule's refusal
 * (in the one shape of http/refusal.presenter.ts) against the field it is about, and a version
 * conflict against the form as a whole.
 */
export interface RefusalPlaces {
  /** The field a governance rule's refusal is about, by the rule's code; else `fallback`. */
  rules?: Record<string, string>;
  /** The field an unknown record (a person, an office chosen from a list) belongs to. */
  notFound?: Record<string, string>;
  /** What the record is called in a sentence ("body", "seat", "delegation"). */
  subject: string;
  /** The field or anchor for anything else; `main-content` by default. */
  fallback?: string;
}

/** The sentence a version conflict shows (libs/errors/changed-first.errors.ts): never a silent overwrite. */
export function versionConflictText(subject: string): string {
  return changedFirstSentence(`this ${subject}`);
}

/**
 * Adds a use case's refusal to `errors` in people's words and returns the HTTP status to answer
 * with; rethrows anything that is not a refusal (a fault, not the person's input).
 */
export function addRefusal(
  errors: FormErrors,
  error: unknown,
  words: FieldWords,
  places: RefusalPlaces,
): number {
  // Not the form's to fix: the service-being-updated page (problem.filter.ts), as on every page.
  if (!(error instanceof DomainError) || error instanceof TemplateVersionNotInThisBuildError)
    throw error;
  const fallback = places.fallback ?? 'main-content';
  if (error instanceof InvalidInputError)
    errors.fromUseCase(error, {
      // A form's hidden version, missing or altered: nothing the person typed is wrong.
      expectedVersion: {
        id: fallback,
        message: () => 'The form is out of date: reload the page and make your change again',
      },
      ...words,
    });
  else if (error instanceof GovernanceRuleError)
    errors.add(places.rules?.[String(error.extra.rule ?? '')] ?? fallback, refusalSentence(error));
  else if (error.code === 'VERSION_CONFLICT')
    errors.add(fallback, versionConflictText(places.subject));
  else if (error.code === 'DIRECTORY_RECORD_NOT_FOUND') {
    const subject = String(error.extra.subject ?? '');
    const field = places.notFound?.[subject];
    errors.add(
      field ?? fallback,
      field
        ? `Choose a ${subject} from the list: the one chosen is not in your council’s directory`
        : `The ${subject} is no longer in your council’s directory: go back to the list and start again`,
    );
  } else errors.add(fallback, error.detail);
  return httpStatusOf(error) ?? 400;
}
