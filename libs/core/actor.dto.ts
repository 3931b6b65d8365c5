import type { PersonRow } from './person';

/** Who sends an event: a signed-in person, or the system (a deadline firing). */
export type Actor =
  | { kind: 'person'; tenantId: string; person: PersonRow }
  | { kind: 'system'; tenantId: string; job: string };

export function actorRecord(actor: Actor): Record<string, string> {
  return actor.kind === 'person'
    ? { kind: 'person', personId: actor.person.id, name: actor.person.name }
    : { kind: 'system', job: actor.job };
}
