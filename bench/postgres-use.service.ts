import { readFileSync, readdirSync } from 'node:fs';
import type { DataSource } from 'typeorm';

/**
 * What PostgreSQL spent during a phase, split so that a difference between two sides can be
 * placed (issue #21 item 6): the CPU of its client backends apart from its background processes
 * (WAL writer, checkpointer, background writer, I/O workers, the autovacuum launcher) and from
 * children already reaped (autovacuum workers, closed connections), and the WAL the phase wrote
 * and flushed. The totals are those of bench-load.service.ts's postgresCpuMs.
 */

export interface PostgresCpu {
  /** Client backends (every connection of the bench and the API), alive at both readings. */
  backends: number;
  /** Background processes by their title ("walwriter", "checkpointer", "io worker", …). */
  background: Record<string, number>;
  /**
   * Children that exited between the readings, for their time after the first (connections
   * closed by a pool idle timeout, autovacuum workers), and the postmaster's own.
   */
  exited: number;
  /** Client backends started, and ended, between the readings. */
  connectionsOpened: number;
  connectionsClosed: number;
}

interface Child {
  client: boolean;
  kind: string;
  ms: number;
}

interface Reading {
  /** The postmaster's own and its reaped children's CPU. */
  postmaster: number;
  children: Map<string, Child>;
}

const ticksOf = (pid: string) => {
  const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: state ppid … utime(12) stime(13) cutime(14) cstime(15).
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  return { ppid: f[1], own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
};

/**
 * The postmaster listening on `port` and each of its children's CPU so far, in ms; null where it
 * cannot be read. A child's title is "postgres: walwriter" for a background process and
 * "postgres: USER DATABASE HOST(PORT) STATE" for a client backend.
 */
function reading(port: number | null): Reading | null {
  if (port === null) return null;
  try {
    const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const cmdline = (pid: string) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const postmaster = pids.find((pid) => {
      try {
        const args = cmdline(pid).split('\0');
        const p = args.indexOf('-p');
        return /postgres$/.test(args[0]) && p >= 0 && args[p + 1] === String(port);
      } catch {
        return false;
      }
    });
    if (!postmaster) return null;
    const root = ticksOf(postmaster);
    const children = new Map<string, Child>();
    for (const pid of pids) {
      try {
        const s = ticksOf(pid);
        if (s.ppid !== postmaster) continue;
        const title = cmdline(pid)
          .replace(/\0+$/, '')
          .replace(/^postgres: /, '')
          .trim();
        // A client backend's title holds its peer's address and port: "HOST(PORT)".
        const client = /\(\d+\)/.test(title);
        children.set(pid, { client, kind: title.replace(/\s+\d+$/, ''), ms: s.own * 10 });
      } catch {
        // A child that has just exited: its time is in the postmaster's reaped time.
      }
    }
    return { postmaster: (root.own + root.reaped) * 10, children };
  } catch {
    return null;
  }
}

/** What was spent between two readings, by kind. */
function cpuSince(a: Reading, b: Reading): PostgresCpu {
  const cpu: PostgresCpu = {
    backends: 0,
    background: {},
    exited: b.postmaster - a.postmaster,
    connectionsOpened: 0,
    connectionsClosed: 0,
  };
  for (const [pid, child] of b.children) {
    const ms = child.ms - (a.children.get(pid)?.ms ?? 0);
    if (child.client) cpu.backends += ms;
    else cpu.background[child.kind] = (cpu.background[child.kind] ?? 0) + ms;
    if (child.client && !a.children.has(pid)) cpu.connectionsOpened++;
  }
  for (const [pid, child] of a.children) {
    if (b.children.has(pid)) continue;
    // Reaped with its whole life's time: what it had spent before the first reading is not this.
    cpu.exited -= child.ms;
    if (child.client) cpu.connectionsClosed++;
  }
  return cpu;
}

export interface WalCounters {
  records: number;
  fullPageImages: number;
  bytes: number;
  /** WAL writes and flushes (fsyncs), by every process (pg_stat_io's WAL rows, PostgreSQL 18). */
  writes: number;
  fsyncs: number;
  /** Autovacuum's vacuums and analyses of the database's tables. */
  autovacuums: number;
}

/**
 * The cluster's WAL counters so far. Backends report their counts at most once a second, so a
 * phase's difference carries up to a second of its neighbours'.
 */
async function walCounters(ds: DataSource): Promise<WalCounters | null> {
  try {
    const [w]: { records: string; fpi: string; bytes: string }[] = await ds.query(
      'SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes FROM pg_stat_wal',
    );
    const [io]: { writes: string | null; fsyncs: string | null }[] = await ds.query(
      "SELECT sum(writes) AS writes, sum(fsyncs) AS fsyncs FROM pg_stat_io WHERE object = 'wal'",
    );
    const [av]: { n: string | null }[] = await ds.query(
      'SELECT sum(autovacuum_count + autoanalyze_count) AS n FROM pg_stat_user_tables',
    );
    return {
      autovacuums: Number(av.n ?? NaN),
      records: Number(w.records),
      fullPageImages: Number(w.fpi),
      bytes: Number(w.bytes),
      writes: Number(io.writes ?? NaN),
      fsyncs: Number(io.fsyncs ?? NaN),
    };
  } catch {
    return null;
  }
}

function walSince(a: WalCounters, b: WalCounters): WalCounters {
  return {
    records: b.records - a.records,
    fullPageImages: b.fullPageImages - a.fullPageImages,
    bytes: b.bytes - a.bytes,
    writes: b.writes - a.writes,
    fsyncs: b.fsyncs - a.fsyncs,
    autovacuums: b.autovacuums - a.autovacuums,
  };
}

export interface PostgresUse {
  cpu: PostgresCpu | null;
  wal: WalCounters | null;
}

/** Starts measuring: the function returned gives what PostgreSQL spent since. */
export async function postgresUse(
  ds: DataSource,
  port: number | null,
): Promise<() => Promise<PostgresUse>> {
  const cpu0 = reading(port);
  const wal0 = await walCounters(ds);
  return async () => {
    const cpu1 = reading(port);
    const wal1 = await walCounters(ds);
    return {
      cpu: cpu0 && cpu1 ? cpuSince(cpu0, cpu1) : null,
      wal: wal0 && wal1 ? walSince(wal0, wal1) : null,
    };
  };
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

/** A table of what PostgreSQL spent an event in each phase: CPU by process kind, and WAL. */
export function postgresTable(
  phases: { name: string; events: number; perSecond: number; postgres: PostgresUse }[],
): string {
  const lines = [
    '| phase | events/s | PostgreSQL CPU ms/event | client backends CPU ms/event | background CPU ms/event | exited (closed connections, autovacuum workers) CPU ms/event | connections opened / closed | WAL records/event | WAL bytes/event | full-page images/event | WAL writes/event | WAL fsyncs/event | autovacuum runs |',
    '| --- | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of phases) {
    const n = Math.max(1, p.events);
    const { cpu, wal } = p.postgres;
    const background = cpu
      ? Object.entries(cpu.background)
          .filter(([, ms]) => ms > 0)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, ms]) => `${k} ${f2(ms / n)}`)
          .join(', ') || '0'
      : 'n/a';
    const total = cpu
      ? cpu.backends + cpu.exited + Object.values(cpu.background).reduce((a, b) => a + b, 0)
      : undefined;
    const per = (x: number | undefined) => (x === undefined ? 'n/a' : f2(x / n));
    lines.push(
      `| ${p.name} | ${p.perSecond.toFixed(1)} | ${per(total)} | ${per(cpu?.backends)} | ${background} | ${per(cpu?.exited)} | ${cpu ? `${cpu.connectionsOpened} / ${cpu.connectionsClosed}` : 'n/a'} | ${per(wal?.records)} | ${wal ? (wal.bytes / n).toFixed(0) : 'n/a'} | ${per(wal?.fullPageImages)} | ${per(wal?.writes)} | ${per(wal?.fsyncs)} | ${wal ? wal.autovacuums : 'n/a'} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Where the server has pg_stat_statements (loaded by shared_preload_libraries, created in the
 * database): its counts emptied, so that `statementsSince` reads one phase's. False otherwise.
 */
export async function statementsReset(ds: DataSource): Promise<boolean> {
  try {
    const [loaded]: { on: boolean }[] = await ds.query(
      "SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%' AS on",
    );
    if (!loaded.on) return false;
    await ds.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await ds.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch {
    return false;
  }
}

/** This database's statements since the reset, the most costly first, a line each. */
export async function statementsSince(ds: DataSource, events: number): Promise<string[]> {
  const rows: Record<string, string>[] = await ds.query(
    `SELECT calls, plans, round((total_plan_time / $1)::numeric, 3) AS plan_ms,
            round((total_exec_time / $1)::numeric, 3) AS exec_ms, wal_records, wal_fpi, wal_bytes,
            shared_blks_hit, shared_blks_dirtied, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_plan_time + total_exec_time DESC LIMIT 12`,
    [Math.max(1, events)],
  );
  return rows.map(
    (r) =>
      `calls ${r.calls} plans ${r.plans} plan ${r.plan_ms} exec ${r.exec_ms} ms/event; WAL records ${r.wal_records} fpi ${r.wal_fpi} bytes ${r.wal_bytes}; blocks hit ${r.shared_blks_hit} dirtied ${r.shared_blks_dirtied}; rows ${r.rows}: ${r.query}`,
  );
}
