import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../../audit/audit.repository';
import { Actor, actorRecord } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import {
  CaseNotFoundError,
  NotAuthorisedError,
  VersionConflictError,
} from '../../errors/domain.errors';
import type { Authority } from '../../governance/authority.service';
import { restore } from '../../workflows/machine-snapshot.service';
import { findTemplate } from '../../workflows/template.registry';
import type { WorkflowTemplate } from '../../workflows/workflow.template';
import { CaseRepository, CaseRow } from '../case.repository';
import { LifecycleRepository } from './lifecycle.repository';

/** What a lifecycle step reads: the locked case at the version its sender read. */
export interface LockedCase {
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
 * case, its event and the audit link in the case's hash chain, and whatever the step writes. The
 * machine's snapshot and state never change here: a lifecycle step is not a workflow step.
 */
@Injectable()
export class LifecycleWriter {
  private readonly cases = new CaseRepository();
  private readonly audit = new AuditRepository();
  private readonly lifecycle = new LifecycleRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(
    caseId: string,
    actor: Actor,
    expectedVersion: number,
    what: string,
    decide: (c: LockedCase) => Promise<LifecycleStep>,
  ): Promise<{ caseId: string; version: number }> {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError(
        `Only a democratic services officer can ${what} a case; governance leads read it.`,
      );
    return this.ds.transaction(async (m) => {
      const now = this.clock.now();
      if (!(await this.lifecycle.lock(m, actor.tenantId, caseId)))
        throw new CaseNotFoundError(caseId);
      const row = await this.cases.find(m, actor.tenantId, caseId);
      if (!row) throw new CaseNotFoundError(caseId);
      if (expectedVersion !== row.version)
        throw new VersionConflictError(caseId, expectedVersion, row.version);
      const template = findTemplate(row.templateId, row.templateVersion);
      if (!template)
        throw new Error(
          `case ${caseId} runs on unreleased template ${row.templateId} v${row.templateVersion}`,
        );
      const snapshot = restore(template.machine, row.snapshot);
      const described = template.describe(snapshot.value, snapshot.context);
      const step = await decide({ m, row, template, described, context: snapshot.context, now });

      const version = row.version + 1;
      const link = {
        tenantId: row.tenantId,
        caseId,
        seq: version,
        recordedAt: now,
        actor: actorRecord(actor),
        authority: AUTHORITY,
        event: { type: step.type, ...step.payload },
        fromState: row.stateKey,
        toState: row.stateKey,
      };
      const prevHash = row.auditHead || (await this.audit.head(m, caseId));
      const auditHead = AuditRepository.hashOf(link, prevHash);
      const saved = await this.cases.advance(
        m,
        { tenantId: row.tenantId, id: row.id, expectedVersion: row.version },
        {
          snapshot: row.snapshot,
          stateKey: row.stateKey,
          summary: row.summary,
          awaitingPersonIds: step.awaitingPersonIds ?? row.awaitingPersonIds,
          at: now,
          closed: step.closes === true || row.closedAt !== null,
          auditHead,
        },
        {
          type: step.type,
          payload: step.payload,
          actorPersonId: actor.person.id,
          authority: AUTHORITY,
        },
        (advanced, p) => [AuditRepository.appendAfter(advanced, link, prevHash, auditHead, p)],
      );
      // The case is locked and its version checked: only a bug could have moved it since.
      if (!saved) throw new Error(`case ${caseId} moved while locked for a lifecycle step`);
      await step.apply(m, version);
      return { caseId, version };
    });
  }
}
