import { acrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import { tenantScope } from '../core/tenant-scope';
import { replayCase, type Divergence } from '../workflows/case-replay.service';
import { findTemplate } from '../workflows/template.registry';
import { CaseRepository } from './case.repository';

export interface ReplayedCase {
  caseId: string;
  tenantId: string;
  title: string;
  template: string;
  /** Null: its events, replayed, end where the case is stored. */
  divergence: Divergence | null;
}

/**
 * Before a deploy (`npm run cases:replay`): the stored events of every open case replayed
 * through the template version it runs on, as this code would take them, writing nothing
 * (libs/workflows/case-replay.service.ts). A case whose replay parts from what is stored would
 * be taken somewhere else by the code about to run: the deploy should wait.
 */
export class ReplayOpenCasesUseCase {
  constructor(
    private readonly q: Queryable,
    private readonly cases: CaseRepository,
    private readonly pageSize = 200,
  ) {}

  async replayAll(each: (c: ReplayedCase) => void = () => undefined): Promise<ReplayedCase[]> {
    const out: ReplayedCase[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.cases.openPage(acrossCouncils('tool'), this.q, after, this.pageSize);
      for (const row of page) {
        const template = findTemplate(row.templateId, row.templateVersion);
        const replayed: ReplayedCase = {
          caseId: row.id,
          tenantId: row.tenantId,
          title: row.title,
          template: `${row.templateId} version ${row.templateVersion}`,
          divergence: template
            ? replayCase(template, {
                dates: row.dates,
                events: await this.cases.eventsOf(tenantScope(row.tenantId), this.q, row.id),
                snapshot: row.snapshot,
                stateKey: row.stateKey,
                summary: row.summary,
              })
            : { seq: null, explanation: 'this code has no such template version' },
        };
        each(replayed);
        out.push(replayed);
      }
      if (page.length < this.pageSize) return out;
      after = page[page.length - 1].id;
    }
  }
}
