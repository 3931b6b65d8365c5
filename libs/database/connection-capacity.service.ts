import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';

/**
 * The application_name a product process gives its pool's connections: its role and pool size,
 * so that each process starting can add up the other processes' pools (ADR 0050), and its host
 * and pid, so that two processes are never taken for one. PostgreSQL keeps 63 bytes of it.
 */
export function poolApplicationName(role: string, poolSize: number): string {
  return `ratify ${role} pool ${poolSize} ${hostname()}:${process.pid}`.slice(0, 63);
}

const POOL_NAME = /^ratify \S+ pool (\d+) /;

/** What PostgreSQL allows and has open, as the role this process connects as sees it. */
export interface ServerConnections {
  maxConnections: number;
  /** superuser_reserved_connections: slots only superusers may take. */
  superuserReserved: number;
  /** reserved_connections (PostgreSQL 16+): slots for pg_use_reserved_connections' members. */
  reserved: number;
  superuser: boolean;
  usesReserved: boolean;
  /** The client connections open now, by application_name (this process's own included). */
  open: { name: string; connections: number }[];
}

/** Reads what `connectionCapacity` weighs, on one of the pool's connections. */
export async function readServerConnections(ds: DataSource): Promise<ServerConnections> {
  const [s]: {
    max: number;
    superuser_reserved: number;
    reserved: number;
    superuser: boolean;
    uses_reserved: boolean;
  }[] = await ds.query(
    `SELECT current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int AS superuser_reserved,
            coalesce(current_setting('reserved_connections', true), '0')::int AS reserved,
            r.rolsuper AS superuser,
            EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'pg_use_reserved_connections'
                       AND pg_has_role(current_user, g.oid, 'MEMBER')) AS uses_reserved
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  // Another role's sessions show this one no backend_type (PostgreSQL hides it without
  // pg_read_all_stats): a session of a user in a database is a client's; the server's own
  // processes (checkpointer, autovacuum launcher…) have neither, or no database.
  const open: { name: string | null; connections: number }[] = await ds.query(
    `SELECT application_name AS name, count(*)::int AS connections FROM pg_stat_activity
      WHERE backend_type = 'client backend'
         OR (backend_type IS NULL AND usename IS NOT NULL AND datid IS NOT NULL)
      GROUP BY application_name`,
  );
  return {
    maxConnections: s.max,
    superuserReserved: s.superuser_reserved,
    reserved: s.reserved,
    superuser: s.superuser,
    usesReserved: s.uses_reserved,
    open: open.map((o) => ({ name: o.name ?? '', connections: o.connections })),
  };
}

export interface ConnectionCapacity {
  /** The connections this process's role may open on the server at all. */
  openToRole: number;
  /** This process's pool, the other Ratify processes' pools seen, and the other connections. */
  demand: number;
  /** The start-up log's line, with the arithmetic. */
  line: string;
  /** Set when the pools and the connections in use can take every connection the role may open. */
  warning: string | null;
}

/**
 * This process's worst case against the server: its pool at DATABASE_POOL_SIZE, plus each other
 * Ratify process's pool at the size its connections' name gives, plus every other connection
 * open now (psql, pg_dump, a migration, another application), against max_connections less the
 * slots reserved from this role. A process whose pool has closed every connection (idle five
 * minutes, ADR 0049) is not seen: the sum is a floor of the worst case, never more than it.
 */
export function connectionCapacity(
  server: ServerConnections,
  self: { name: string; poolSize: number; embedded: boolean },
): ConnectionCapacity {
  const kept = server.superuser
    ? 0
    : server.superuserReserved + (server.usesReserved ? 0 : server.reserved);
  const openToRole = server.maxConnections - kept;
  let pools = 0;
  let processes = 0;
  let others = 0;
  for (const o of server.open) {
    if (o.name === self.name) continue;
    const pool = POOL_NAME.exec(o.name);
    if (pool) {
      processes += 1;
      // A pool over its size is no pool of this kind: its connections count as they are.
      pools += Math.max(Number(pool[1]), o.connections);
    } else others += o.connections;
  }
  const demand = self.poolSize + pools + others;
  const reservedWords = kept === 0 ? 'none kept from this role' : `${kept} reserved`;
  const line =
    `PostgreSQL connections: max_connections ${server.maxConnections}, ${openToRole} open to this process's role (${reservedWords}); ` +
    `at most ${demand} wanted: this process's pool of ${self.poolSize} (DATABASE_POOL_SIZE), ` +
    `${processes} other Ratify process${processes === 1 ? '' : 'es'}' pools of ${pools}, ${others} other connection${others === 1 ? '' : 's'} open`;
  if (demand <= openToRole) return { openToRole, demand, line, warning: null };
  const raise = self.embedded
    ? 'raise EMBEDDED_PG_MAX_CONNECTIONS (the embedded server, set where it is started)'
    : "raise the server's max_connections";
  const alone = self.poolSize > openToRole;
  const warning =
    (alone
      ? `this process's pool alone (DATABASE_POOL_SIZE ${self.poolSize}) is more than the ${openToRole} connections PostgreSQL lets its role open`
      : `the pools and connections open can want ${demand} connections, more than the ${openToRole} PostgreSQL lets this role open`) +
    ': under load PostgreSQL refuses the rest ("too many clients"), and requests that wait longer than DATABASE_POOL_WAIT_SECONDS for a connection are answered 503 DATABASE_BUSY. ' +
    `Lower DATABASE_POOL_SIZE in each process, ${raise}, or put PgBouncer in front (docs/operations.md, Connections)`;
  return { openToRole, demand, line, warning };
}
