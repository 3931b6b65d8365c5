import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What planAsTheRuntimeRole may do around the read it plans. */
export interface RuntimeRolePlanOptions {
  /** Run first, as the DataSource's login (e.g. the owner adding cases and analysing them). */
  before?: (q: QueryRunner) => Promise<void>;
  /** Run after the role and the council are set, e.g. `SET LOCAL enable_seqscan = off`. */
  settings?: string[];
  /** EXPLAIN's options, e.g. `(ANALYZE, COSTS OFF)`. */
  explain?: string;
  /**
   * Run each statement after explaining it and answer its rows, for a read whose later
   * statements follow from what the earlier ones answered; otherwise none is run and each
   * answers no rows.
   */
  run?: boolean;
}

/**
 * The plan PostgreSQL makes for what a repository reads, as the product's app reads it (as
 * bench/runtime-role.service.ts connects the benches' app): as the runtime role (ratify_runtime,
 * under FORCE ROW LEVEL SECURITY and its `tenant_bound` policy), bound to the council
 * (app.tenant_id), where no condition that is not leakproof serves as an index's. A superuser or
 * the owner sees no policy, so its plans would not be the product's.
 *
 * In one transaction on `ds`, rolled back after: `before`, then the role and the council, then
 * `settings`, then `read` with a manager that sends `EXPLAIN <explain> <statement>` for each
 * statement (and, with `run`, the statement). `read` may take the plans so far as it goes
 * (`planned`: those of the statements sent since it was last called), to judge several reads
 * on one set-up. The plans' lines not yet taken, joined by newlines.
 */
export async function planAsTheRuntimeRole(
  ds: DataSource,
  tenantId: string,
  read: (explaining: EntityManager, planned: () => string) => Promise<unknown>,
  opts: RuntimeRolePlanOptions = {},
): Promise<string> {
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  try {
    await opts.before?.(runner);
    await runner.query('SET LOCAL ROLE ratify_runtime');
    await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    for (const setting of opts.settings ?? []) await runner.query(setting);
    let lines: string[] = [];
    const planned = () => {
      const taken = lines.join('\n');
      lines = [];
      return taken;
    };
    const explaining = {
      query: async (sql: string, params?: unknown[]) => {
        const plan: { 'QUERY PLAN': string }[] = await runner.query(
          `EXPLAIN ${opts.explain ? `${opts.explain} ` : ''}${sql}`,
          params,
        );
        lines.push(...plan.map((r) => r['QUERY PLAN']));
        return opts.run ? runner.query(sql, params) : [];
      },
    } as unknown as EntityManager;
    await read(explaining, planned);
    return planned();
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
