import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../core/queryable';

/**
 * Names for the send's statements, so that each pooled connection parses and plans each of them
 * once: unnamed, parsing and planning the write's many sub-statements was half of PostgreSQL's
 * time and CPU per send (docs/benchmarks.md). The texts differ only by how many rows an event
 * writes, so there are a few per template; past the bound, statements simply go unnamed.
 */
const STATEMENT_NAMES = new Map<string, string>();
function statementName(sql: string): string | undefined {
  let name = STATEMENT_NAMES.get(sql);
  if (name === undefined && STATEMENT_NAMES.size < 256) {
    // Named by the text itself, so that two copies of this module (or two processes sharing a
    // pooled connection) can never give one name to two texts.
    name = `ratify_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    STATEMENT_NAMES.set(sql, name);
  }
  return name;
}

/** A pg connection or pool as a Queryable whose statements are named by their text. */
function named(on: Pick<Pool, 'query'>, namedStatements: boolean): Queryable {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      const name = namedStatements ? statementName(sql) : undefined;
      const text = { text: sql, values: params };
      return (await on.query(name ? { name, ...text } : text)).rows as T;
    },
  };
}

/**
 * TypeORM's own pg pool as a Queryable, for the statements a send runs outside a transaction,
 * each named (unless DATABASE_NAMED_STATEMENTS=false) so that each connection plans it once; and
 * a transaction's own connection the same way (`within`), for the sends and the claims the
 * deadline sweep makes in its transactions.
 */
export class NamedStatementPool {
  private poolQueryable: (Queryable & { pool: Pool }) | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly namedStatements: boolean,
  ) {}

  /** The pool's Queryable; null where there is no pool. */
  queryable(): Queryable | null {
    // Read on every send: a DataSource initialised (or re-initialised) later gets its own pool.
    const pool = (this.ds as { driver?: { master?: Pool } }).driver?.master;
    if (!pool) return null;
    if (this.poolQueryable?.pool !== pool)
      this.poolQueryable = { pool, ...named(pool, this.namedStatements) };
    return this.poolQueryable;
  }

  /**
   * The connection of the transaction `m` runs in as a Queryable of named statements: its rows,
   * as the pool's (never TypeORM's [rows, count] for an UPDATE), its errors pg's own. `m` itself
   * where statements go unnamed or `m` has no connection of its own (not in a transaction).
   */
  within(m: EntityManager): Queryable {
    const runner = m.queryRunner as { databaseConnection?: PoolClient; isReleased?: boolean };
    const client = runner?.databaseConnection;
    if (!this.namedStatements || !client || runner.isReleased) return m;
    return named(client, true);
  }
}
