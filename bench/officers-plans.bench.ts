import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Queryable } from '../libs/core/queryable';
import { tenantScope } from '../libs/core/tenant-scope';
import type { CaseFilter } from '../libs/engine/case-filter.service';
import { CaseRepository } from '../libs/engine/case.repository';
import { CaseSearchRepository, type CaseSearch } from '../libs/engine/case-search.repository';

/**
 * The officers' reads as the product's runtime role plans and runs them (issue #21): the API's
 * case list, first page, with each of its filters, and the find page's match list and its count
 * ("more than 1,000"), each EXPLAIN (ANALYZE, BUFFERS)ed inside a transaction bound to one council
 * as the app's connections are (role ratify_runtime, app.tenant_id), so that the row-level
 * security policy is in the plan. The SQL is the repositories' own: each method is given a
 * connection that explains what it is sent.
 *
 *   node dist/bench/officers-plans.bench.js <database url> <council slug> [name=value ...]
 *
 * Values the reads need (awaiting, rare, none, word, rareWord, reference) are given as name=value;
 * each read prints its plan, then one line: execution time, buffers, the scan it starts from.
 */
async function main() {
  const [url, slug, ...rest] = process.argv.slice(2);
  if (!url || !slug) throw new Error('usage: officers-plans.bench.js <database url> <slug> [k=v]');
  const v = Object.fromEntries(rest.map((a) => a.split('=', 2) as [string, string]));
  const client = new Client({ connectionString: url });
  await client.connect();
  const [{ tenant_id: tenantId }] = (
    await client.query('SELECT tenant_id FROM tenants WHERE slug = $1', [slug])
  ).rows as { tenant_id: string }[];
  const scope = tenantScope(tenantId);
  const summary: string[] = [];
  const explain = async (name: string, read: (q: Queryable) => Promise<unknown>) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE ratify_runtime');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    let plan: string[] = [];
    const q = {
      query: async (sql: string, params?: unknown[]) => {
        const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        plan = (r.rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']);
        return [{ n: 0 }];
      },
    } as unknown as EntityManager;
    await read(q);
    await client.query('ROLLBACK');
    console.log(`\n${name}:\n${plan.join('\n')}`);
    const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '');
    const buffers = plan.find((l) => l.trim().startsWith('Buffers'))?.trim();
    const scans = plan
      .filter((l) => /Scan/.test(l))
      .map((l) =>
        l
          .trim()
          .replace(/^->\s*/, '')
          .replace(/\s+\(cost.*$/, ''),
      )
      .join('; ');
    const removed = plan
      .filter((l) => /Rows Removed by Filter/.test(l))
      .map((l) => l.trim().replace('Rows Removed by Filter: ', ''))
      .join('+');
    summary.push(`${name}: ${time}; ${buffers}; removed by filter ${removed || 0}; ${scans}`);
  };
  const cases = new CaseRepository();
  const list = (f: Omit<CaseFilter, 'limit' | 'offset'>) => (q: Queryable) =>
    cases.list(scope, q as EntityManager, { ...f, limit: 50, offset: 0 });
  const search = new CaseSearchRepository();
  const find = (s: CaseSearch) => [
    (q: Queryable) => search.count(scope, q, s, 1000),
    (q: Queryable) => search.page(scope, q, s, 25, 0),
  ];
  const reads: [string, (q: Queryable) => Promise<unknown>][] = [
    ['API list, first page', list({})],
    ['API list, awaiting a common person', list({ awaitingPersonId: v.awaiting })],
    ['API list, awaiting a rare person', list({ awaitingPersonId: v.rare })],
    ['API list, awaiting a person awaited nowhere', list({ awaitingPersonId: v.none })],
    ['API list, overdue=true', list({ overdue: true })],
    ['API list, overdue=false', list({ overdue: false })],
    ['API list, state=preSubmission', list({ state: 'preSubmission' })],
    ['API list, reference', list({ reference: v.reference })],
  ];
  const words: [string, string | undefined][] = [
    ['no words', undefined],
    [`common word "${v.word}"`, v.word],
    [`rare word "${v.rareWord}"`, v.rareWord],
    ['no match "zzz"', 'zzz'],
    [`reference "${v.reference}"`, v.reference],
  ];
  for (const [name, text] of words) {
    const [count, page] = find({ text });
    reads.push([`find, ${name}, count up to 1,000`, count]);
    reads.push([`find, ${name}, page 1`, page]);
  }
  for (const [name, read] of reads) await explain(name, read);
  await client.end();
  console.log(`\n${summary.join('\n')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
