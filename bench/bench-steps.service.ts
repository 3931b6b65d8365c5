import type { Actor } from '../libs/core/actor.dto';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { restore } from '../libs/workflows/machine-snapshot.service';
import { findTemplate } from '../libs/workflows/template.registry';
import { BenchCase, CYCLE, Who } from './engine-bench.settings';
import type { DataSource } from 'typeorm';

/**
 * What one step of the cycle writes, read back from a probe case the engine advanced: the rows the
 * raw baseline then writes itself, so that both sides write the same.
 */

export interface StepRows {
  type: string;
  actorPersonId: string;
  next: { snapshot: string; stateKey: string; summary: string; awaiting: string[] };
  eventPayload: string;
  eventAuthority: string;
  audit: { actor: unknown; authority: unknown; event: unknown; fromState: string; toState: string };
  /** Awaited roles after the step: links of other roles are voided. */
  awaitingRoles: string[];
  links: { role: string; personId: string; request: string; allowed: string[]; docs: string }[];
  effects: { payload: Record<string, unknown>; linkRole: string | null }[];
  counts: {
    caseEvents: number;
    auditRecords: number;
    effects: number;
    actionLinksInserted: number;
    actionLinksVoided: number;
    deadlinesInserted: number;
    deadlinesCancelled: number;
  };
}

/** The rows a step wrote: the counts after it less the counts before. */
export const countsWritten = (before: StepRows['counts'], after: StepRows['counts']) =>
  Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof StepRows['counts']]]),
  ) as StepRows['counts'];

/** How many rows of each kind a case has: a step's rows are the difference it makes. */
export async function rowCounts(ds: DataSource, caseId: string): Promise<StepRows['counts']> {
  const [r]: StepRows['counts'][] = await ds.query(
    `SELECT (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS "caseEvents",
            (SELECT count(*)::int FROM audit_records WHERE case_id = $1) AS "auditRecords",
            (SELECT count(*)::int FROM effects WHERE case_id = $1) AS "effects",
            (SELECT count(*)::int FROM action_links WHERE case_id = $1) AS "actionLinksInserted",
            (SELECT count(*)::int FROM action_links WHERE case_id = $1 AND status = 'voided') AS "actionLinksVoided",
            (SELECT count(*)::int FROM deadlines WHERE case_id = $1) AS "deadlinesInserted",
            (SELECT count(*)::int FROM deadlines WHERE case_id = $1 AND status = 'cancelled') AS "deadlinesCancelled"`,
    [caseId],
  );
  return r;
}

export async function captureSteps(
  ds: DataSource,
  send: SendEventUseCase,
  probe: BenchCase,
  actors: Record<Who, Actor>,
): Promise<StepRows[]> {
  const counts = () => rowCounts(ds, probe.id);
  const steps: StepRows[] = [];
  // Two whole cycles: the second is the steady state (the case has been rejected before).
  for (let round = 0; round < 2; round++) {
    for (const step of CYCLE) {
      const before = await counts();
      const linkIds = new Set(
        (
          (await ds.query('SELECT id FROM action_links WHERE case_id = $1', [probe.id])) as {
            id: string;
          }[]
        ).map((r) => r.id),
      );
      const result = await send.send(
        probe.id,
        { type: step.type, payload: { ...step.payload } },
        actors[step.who],
        { expectedVersion: probe.version },
      );
      probe.version = result.version;
      const after = await counts();
      const [c]: {
        snapshot: unknown;
        state_key: string;
        summary: string;
        awaiting_person_ids: string[];
      }[] = await ds.query(
        'SELECT snapshot, state_key, summary, awaiting_person_ids FROM cases WHERE id = $1',
        [probe.id],
      );
      const [ev]: { payload: unknown; actor_person_id: string; authority: unknown }[] =
        await ds.query(
          'SELECT payload, actor_person_id, authority FROM case_events WHERE case_id = $1 AND seq = $2',
          [probe.id, result.version],
        );
      const [au]: {
        actor: unknown;
        authority: unknown;
        event: unknown;
        from_state: string;
        to_state: string;
      }[] = await ds.query(
        'SELECT actor, authority, event, from_state, to_state FROM audit_records WHERE case_id = $1 AND seq = $2',
        [probe.id, result.version],
      );
      const links: {
        id: string;
        role: string;
        person_id: string;
        request: string;
        allowed_responses: string[];
        document_hashes: unknown;
      }[] = (
        await ds.query(
          'SELECT id, role, person_id, request, allowed_responses, document_hashes FROM action_links WHERE case_id = $1',
          [probe.id],
        )
      ).filter((l: { id: string }) => !linkIds.has(l.id));
      const effects: { payload: Record<string, unknown> }[] = await ds.query(
        `SELECT payload FROM effects WHERE case_id = $1 AND (payload->>'caseVersion')::int = $2 ORDER BY created_at, id`,
        [probe.id, result.version],
      );
      const template = findTemplate('bcf-delegated-sign-off')!;
      const snapshot = restore(template.machine, c.snapshot);
      const diff = countsWritten(before, after);
      if (round === 1) {
        steps.push({
          type: step.type,
          actorPersonId: ev.actor_person_id,
          next: {
            snapshot: JSON.stringify(c.snapshot),
            stateKey: c.state_key,
            summary: c.summary,
            awaiting: c.awaiting_person_ids,
          },
          eventPayload: JSON.stringify(ev.payload),
          eventAuthority: JSON.stringify(ev.authority),
          audit: {
            actor: au.actor,
            authority: au.authority,
            event: au.event,
            fromState: au.from_state,
            toState: au.to_state,
          },
          awaitingRoles: template.describe(snapshot.value, snapshot.context).awaiting,
          links: links.map((l) => ({
            role: l.role,
            personId: l.person_id,
            request: l.request,
            allowed: l.allowed_responses,
            docs: JSON.stringify(l.document_hashes),
          })),
          effects: effects.map((e) => ({
            payload: e.payload,
            linkRole: typeof e.payload.linkId === 'string' ? String(e.payload.role) : null,
          })),
          counts: diff,
        });
      }
    }
  }
  return steps;
}
