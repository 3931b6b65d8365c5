import type { DataSource } from 'typeorm';

/**
 * What one event writes, read from the WAL it wrote (pg_walinspect) and from the rows the
 * statistics count (pg_stat_user_tables), table by table. Neither depends on the machine's load:
 * the same event on the same data writes the same records. The event must run alone on the
 * server (nothing else writing: no autovacuum, no other client).
 *
 * A record is put to the table of the first block it names (an index's record to the index's
 * table). Full-page images and hint-bit records (FPI_FOR_HINT) are counted apart: whether a page
 * is imaged depends on when the last checkpoint was, not on the event.
 */
export interface TableWrites {
  table: string;
  /** Heap rows inserted, updated (HOT among them), deleted and locked, by the WAL. */
  inserted: number;
  updated: number;
  hot: number;
  deleted: number;
  locked: number;
  /** Index entries written (btree leaf inserts, GIN pending-list and entry inserts). */
  indexEntries: number;
  /** WAL records, without full-page images and hint-bit records, and their bytes. */
  records: number;
  bytes: number;
  /** pg_stat_user_tables' differences: n_tup_ins, n_tup_upd (n_tup_hot_upd), n_tup_del. */
  stat: { ins: number; upd: number; hot: number; del: number };
}

export interface EventWrites {
  event: string;
  records: number;
  bytes: number;
  /** Records of full-page images for hints, and image bytes, left out of records and bytes. */
  imageRecords: number;
  imageBytes: number;
  tables: TableWrites[];
}

type Stat = Record<string, { ins: number; upd: number; hot: number; del: number }>;

/** Makes the server ready to measure: pg_walinspect, and no autovacuum writing beside an event. */
export async function prepareToMeasure(owner: DataSource): Promise<void> {
  await owner.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  await owner.query('ALTER SYSTEM SET autovacuum = off');
  await owner.query('SELECT pg_reload_conf()');
}

async function tableStats(owner: DataSource): Promise<Stat> {
  await owner.query('SELECT pg_stat_clear_snapshot()');
  const rows: { t: string; ins: string; upd: string; hot: string; del: string }[] =
    await owner.query(`SELECT relname AS t, n_tup_ins AS ins, n_tup_upd AS upd,
      n_tup_hot_upd AS hot, n_tup_del AS del FROM pg_stat_user_tables`);
  return Object.fromEntries(
    rows.map((r) => [
      r.t,
      { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), del: Number(r.del) },
    ]),
  );
}

/**
 * Runs `event` alone and says what it wrote. `flush` runs `SELECT pg_stat_force_next_flush()` on
 * the connection the event wrote on: a backend reports its row counts at most once a second, but
 * after that statement at once, before it answers (so before `flush` resolves).
 */
export async function measureEvent(
  owner: DataSource,
  name: string,
  event: () => Promise<void>,
  flush: () => Promise<void>,
): Promise<EventWrites> {
  await flush();
  const before = await tableStats(owner);
  const [{ lsn: from }]: { lsn: string }[] = await owner.query(
    'SELECT pg_current_wal_insert_lsn() AS lsn',
  );
  await event();
  const [{ lsn: to }]: { lsn: string }[] = await owner.query(
    'SELECT pg_current_wal_insert_lsn() AS lsn',
  );
  await flush();
  const after = await tableStats(owner);
  const records: {
    t: string | null;
    kind: string;
    rmgr: string;
    n: number;
    bytes: number;
    fpi: number;
  }[] = await owner.query(
    `SELECT coalesce(o.relname || ' (TOAST)', i.indrelid::regclass::text, b.rel::regclass::text) AS t,
            r.record_type AS kind,
            r.resource_manager AS rmgr, count(*)::int AS n,
            sum(r.record_length - r.fpi_length)::int AS bytes, sum(r.fpi_length)::int AS fpi
       FROM pg_get_wal_records_info($1, $2) r
       LEFT JOIN LATERAL (SELECT pg_filenode_relation(k.reltablespace, k.relfilenode) AS rel
              FROM pg_get_wal_block_info(r.start_lsn, r.end_lsn) k
             WHERE k.start_lsn = r.start_lsn ORDER BY k.block_id LIMIT 1) b ON true
       LEFT JOIN pg_index i ON i.indexrelid = b.rel
       LEFT JOIN pg_class o ON o.reltoastrelid = coalesce(i.indrelid, b.rel)
      GROUP BY 1, 2, 3`,
    [from, to],
  );
  const tables = new Map<string, TableWrites>();
  const of = (t: string) => {
    let w = tables.get(t);
    if (!w) {
      const a = after[t] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
      const b = before[t] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
      const stat = {
        ins: a.ins - b.ins,
        upd: a.upd - b.upd,
        hot: a.hot - b.hot,
        del: a.del - b.del,
      };
      const zero = { inserted: 0, updated: 0, hot: 0, deleted: 0, locked: 0, indexEntries: 0 };
      w = { table: t, ...zero, records: 0, bytes: 0, stat };
      tables.set(t, w);
    }
    return w;
  };
  let imageRecords = 0;
  let imageBytes = 0;
  for (const r of records) {
    imageBytes += r.fpi;
    if (r.kind === 'FPI_FOR_HINT' || r.kind === 'FPI') {
      imageRecords += r.n;
      continue;
    }
    const w = of(r.t ?? `(${r.rmgr})`);
    w.records += r.n;
    w.bytes += r.bytes;
    if (r.rmgr === 'Heap' && r.kind.startsWith('INSERT')) w.inserted += r.n;
    if (r.rmgr === 'Heap' && r.kind.startsWith('HOT_UPDATE')) w.hot += r.n;
    if (r.rmgr === 'Heap' && /^(HOT_)?UPDATE/.test(r.kind)) w.updated += r.n;
    if (r.rmgr === 'Heap' && r.kind === 'DELETE') w.deleted += r.n;
    if (r.rmgr === 'Heap' && r.kind === 'LOCK') w.locked += r.n;
    if (r.rmgr === 'Btree' && r.kind.startsWith('INSERT')) w.indexEntries += r.n;
    if (r.rmgr === 'Gin' && /INSERT|UPDATE_META_PAGE/.test(r.kind)) w.indexEntries += r.n;
  }
  // A table whose rows the statistics counted though its WAL named none (not expected).
  for (const t of Object.keys(after)) {
    const a = after[t];
    const b = before[t] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    if (a.ins !== b.ins || a.upd !== b.upd || a.del !== b.del) of(t);
  }
  const list = [...tables.values()].sort(
    (a, b) => b.records - a.records || a.table.localeCompare(b.table),
  );
  return {
    event: name,
    records: list.reduce((s, t) => s + t.records, 0),
    bytes: list.reduce((s, t) => s + t.bytes, 0),
    imageRecords,
    imageBytes,
    tables: list,
  };
}
