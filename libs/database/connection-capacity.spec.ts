import {
  connectionCapacity,
  poolApplicationName,
  type ServerConnections,
} from './connection-capacity.service';

const SELF = poolApplicationName('api', 20);

/** PostgreSQL's defaults, seen by a role that is no superuser, with this process's own open. */
function server(over: Partial<ServerConnections> = {}): ServerConnections {
  return {
    maxConnections: 100,
    superuserReserved: 3,
    reserved: 0,
    superuser: false,
    usesReserved: false,
    open: [{ name: SELF, connections: 1 }],
    ...over,
  };
}

const self = { name: SELF, poolSize: 20, embedded: true };

describe('a process’s connections against the server’s', () => {
  it('names its pool by its role and size, within the 63 bytes PostgreSQL keeps', () => {
    expect(SELF).toMatch(/^ratify api pool 20 \S+:\d+$/);
    expect(poolApplicationName('worker', 5).length).toBeLessThanOrEqual(63);
  });

  it('finds an API and four workers at 20 each within PostgreSQL’s default 100 less 3 reserved, but not a sixth process', () => {
    const fourWorkers = [1, 2, 3, 4].map((n) => ({
      name: `ratify worker pool 20 host:${n}`,
      connections: 1,
    }));
    const five = connectionCapacity(server({ open: [...fourWorkers] }), self);
    expect(five).toMatchObject({ openToRole: 97, demand: 100, warning: expect.any(String) });
    const four = connectionCapacity(server({ open: fourWorkers.slice(1) }), self);
    expect(four).toMatchObject({ openToRole: 97, demand: 80, warning: null });
    expect(four.line).toBe(
      "PostgreSQL connections: max_connections 100, 97 open to this process's role (3 reserved); at most 80 wanted: this process's pool of 20 (DATABASE_POOL_SIZE), 3 other Ratify processes' pools of 60, 0 other connections open",
    );
  });

  it('names the settings to change, the embedded server’s or the server’s own', () => {
    const full = server({ open: [{ name: 'psql', connections: 90 }] });
    expect(connectionCapacity(full, self).warning).toMatch(
      /can want 110 connections, more than the 97 .*Lower DATABASE_POOL_SIZE in each process, raise EMBEDDED_PG_MAX_CONNECTIONS .*or put PgBouncer in front/,
    );
    expect(connectionCapacity(full, { ...self, embedded: false }).warning).toMatch(
      /Lower DATABASE_POOL_SIZE in each process, raise the server's max_connections, or put PgBouncer/,
    );
  });

  it('says when the pool alone is more than the server lets its role open', () => {
    expect(connectionCapacity(server({ maxConnections: 20 }), self).warning).toMatch(
      /^this process's pool alone \(DATABASE_POOL_SIZE 20\) is more than the 17 connections/,
    );
  });

  it('keeps reserved_connections from a role outside pg_use_reserved_connections, and nothing from a superuser', () => {
    expect(connectionCapacity(server({ reserved: 5 }), self).openToRole).toBe(92);
    expect(connectionCapacity(server({ reserved: 5, usesReserved: true }), self).openToRole).toBe(
      97,
    );
    const superuser = connectionCapacity(server({ reserved: 5, superuser: true }), self);
    expect(superuser.openToRole).toBe(100);
    expect(superuser.line).toContain('(none kept from this role)');
  });

  it('counts another pool at its connections open when they are more than its name says', () => {
    const odd = server({ open: [{ name: 'ratify worker pool 5 host:1', connections: 8 }] });
    expect(connectionCapacity(odd, self).demand).toBe(28);
  });
});
