import type { Queryable } from '../core/queryable';
import { tenantScope } from '../core/tenant-scope';
import { OfficerDashboardRepository } from './officer-dashboard.repository';

/*
 * countUpTo takes any CaseFilter, and a `?awaiting=` filter lives in caseWhere's `from` (the join
 * to case_awaits), not its `where`: counted from `cases` alone, the person would be dropped from
 * the count and their id left as an unused parameter.
 */
describe('the dashboard repository’s bounded count of a filter', () => {
  it('counts only the cases awaiting the person when asked for them', async () => {
    const sent: { sql: string; params: unknown[] }[] = [];
    const capture: Queryable = {
      query: (sql: string, params?: unknown[]) => {
        sent.push({ sql, params: params ?? [] });
        return Promise.resolve([{ n: 0 }]);
      },
    } as unknown as Queryable;
    await new OfficerDashboardRepository().countUpTo(
      tenantScope('8c7f5a52-1b3e-4d6a-9f0e-2a4b6c8d0e1f'),
      capture,
      { awaitingPersonId: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      1000,
    );
    expect(sent[0].sql).toMatch(/case_awaits/);
  });
});
