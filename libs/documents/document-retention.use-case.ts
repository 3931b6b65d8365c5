import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { DomainError } from '../errors/domain.errors';
import { disposeConfirmedStillDue } from './confirmed-disposal.service';
import { DocumentFactsRepository } from './document-facts.repository';
import { DocumentRetentionRepository } from './document-retention.repository';
import { DocumentStore } from './document-store.repository';
import type { DocumentKind } from './document.entity';
import { RetentionScheduleRepository } from './retention-schedule.repository';
import { tenantScope } from '../core/tenant-scope';

export interface DueDocument {
  id: string;
  tenantId: string;
  caseId: string;
  caseTitle: string;
  name: string;
  kind: DocumentKind;
  version: number;
  sha256: string;
  sizeBytes: number;
  closedAt: Date;
  keepYears: number;
  rule: string;
}

/**
 * The retention schedule carried out, only ever on an administrator's confirmation. `due` lists
 * the council's documents whose case closed longer ago than their kind's period (the council's
 * schedule, else the statute's), not under a legal hold; `dispose` removes the content of those
 * the administrator confirmed that are still due, each in its own transaction with a
 * DOCUMENT_CONTENT_DISPOSED link on its case's audit chain (hash, size, rule; never the content).
 * The row keeps title, version, size and SHA-256, when and under which rule, so the chain still
 * verifies and the record says what was there. Holds placed and lifted go on the chain too.
 */
@Injectable()
export class DocumentRetentionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DocumentStore,
    private readonly schedule: RetentionScheduleRepository,
    private readonly clock: Clock,
    private readonly facts: DocumentFactsRepository,
    private readonly documents: DocumentRetentionRepository,
  ) {}

  /** What is due now in one council, oldest case first. */
  async due(tenantId: string): Promise<DueDocument[]> {
    const rules = Object.values(await this.schedule.current(tenantScope(tenantId)));
    const rows = await this.documents.due(
      tenantScope(tenantId),
      this.ds.manager,
      rules,
      this.clock.now(),
    );
    const byKind = Object.fromEntries(rules.map((r) => [r.kind, r]));
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      caseId: r.case_id,
      caseTitle: r.title,
      name: r.name,
      kind: r.kind,
      version: r.version,
      sha256: r.sha256,
      sizeBytes: r.size_bytes,
      closedAt: r.closed_at,
      keepYears: r.years,
      rule: `${r.kind}: kept ${r.years} years after the case closed (${byKind[r.kind].source})`,
    }));
  }

  /**
   * Disposes of the documents an administrator confirmed, those of them still due now (a hold
   * placed or a schedule lengthened since the list was shown wins). Returns how many went.
   */
  async dispose(tenantId: string, confirmedIds: string[], actor: Actor): Promise<number> {
    return disposeConfirmedStillDue(
      this.ds,
      await this.due(tenantId),
      (d) => d.id,
      confirmedIds,
      async (m, d) => {
        const scope = tenantScope(tenantId);
        if (!(await this.documents.lockStillDisposable(scope, m, d.id))) return false;
        const now = this.clock.now();
        await this.store.remove(scope, m, d.id);
        await this.documents.markDisposed(scope, m, { id: d.id, at: now, rule: d.rule });
        await this.facts.append(
          tenantScope(tenantId),
          m,
          d.caseId,
          {
            type: 'DOCUMENT_CONTENT_DISPOSED',
            payload: {
              documentId: d.id,
              name: d.kind === 'part2Appendix' ? 'Exempt appendix (Part 2)' : d.name,
              kind: d.kind,
              version: d.version,
              sha256: d.sha256,
              sizeBytes: d.sizeBytes,
              rule: d.rule,
            },
          },
          actor,
          { kind: 'staff', role: 'administrator' },
          now,
        );
        return true;
      },
    );
  }

  /** Keeps every version of a document past its date until the hold is lifted; says why. */
  async placeHold(
    tenantId: string,
    caseId: string,
    documentId: string,
    reason: string,
    actor: Actor,
  ) {
    const why = reason.trim();
    if (!why || why.length > 500)
      throw new DomainError(
        'INVALID_INPUT',
        'Say why the document is held',
        'A legal hold names its reason (a claim, an inquiry, a request under FOIA) in up to 500 characters.',
      );
    await this.setHold(tenantId, caseId, documentId, why, actor);
  }

  async liftHold(tenantId: string, caseId: string, documentId: string, actor: Actor) {
    await this.setHold(tenantId, caseId, documentId, null, actor);
  }

  private async setHold(
    tenantId: string,
    caseId: string,
    documentId: string,
    hold: string | null,
    actor: Actor,
  ) {
    await this.ds.transaction(async (m) => {
      const changed = await this.documents.setHold(tenantScope(tenantId), m, {
        caseId,
        documentId,
        hold,
      });
      if (changed.length === 0)
        throw new DomainError(
          'CASE_NOT_FOUND',
          'No such document',
          'There is no such document on this case.',
        );
      await this.facts.append(
        tenantScope(tenantId),
        m,
        caseId,
        {
          type: hold === null ? 'DOCUMENT_HOLD_LIFTED' : 'DOCUMENT_HOLD_PLACED',
          payload: {
            documentId,
            versions: changed.map((r) => ({
              version: r.version,
              sha256: r.sha256,
            })),
            ...(hold === null ? {} : { reason: hold }),
          },
        },
        actor,
        { kind: 'staff', role: 'governance_lead' },
        this.clock.now(),
      );
    });
  }
}
