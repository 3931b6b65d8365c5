import { afterColon } from '../errors/after-colon.errors';
import { DomainError, GovernanceRuleError } from '../errors/domain.errors';
import { eventWords } from '../workflows/template-words.registry';

/** The case a meeting's write carries into, as its refusal names it. */
export interface LinkedCase {
  id: string;
  reference: string;
  templateId: string;
  templateVersion: number;
}

/**
 * A case a meeting's write carried into (the case linked to an agenda item, or the case that is the
 * minutes approved) refused an event that carried it: named by its reference and the step in words,
 * as the meeting page shows it; its id and the event's type stay in `extra` for the API's clients.
 * Nothing was recorded, neither on the meeting nor on the case.
 */
export class LinkedCaseRefusedError extends DomainError {
  constructor(c: LinkedCase, eventType: string, cause: DomainError, link: string) {
    super(
      cause.code,
      cause.title,
      `${linkedCaseWords(c, eventType, link, 'The')}, so nothing was recorded, neither on the meeting nor on the case: ${afterColon(cause.detail)}`,
      { ...cause.extra, caseId: c.id, caseEvent: eventType },
    );
  }
}

/**
 * The refusal of a linked case's event. A governance rule's refusal stays one (the same rule, lines
 * and fields), with which case refused which step as its context, so the API's `detail` and every
 * page say it in the refusal's one shape, that case first; any other refusal keeps its own code.
 */
export function linkedCaseRefusal(
  c: LinkedCase,
  eventType: string,
  cause: DomainError,
  link: string,
): DomainError {
  if (!(cause instanceof GovernanceRuleError))
    return new LinkedCaseRefusedError(c, eventType, cause, link);
  const about = linkedCaseWords(c, eventType, link, 'the');
  const own = cause.extra.context;
  return new GovernanceRuleError(
    String(cause.extra.rule),
    `${linkedCaseWords(c, eventType, link, 'The')}, so nothing was recorded, neither on the meeting nor on the case: ${afterColon(cause.detail)}`,
    (cause.extra.explanation as string[] | undefined) ?? [],
    {
      problems: cause.problems,
      ...(typeof cause.extra.source === 'string' ? { source: cause.extra.source } : {}),
      caseId: c.id,
      caseEvent: eventType,
      context: typeof own === 'string' ? `${about}: ${own}` : about,
    },
  );
}

function linkedCaseWords(c: LinkedCase, eventType: string, link: string, the: 'The' | 'the') {
  const step = eventWords({ id: c.templateId, version: c.templateVersion }, eventType).action;
  return `${the} case ${c.reference} ${link} refused the step “${step}”`;
}
