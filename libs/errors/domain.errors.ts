import { changedFirstSentence } from './changed-first.errors';

/**
 * Every error a caller can cause has a domain name and a stable code; the API maps codes to HTTP
 * statuses in one place (apps/api/http/problem.filter.ts). `detail` says what to fix.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_AUTHORISED'
  | 'CASE_NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'EVENT_NOT_ALLOWED'
  | 'UNKNOWN_EVENT'
  | 'UNKNOWN_TEMPLATE'
  /** A template version asked for by its address (GET /api/templates/…) that was never released. */
  | 'TEMPLATE_NOT_FOUND'
  /**
   * A case runs on a template version this process's build does not have: a newer build released
   * it and opened the case (a rolling upgrade, docs/operations.md); a process of that build can.
   */
  | 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD'
  | 'INVALID_INPUT'
  | 'INVALID_ROLE_HOLDER'
  | 'AMBIGUOUS_ROLE'
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'ROUTE_NOT_FOUND'
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** Text that cannot be kept: a NUL, half a character, or longer than any field needs. */
  | 'INVALID_TEXT'
  | 'TOO_MANY_REQUESTS'
  /** Documents over the API are read a few at a time, and this one waited too long for its turn. */
  | 'UPLOADS_BUSY'
  /** Passwords are checked a few at a time, and this one waited too long for its turn. */
  | 'SIGN_IN_BUSY'
  /** No database connection could be had in DATABASE_POOL_WAIT_SECONDS (ADR 0050). */
  | 'DATABASE_BUSY'
  | 'MEETING_NOT_FOUND'
  | 'AGENDA_ITEM_NOT_FOUND'
  /** No organisation, person, office, holding or API key with that id in the caller's directory. */
  | 'DIRECTORY_RECORD_NOT_FOUND'
  /** A governance rule refused (libs/governance): the rule's own code in `rule`, its lines in `explanation`. */
  | 'GOVERNANCE_RULE_BROKEN';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = code;
  }
}

export class InvalidInputError extends DomainError {
  constructor(
    detail: string,
    readonly problems: { path: string; message: string }[] = [],
  ) {
    super('INVALID_INPUT', 'The request is not valid', detail, { problems });
  }
}

export class VersionConflictError extends DomainError {
  constructor(caseId: string, expected: number, actual: number) {
    super(
      'VERSION_CONFLICT',
      'The case has changed since you read it',
      changedFirstSentence(`case ${caseId}`, {
        seen: 'read it',
        since: `you sent version ${expected}; it is at version ${actual}`,
      }),
      { currentVersion: actual },
    );
  }
}

export class CaseNotFoundError extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE_NOT_FOUND',
      'No such case',
      `There is no case ${caseId} in your organisation: check the id.`,
    );
  }
}

/**
 * The case's machine does not take the event in its state. A person reads the step and the state
 * in words (the template's own: `step` is the event's action, `state` the case's summary); API
 * clients get the event's type and the state in `extra`.
 */
export class EventNotAllowedError extends DomainError {
  constructor(event: { type: string; step: string }, state: string) {
    super(
      'EVENT_NOT_ALLOWED',
      'That cannot be done at this stage',
      `The case does not take the step “${event.step}” while it is “${state}”: read the case to see what it is waiting for.`,
      { event: event.type, state },
    );
  }
}

export class NotAuthorisedError extends DomainError {
  /** `extra`: what a client may act on that the words leave out (the event's type). */
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super('NOT_AUTHORISED', 'You have no authority for this', detail, extra);
  }
}

/**
 * A governance rule (quorum, attendance, interests, show of hands, notices) refused. One API code;
 * the rule's own stable code (e.g. NOT_A_MEMBER, VOTER_EXCLUDED) is in `rule` and the lines a
 * person can check are in `explanation`.
 */
export class GovernanceRuleError extends DomainError {
  /** The fields at fault, when the rule judged one (as InvalidInputError gives them). */
  readonly problems: { path: string; message: string }[];

  constructor(
    rule: string,
    detail: string,
    explanation: string[],
    /**
     * More the caller may act on: the fields at fault (`problems`), the rule's source, and what
     * the refusal is about when it is not what the person sent (`context`: a linked case by its
     * reference), which the refusal's words say before the rule's lines.
     */
    more: {
      problems?: { path: string; message: string }[];
      source?: string;
      caseId?: string;
      /** The event a linked case refused (its type), beside `caseId`. */
      caseEvent?: string;
      context?: string;
    } = {},
  ) {
    super('GOVERNANCE_RULE_BROKEN', 'A governance rule forbids this', detail, {
      rule,
      explanation,
      ...more,
    });
    this.problems = more.problems ?? [];
  }
}

export class TemplateVersionNotInThisBuildError extends DomainError {
  constructor(
    caseId: string,
    readonly templateId: string,
    readonly templateVersion: number,
  ) {
    super(
      'TEMPLATE_VERSION_NOT_IN_THIS_BUILD',
      'This case runs on a newer version of its template',
      // In words a person reads on the staff pages' "problem with the service" page too: the case's
      // id and the template's key go to API clients in the fields beside it, not in the sentence.
      `This case runs on version ${templateVersion} of its template, which a newer release of Ratify brought in and this server does not have yet: try again in a minute.`,
      { caseId, templateId, templateVersion, retryAfterSeconds: 60 },
    );
  }
}
