import { actorFactsIn, type CaseDirectory } from '../directory/directory.repository';
import {
  DomainError,
  EventNotAllowedError,
  InvalidInputError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { type Authority, authorityFor } from '../governance/authority.service';
import { eventWords } from '../workflows/template-words.registry';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import type { Actor } from '../core/actor.dto';
import type { CaseRow } from './case.repository';
import type { restore } from '../workflows/machine-snapshot.service';
import type { IncomingEvent } from './incoming-event';

/**
 * The authorities in which the actor may send this event on this case, whatever the case's
 * state: the system's own, or each role allowed to send it that the person holds now.
 */
export function authoritiesHeld(
  template: WorkflowTemplate,
  row: CaseRow,
  directory: CaseDirectory,
  event: IncomingEvent,
  actor: Actor,
  now: Date,
): Authority[] {
  const spec = template.events[event.type];
  if (actor.kind === 'system') {
    if (!spec.sendableBy.includes('system'))
      throw new NotAuthorisedError(`The step ${stepOf(template, event)} is taken by a person.`, {
        event: event.type,
      });
    return [{ kind: 'system', role: 'system', job: actor.job }];
  }
  if (event.as !== undefined && !spec.sendableBy.includes(event.as)) {
    throw new InvalidInputError(
      `"as" must be one of ${spec.sendableBy.join(', ')} for the step ${stepOf(template, event)}.`,
    );
  }
  const roles = spec.sendableBy.filter(
    (r) => r !== 'system' && (event.as === undefined || r === event.as),
  );
  if (roles.length === 0)
    throw new NotAuthorisedError(
      `The step ${stepOf(template, event)} is taken by the system only, never by a person.`,
      { event: event.type },
    );
  const facts = actorFactsIn(directory, actor.person);
  const held = roles.flatMap((r) => {
    const a = authorityFor(r, row.roles[r], facts, now, template.roles[r]?.delegationScope);
    return a ? [a] : [];
  });
  if (held.length === 0) {
    const labels = roles.map((r) => roleLabel(template, r)).join(' or ');
    throw new NotAuthorisedError(
      `The step ${stepOf(template, event)} on this case needs the ${labels}; you hold no office or delegation in force for it.`,
      { event: event.type },
    );
  }
  return held;
}

/** The one authority, among those held, in which the machine accepts the event now. */
export function usableAuthority(
  template: WorkflowTemplate,
  event: IncomingEvent,
  payload: Record<string, unknown>,
  held: Authority[],
  snapshot: ReturnType<typeof restore>,
): Authority {
  const accepts = (role: string) => snapshot.can({ ...payload, type: event.type, role } as never);
  const usable = held.filter((a) => accepts(a.role));
  if (usable.length === 0)
    throw new EventNotAllowedError(
      { type: event.type, step: eventWords(template, event.type).action },
      template.describe(snapshot.value, snapshot.context).summary,
    );
  if (usable.length > 1) {
    // The role keys stay in the sentence: they are what the client puts in "as".
    const roles = usable.map((a) => a.role);
    throw new DomainError(
      'AMBIGUOUS_ROLE',
      'Say which role you act in',
      `You may take the step ${stepOf(template, event)} in more than one role: ${roles.map((r) => `${roleLabel(template, r)} (as ${r})`).join(' or ')}. Add "as" with the one you act in.`,
      { event: event.type, roles },
    );
  }
  return usable[0];
}

/** The step in the template's words, quoted: never the event's type. */
function stepOf(template: WorkflowTemplate, event: IncomingEvent): string {
  return `“${eventWords(template, event.type).action}”`;
}

function roleLabel(template: WorkflowTemplate, role: string): string {
  return template.roles[role]?.label ?? role;
}
