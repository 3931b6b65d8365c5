import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CheckpointKey } from '../audit/checkpoint-key.service';
import { AuditRepository } from '../audit/audit.repository';
import { redactAnswerEvidenceInChain } from '../audit/redact-answer-evidence.use-case';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { disposeConfirmedStillDue } from './confirmed-disposal.service';
import { DocumentFactsRepository } from './document-facts.repository';
import { PersonalDataRepository } from './personal-data.repository';
import { PERSONAL_DATA_KINDS, type PersonalDataKind } from './retention-schedule';
import { RetentionScheduleRepository } from './retention-schedule.repository';
import { tenantScope } from '../core/tenant-scope';

/** One closed case's personal data of one kind, past its period: what the due page lists. */
export interface DuePersonalData {
  /** `<case id>:<kind>`: what the check page posts back to confirm it. */
  key: string;
  tenantId: string;
  caseId: string;
  caseTitle: string;
  kind: PersonalDataKind;
  /** How many rows hold it (link openings and step-ups, or sent emails). */
  items: number;
  closedAt: Date;
  keepYears: number;
  rule: string;
}

/**
 * The schedule carried out on the personal data of closed cases besides their documents' content
 * (retention-schedule.ts says which), only on an administrator's confirmation, as for documents:
 * `due` lists each case and kind past its period; `dispose` erases what was confirmed and is
 * still due, each case and kind in its own transaction with a PERSONAL_DATA_DISPOSED link on the
 * case's audit chain (the kind, the rule and how many rows; never the data). The chain's hashes
 * never change, so it still verifies: links written before the answer-evidence cut-over are
 * redacted under a signed statement (docs/adr/0020), no other link is touched; the case keeps
 * its closing date. A case whose
 * personal data is held (personal-data-hold.use-case.ts) is never due.
 */
@Injectable()
export class PersonalDataRetentionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly schedule: RetentionScheduleRepository,
    private readonly clock: Clock,
    private readonly key: CheckpointKey,
    private readonly audit: AuditRepository,
    private readonly facts: DocumentFactsRepository,
  ) {}

  async due(tenantId: string): Promise<DuePersonalData[]> {
    const schedule = await this.schedule.current(tenantScope(tenantId));
    const periods = PERSONAL_DATA_KINDS.map((kind) => ({
      kind,
      years: schedule[kind].keepYears,
    }));
    const rows = await PersonalDataRepository.due(
      tenantScope(tenantId),
      this.ds,
      periods,
      this.clock.now(),
    );
    return rows.map((r) => ({
      key: `${r.case_id}:${r.kind}`,
      tenantId: r.tenant_id,
      caseId: r.case_id,
      caseTitle: r.title,
      kind: r.kind,
      items: r.items,
      closedAt: r.closed_at,
      keepYears: r.years,
      rule: `${r.kind}: kept ${r.years} years after the case closed (${schedule[r.kind].source})`,
    }));
  }

  /**
   * Erases the confirmed case-and-kind pairs (`<case id>:<kind>`) that are still due now (a hold
   * placed or a schedule lengthened since the list was shown wins). Returns how many went.
   */
  async dispose(tenantId: string, confirmedKeys: string[], actor: Actor): Promise<number> {
    return disposeConfirmedStillDue(
      this.ds,
      await this.due(tenantId),
      (d) => d.key,
      confirmedKeys,
      async (m, d) => {
        // The case row locked first (as the chain's append does), then checked still due.
        await PersonalDataRepository.lockCase(tenantScope(tenantId), m, d.caseId);
        const now = this.clock.now();
        const still = await PersonalDataRepository.due(
          tenantScope(tenantId),
          m,
          [{ kind: d.kind, years: d.keepYears }],
          now,
          d.caseId,
        );
        if (still.length === 0) return false;
        const erased = await PersonalDataRepository.erase(
          tenantScope(tenantId),
          m,
          d.caseId,
          d.kind,
          now,
        );
        if (d.kind === 'linkEvidence')
          // Links written before the cut-over hold it too: redacted under a signed statement.
          erased.chainLinks = await redactAnswerEvidenceInChain(m, this.key, this.audit, {
            tenantId,
            caseId: d.caseId,
            reason: d.rule,
            now,
          });
        await this.facts.append(
          tenantScope(tenantId),
          m,
          d.caseId,
          { type: 'PERSONAL_DATA_DISPOSED', payload: { kind: d.kind, rule: d.rule, erased } },
          actor,
          { kind: 'staff', role: 'administrator' },
          now,
        );
        return true;
      },
    );
  }
}
