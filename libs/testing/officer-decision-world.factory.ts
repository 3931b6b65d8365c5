import type { DataSource } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { DirectoryRepository } from '../directory/directory.repository';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { buildJcbWorld, type JcbWorld } from './jcb-world.factory';
import type { engineHarness } from './engine-harness.service';
import { tenantScope } from '../core/tenant-scope';

/**
 * The council's Cabinet and, under its scheme of delegation to officers, the Director of Public
 * Health holding the delegation for officer decisions (invented person at .test, API key `director`).
 */
export function addOfficerDelegation(spec: TenantSpec): void {
  spec.people.push({
    key: 'director',
    name: 'Dr Rhea Stone',
    email: `rhea.stone@${spec.slug}.test`,
    organisation: 'council',
    isOfficer: true,
    apiKey: `test-director-${spec.slug}`,
  });
  spec.offices.push({
    key: 'dph',
    title: 'Director of Public Health',
    organisation: 'council',
    holder: 'director',
  });
  spec.bodies.push({
    key: 'cabinet',
    name: 'Cabinet',
    kind: 'cabinet',
    rules: (org) => ({
      constituencies: [
        { key: 'executive', name: 'The Executive', organisationId: org('council'), categories: [] },
      ],
      quorum: { source: 'Executive procedure rules 4.2', total: 3, minimums: [] },
      decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
      notices: {
        reportClearDays: 5,
        keyDecisionNoticeClearDays: 28,
        privateNoticeClearDays: 28,
        source: 'Executive procedure rules 2.3',
      },
      substitutes: { kind: 'named', source: 'Executive procedure rules 3.1' },
      delegation: {
        allowed: true,
        source: 'Constitution Part 3, scheme of delegation to officers',
      },
    }),
  });
  spec.delegations.push({
    key: 'dphDecision',
    body: 'cabinet',
    office: 'dph',
    scope: 'officer-delegated-decision',
    reference: 'Constitution Part 3, scheme of delegation to officers: Director of Public Health',
    validFrom: new Date('2025-01-01T00:00:00Z'),
  });
}

export interface OfficerDecisionWorld extends JcbWorld {
  /** The API key of the Director of Public Health, who decides under delegation. */
  directorKey: string;
  /** The role holders an officer decision is opened with. */
  officerDecisionRoles: { decisionMaker: string };
  /** API keys by who: officer, director, and the JCB's people. */
  keyOf(who: string): string;
}

/** A JCB world (so that both kinds of decision can be taken) with the officer delegation. */
export async function buildOfficerDecisionWorld(ds: DataSource): Promise<OfficerDecisionWorld> {
  let directorKey = '';
  const world = await buildJcbWorld(ds, {
    tweak: (spec) => {
      addOfficerDelegation(spec);
      directorKey = `test-director-${spec.slug}`;
    },
  });
  return {
    ...world,
    directorKey,
    officerDecisionRoles: { decisionMaker: world.ids.delegations.dphDecision },
    keyOf: (who) =>
      who === 'officer'
        ? world.keys.officer
        : who === 'director'
          ? directorKey
          : (world.jcbKeys as Record<string, string>)[who],
  };
}

/**
 * An officer decision opened by the world's officer and its matter described (not a key decision
 * unless `keyDecisionReasons` says why it is one): the case's id, at version 2.
 */
export async function openDescribedDecision(
  h: ReturnType<typeof engineHarness>,
  world: OfficerDecisionWorld,
  o: { title: string; matter: string; decisionDue: string; keyDecisionReasons?: string },
): Promise<string> {
  const { caseId } = await h.open.open(
    {
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: o.title,
      dates: { decisionDue: o.decisionDue },
      roles: world.officerDecisionRoles,
    },
    world.actors.officer,
  );
  await h.send.send(
    caseId,
    {
      type: 'DESCRIBE_MATTER',
      payload: {
        summary: o.matter,
        keyDecision: o.keyDecisionReasons !== undefined,
        ...(o.keyDecisionReasons ? { keyDecisionReasons: o.keyDecisionReasons } : {}),
        representations: 'Write to democratic.services@example.org',
      },
    },
    world.actors.officer,
    { expectedVersion: 1 },
  );
  return caseId;
}

/**
 * A described decision (openDescribedDecision) decided by the Director and published on `on`:
 * an officer's decision as the public register lists it. The harness's clock must be on or after `on`.
 */
export async function publishDescribedDecision(
  ds: DataSource,
  h: ReturnType<typeof engineHarness>,
  world: OfficerDecisionWorld,
  caseId: string,
  on: string,
): Promise<void> {
  const person = await new DirectoryRepository().person(
    tenantScope(world.tenantId),
    ds.manager,
    world.ids.people.director,
  );
  const director: Actor = { kind: 'person', tenantId: world.tenantId, person: person! };
  const decided = await h.send.send(
    caseId,
    {
      type: 'RECORD_DECISION',
      payload: { decision: 'Agree', decidedOn: on, reasons: 'Value for money' },
    },
    director,
    { expectedVersion: 2 },
  );
  await h.send.send(
    caseId,
    { type: 'RECORD_PUBLICATION', payload: { publishedOn: on } },
    world.actors.officer,
    { expectedVersion: decided.version },
  );
}
