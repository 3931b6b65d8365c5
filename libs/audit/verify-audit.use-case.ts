import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseNotFoundError } from '../errors/domain.errors';
import { ChainFinding, verifyChain } from './audit-chain.service';
import { AuditRepository } from './audit.repository';

/** Verifies audit chains: one case's, or every case's (for `npm run audit:verify`). */
@Injectable()
export class VerifyAuditUseCase {
  private readonly audit = new AuditRepository();

  constructor(private readonly ds: DataSource) {}

  async trail(tenantId: string, caseId: string) {
    await this.expectCase(tenantId, caseId);
    return this.audit.chain(this.ds.manager, tenantId, caseId);
  }

  async verifyCase(tenantId: string, caseId: string): Promise<ChainFinding> {
    const version = await this.expectCase(tenantId, caseId);
    return verifyChain(await this.audit.chain(this.ds.manager, tenantId, caseId), version);
  }

  async verifyAll(): Promise<{ caseId: string; tenantId: string; finding: ChainFinding }[]> {
    const cases: { id: string; tenant_id: string }[] = await this.ds.query(
      'SELECT id, tenant_id FROM cases ORDER BY created_at, id',
    );
    const out = [];
    for (const c of cases)
      out.push({
        caseId: c.id,
        tenantId: c.tenant_id,
        finding: await this.verifyCase(c.tenant_id, c.id),
      });
    return out;
  }

  private async expectCase(tenantId: string, caseId: string): Promise<number> {
    const rows: { version: number }[] = await this.ds.query(
      'SELECT version FROM cases WHERE tenant_id = $1 AND id = $2',
      [tenantId, caseId],
    );
    if (!rows[0]) throw new CaseNotFoundError(caseId);
    return rows[0].version;
  }
}
