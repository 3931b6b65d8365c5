import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { freePort } from './free-port.service';

/**
 * A database a benchmark may fill and throw away: an embedded PostgreSQL in a temporary directory
 * on a random port, or, with DATABASE_URL set, a new database on that server, dropped afterwards.
 */
export async function throwawayDatabase(
  prefix: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (!external) {
    const dir = mkdtempSync(join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-pg-`));
    chmodSync(dir, 0o777);
    return startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      database: prefix,
      persistent: false,
    });
  }
  return databaseBeside(external, prefix);
}

/**
 * A new database named `<prefix>_<pid>_<random>` on the server `external` names, never that
 * database itself, dropped (with its connections) by stop().
 */
export async function databaseBeside(
  external: string,
  prefix: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: external });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(external);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    stop: async () => {
      const a = new Client({ connectionString: external });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The load average now, as "1 min / 5 min / 15 min". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** The machine a run was measured on, for the report. */
export function machine(postgresVersion: string | undefined): string {
  const cpu =
    /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${postgresVersion ?? '?'}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (embedded)'}`;
}
