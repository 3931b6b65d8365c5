import { Injectable } from '@nestjs/common';
import { CaseRepository } from '../case.repository';
import { AuditRepository } from '../../audit/audit.repository';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { z } from 'zod';
import { zodProblems } from '../../core/zod-problems.service';
import {
  CaseNotFoundError,
  InvalidInputError,
  NotAuthorisedError,
} from '../../errors/domain.errors';
import type { Authority } from '../../governance/authority.service';
import type { WorkflowTemplate } from '../../workflows/workflow.template';
import type { CaseRow } from '../case.repository';
import { CaseRecord } from '../case-record.service';
import { LifecycleRepository } from './lifecycle.repository';
import { scopeOf, type TenantScope } from '../../core/tenant-scope';

/** The case version the sender read: every lifecycle step's body carries it (409 when stale). */
export const EXPECTED_VERSION = z
  .number({ message: 'give expectedVersion, the case version you read' })
  .int()
  .positive();

/** Why a case is withdrawn or paused (`done`: "withdrawn", "paused"): said, in one paragraph. */
export const reasonWhy = (done: string) =>
  z
    .string({ message: `say why the case is ${done}` })
    .trim()
    .min(1, `say why the case is ${done}`)
    .max(2000, 'keep the reason to 2000 characters');

/** A lifecycle step's body, read whole or refused with every problem (422), nothing changed. */
export function lifecycleBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  invalid: string,
): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(invalid, zodProblems(parsed.error));
  return parsed.data;
}

/** What a lifecycle step reads: the locked case at the version its sender read. */
export interface LockedCase {
  /** The council of the case (and of the actor): every lifecycle write keeps to it. */
  scope: TenantScope;
  m: EntityManager;
  row: CaseRow;
  template: WorkflowTemplate;
  /** The machine's state as it stands: described, never advanced. */
  described: { summary: string; awaiting: string[] };
  context: unknown;
  now: Date;
}

/** What a lifecycle step records: the event on the case's record and what it changes with it. */
export interface LifecycleStep {
  type: 'CASE_WITHDRAWN' | 'CASE_PAUSED' | 'CASE_RESUMED' | 'ROLE_REASSIGNED';
  payload: Record<string, unknown>;
  /** The case closes (a withdrawal). */
  closes?: boolean;
  /** Whom the case waits for afterwards (default: as before). */
  awaitingPersonIds?: string[];
  /** The rest of its writes, in the same transaction, once the case is at `version`. */
  apply(m: EntityManager, version: number): Promise<void>;
}

/** Lifecycle steps are the officer's, as opening a case is. */
const AUTHORITY: Authority = { kind: 'officer', role: 'officer' };

/**
 * The one write path of the lifecycle around a case's workflow (ADR 0012), with the guarantees of
 * the engine's own: the sender's version checked (409 when stale), one transaction holding the
 * case, its event and the audit link in the case's hash chain (case-record.service.ts), and
 * whatever the step writes; a step's body is read here too (lifecycleBody). The
 * machine's snapshot and state never change here: a lifecycle step is not a workflow step.
 */
@Injectable()
export class LifecycleWriter {
  private readonly caseRecord: CaseRecord;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly lifecycle: LifecycleRepository,
    cases: CaseRepository,
    audit: AuditRepository,
  ) {
    this.caseRecord = new CaseRecord(cases, audit);
  }

  async record(
    caseId: string,
    actor: Actor,
    expectedVersion: number,
    what: string,
    decide: (c: LockedCase) => Promise<LifecycleStep>,
    /** What follows the step in its transaction (absence cover); the case's version after it. */
    after?: (m: EntityManager, done: { caseId: string; version: number }) => Promise<number>,
  ): Promise<{ caseId: string; version: number }> {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError(
        `Only a democratic services officer can ${what} a case; governance leads read it.`,
      );
    return this.ds.transaction(async (m) => {
      const done = await this.within(
        m,
        caseId,
        actor,
        AUTHORITY,
        this.clock.now(),
        expectedVersion,
        decide,
      );
      return after ? { caseId, version: await after(m, done!) } : done!;
    });
  }

  /**
   * A step the system takes in the caller's transaction (absence cover, ADR 0033): the case locked
   * as above and read at its current version; recorded under `authority`, not the officer's.
   */
  async recordWithin(
    m: EntityManager,
    caseId: string,
    actor: Actor,
    authority: Authority,
    now: Date,
    decide: (c: LockedCase) => Promise<LifecycleStep | null>,
  ): Promise<{ caseId: string; version: number } | null> {
    return this.within(m, caseId, actor, authority, now, null, decide);
  }

  private async within(
    m: EntityManager,
    caseId: string,
    actor: Actor,
    authority: Authority,
    now: Date,
    expectedVersion: number | null,
    decide: (c: LockedCase) => Promise<LifecycleStep | null>,
  ): Promise<{ caseId: string; version: number } | null> {
    const scope = scopeOf(actor);
    if (!(await this.lifecycle.lock(scope, m, caseId))) throw new CaseNotFoundError(caseId);
    const { row, template, described, context } = await this.caseRecord.atVersion(
      m,
      actor.tenantId,
      caseId,
      expectedVersion,
    );
    const step = await decide({ scope, m, row, template, described, context, now });
    if (!step) return null;
    const { version, saved } = await this.caseRecord.append(m, row, actor, {
      type: step.type,
      payload: step.payload,
      authority,
      now,
      awaitingPersonIds: step.awaitingPersonIds,
      closes: step.closes,
    });
    // The case is locked and its version checked: only a bug could have moved it since.
    if (!saved) throw new Error(`case ${caseId} moved while locked for a lifecycle step`);
    await step.apply(m, version);
    return { caseId, version };
  }
}
