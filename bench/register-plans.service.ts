import type { DataSource } from 'typeorm';
import type { Queryable } from '../libs/core/queryable';
import { tenantScope } from '../libs/core/tenant-scope';
import { withTenant } from '../libs/core/tenant-context.service';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { publishingVersions } from '../libs/register/register-shape.service';
import {
  RegisterRepository,
  type PublishedFilter,
  type PublishedPage,
} from '../libs/register/register.repository';

/**
 * The public register's queries as the database plans and runs them (EXPLAIN (ANALYZE, BUFFERS)),
 * for the scale bench: the first page, a page 2,000 decisions deep by cursor and by the old offset,
 * and the selective filters (issue #21). Each plan is printed; the lines returned say, for each,
 * its execution time and the shared buffers it read or hit. `ds` is the app's own (the runtime
 * login, runtime-role.service.ts) and every query runs bound to the council, as a request to the
 * register runs it: the plans are those row-level security leaves the product.
 */
export function registerPlans(ds: DataSource, tenantId: string): Promise<string[]> {
  return withTenant(tenantId, () => explainRegister(ds, tenantId));
}

async function explainRegister(ds: DataSource, tenantId: string): Promise<string[]> {
  const repository = new RegisterRepository();
  const scope = tenantScope(tenantId);
  const args = (filter: PublishedFilter, page?: PublishedPage) => ({
    versions: publishingVersions(),
    filter,
    on: londonDate(new Date()),
    page,
  });
  const [deep] = await repository.published(
    scope,
    ds.manager,
    args({}, { limit: 1, offset: 1999 }),
  );
  const after = deep ? { publishedOn: deep.publishedOn ?? '', id: deep.id } : undefined;
  const reads: [string, PublishedFilter, PublishedPage][] = [
    ['first page (51 rows)', {}, { limit: 51 }],
    ['after a cursor 2,000 deep', {}, { limit: 51, after }],
    ['offset 2,000 (old address)', {}, { limit: 51, offset: 2000 }],
    ['key decisions', { keyDecision: true }, { limit: 51 }],
    ['words (?q=plan)', { q: 'plan' }, { limit: 51 }],
  ];
  const lines: string[] = [];
  for (const [name, filter, page] of reads) {
    let plan: string[] = [];
    const explaining: Queryable = {
      query: async (sql: string, params?: unknown[]) => {
        const rows: { 'QUERY PLAN': string }[] = await ds.query(
          `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
          params,
        );
        plan = rows.map((r) => r['QUERY PLAN']);
        return [];
      },
    } as Queryable;
    await repository.published(scope, explaining, args(filter, page));
    console.log(`\nregister plan, ${name}:\n${plan.join('\n')}`);
    const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '');
    const buffers = plan.find((l) => l.trim().startsWith('Buffers'))?.trim();
    const scan = plan
      .find((l) => /Scan/.test(l))
      ?.trim()
      .replace(/\s+\(cost.*$/, '');
    lines.push(`| ${name} | ${scan ?? '?'} | ${buffers ?? '?'} | ${time ?? '?'} |`);
  }
  return [
    '| register query | first scan of the plan | buffers (top node) | execution time |',
    '| --- | --- | --- | ---: |',
    ...lines,
  ];
}
