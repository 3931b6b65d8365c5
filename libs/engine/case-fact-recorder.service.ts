import { DataSource, EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { Actor, actorRecord } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { DirectoryRepository } from '../directory/directory.repository';
import {
  CaseNotFoundError,
  NotAuthorisedError,
  VersionConflictError,
} from '../errors/domain.errors';
import type { Authority } from '../governance/authority.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { restore } from '../workflows/machine-snapshot.service';
import { findTemplate } from '../workflows/template.registry';
import { CaseRepository } from './case.repository';
import type { EffectPlanner } from './effect-planner.service';
import { refuseUnlessActive } from './lifecycle/lifecycle.rules';

export interface FactContext {
  now: Date;
  /** Sends the given requests again, with new links (older open ones are voided). */
  reissue(requests: { message: string; role: string }[]): Promise<void>;
}

/** A case's new version after a fact, as a send reports it. */
export interface FactResult {
  caseId: string;
  version: number;
  stateKey: string;
  authority: Authority;
}

/** Facts about a case that are not workflow steps, recorded on the send's path (SendEventUseCase). */
export class CaseFactRecorder {
  private readonly cases = new CaseRepository();
  private readonly directory = new DirectoryRepository();
  private readonly audit = new AuditRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly planner: EffectPlanner,
  ) {}

  /**
   * Records a fact about a case that is not a workflow step (a document attached or replaced) on
   * the same path: version check, authority (officers only), one transaction with the event, the
   * audit link and whatever `apply` writes. The state does not change.
   */
  async record(
    caseId: string,
    fact: { type: string; payload: Record<string, unknown> },
    actor: Actor,
    opts: { expectedVersion: number },
    apply: (m: EntityManager, ctx: FactContext) => Promise<void>,
  ): Promise<FactResult> {
    if (actor.kind !== 'person' || !actor.person.isOfficer) {
      throw new NotAuthorisedError(`${fact.type} is done by the officer running the case.`);
    }
    return this.ds.transaction(async (m) => {
      const now = this.clock.now();
      const row = await this.cases.find(m, actor.tenantId, caseId);
      if (!row) throw new CaseNotFoundError(caseId);
      if (opts.expectedVersion !== row.version)
        throw new VersionConflictError(caseId, opts.expectedVersion, row.version);
      // A withdrawn case is closed to every change (ADR 0012); a paused one may still take documents.
      if (row.lifecycleStatus === 'withdrawn') refuseUnlessActive(row);
      const template = findTemplate(row.templateId, row.templateVersion);
      if (!template)
        throw new Error(
          `case ${caseId} runs on unreleased template ${row.templateId} v${row.templateVersion}`,
        );
      const snapshot = restore(template.machine, row.snapshot);
      const described = template.describe(snapshot.value, snapshot.context);
      const version = row.version + 1;
      const authority: Authority = { kind: 'officer', role: 'officer' };
      const link = {
        tenantId: row.tenantId,
        caseId,
        seq: version,
        recordedAt: now,
        actor: actorRecord(actor),
        authority,
        event: { type: fact.type, ...fact.payload },
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
          awaitingPersonIds: row.awaitingPersonIds,
          at: now,
          closed: row.closedAt !== null,
          auditHead,
        },
        { type: fact.type, payload: fact.payload, actorPersonId: actor.person.id, authority },
        (advanced, p) => [AuditRepository.appendAfter(advanced, link, prevHash, auditHead, p)],
      );
      if (!saved) throw new VersionConflictError(caseId, row.version, row.version + 1);
      const holders = await this.directory.roleHolders(
        m,
        row.tenantId,
        row.roles,
        row.createdBy,
        londonDate(now),
      );
      await apply(m, {
        now,
        reissue: (requests) =>
          this.planner.reissue(m, requests, {
            tenantId: row.tenantId,
            caseId,
            caseTitle: row.title,
            version,
            now,
            holders,
            template,
            context: snapshot.context,
            awaiting: described.awaiting,
          }),
      });
      return { caseId, version, stateKey: row.stateKey, authority };
    });
  }
}
