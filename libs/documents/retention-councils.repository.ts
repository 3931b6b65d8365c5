import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';

/**
 * The councils the daily retention job looks at: those with a closed case, found across councils
 * by the explicit sweep (ADR 0015); each council's due list is then read bound to it alone.
 */
@Injectable()
export class RetentionCouncilsRepository {
  constructor(private readonly ds: DataSource) {}

  async withClosedCases(_sweep: AcrossCouncils<'sweep'>): Promise<string[]> {
    const rows: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(
        'SELECT DISTINCT tenant_id FROM cases WHERE closed_at IS NOT NULL ORDER BY tenant_id',
      ),
    );
    return rows.map((r) => r.tenant_id);
  }
}
