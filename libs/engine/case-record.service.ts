import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { AuditRepository } from '../audit/audit.repository';
import { type Actor, actorRecord } from '../core/actor.dto';
import { CaseNotFoundError, VersionConflictError } from '../errors/domain.errors';
import type { Authority } from '../governance/authority.service';
import { restore } from '../workflows/machine-snapshot.service';
import { templateOfCase } from '../workflows/case-template.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { CaseRepository, type CaseRow } from './case.repository';

/** A case read for a step that is not a workflow step, at the version its sender read. */
export interface CaseAtVersion {
  row: CaseRow;
  template: WorkflowTemplate;
  /** The machine's context as it stands: described, never advanced. */
  context: unknown;
  described: { summary: string; awaiting: string[] };
}

/** The step as it goes on the case's record: its event, under which authority, what it changes. */
export interface RecordedStep {
  type: string;
  payload: Record<string, unknown>;
  authority: Authority;
  now: Date;
  /** Whom the case waits for afterwards (default: as before). */
  awaitingPersonIds?: string[];
  /** The case closes (a withdrawal). */
  closes?: boolean;
}

/**
 * THE place a step that leaves a case's workflow where it is goes on the case's record: a fact
 * (a document attached, case-fact-recorder.service.ts) or a lifecycle step (withdraw, pause,
 * resume, reassign: lifecycle/lifecycle-writer.service.ts). Both read the case at the version the
 * sender read (409 when stale), then save the new version with its event and the audit link in the
 * case's hash chain, in the caller's transaction; the snapshot, state and summary stay as they are.
 */
export class CaseRecord {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * The case at `expectedVersion`, with its template and described state. `check` runs once the
   * version is known to be the one read, before anything else is read (a refusal of the row).
   */
  async atVersion(
    m: EntityManager,
    tenantId: string,
    caseId: string,
    /** null: the case as it stands (a step the system takes on a case it has locked). */
    expectedVersion: number | null,
    check: (row: CaseRow) => void = () => undefined,
  ): Promise<CaseAtVersion> {
    const row = await this.cases.find(tenantScope(tenantId), m, caseId);
    if (!row) throw new CaseNotFoundError(caseId);
    if (expectedVersion !== null && expectedVersion !== row.version)
      throw new VersionConflictError(caseId, expectedVersion, row.version);
    check(row);
    const template = templateOfCase(caseId, row.templateId, row.templateVersion);
    const snapshot = restore(template.machine, row.snapshot);
    const described = template.describe(snapshot.value, snapshot.context);
    return { row, template, context: snapshot.context, described };
  }

  /**
   * The step saved as the case's next version, with its event and audit link; false when the case
   * moved since it was read (the caller says what that means).
   */
  async append(
    m: EntityManager,
    row: CaseRow,
    actor: Actor,
    step: RecordedStep,
  ): Promise<{ version: number; saved: boolean }> {
    const version = row.version + 1;
    const link = {
      tenantId: row.tenantId,
      caseId: row.id,
      seq: version,
      recordedAt: step.now,
      actor: actorRecord(actor),
      authority: step.authority,
      event: { type: step.type, ...step.payload },
      fromState: row.stateKey,
      toState: row.stateKey,
    };
    const prevHash = row.auditHead || (await this.audit.head(tenantScope(row.tenantId), m, row.id));
    const auditHead = AuditRepository.hashOf(link, prevHash);
    const saved = await this.cases.advance(
      tenantScope(row.tenantId),
      m,
      { id: row.id, expectedVersion: row.version },
      {
        snapshot: row.snapshot,
        stateKey: row.stateKey,
        summary: row.summary,
        awaitingPersonIds: step.awaitingPersonIds ?? row.awaitingPersonIds,
        at: step.now,
        closed: step.closes === true || row.closedAt !== null,
        auditHead,
      },
      {
        type: step.type,
        payload: step.payload,
        actorPersonId: actor.kind === 'person' ? actor.person.id : null,
        authority: step.authority,
      },
      (advanced, p) => [AuditRepository.appendAfter(advanced, link, prevHash, auditHead, p)],
    );
    return { version, saved: saved !== null };
  }
}
