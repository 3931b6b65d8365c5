import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { currentTenantBinding, TenantBinding } from '../core/tenant-context.service';

/** The role whose rows policies let through for every council (migrations/1796376036387-…). */
export const SWEEP_ROLE = 'ratify_sweep';

/**
 * What a connection taken outside any binding does (ADR 0015). 'refuse', the default: its query
 * on any council's table fails with UNBOUND_TENANT in the error, so that a path that forgot to
 * bind is found at once rather than showing an empty page or every council's rows. 'sweep' only
 * when RATIFY_TENANT_UNBOUND=sweep says so: such a query sees every council, as it did before
 * every path named its council; an operator's stopgap for a path found unbound, never the rule.
 */
export type UnboundConnections = 'sweep' | 'refuse';

/**
 * What app.tenant_id carries on a connection bound to no council when unbound connections are
 * refused. The policies cast the setting to a uuid, so a query that reads or writes a council's
 * table fails with "invalid input syntax for type uuid" naming this text; tables of no council
 * (tenants, migrations) are read as before. A table with no row to filter yields nothing.
 */
export const UNBOUND_TENANT = 'unbound: this connection names no council (ADR 0015)';

/** True when `e` is a database error raised by a query on a connection bound to no council. */
export function isUnboundTenantError(e: unknown): boolean {
  return e instanceof Error && e.message.includes(UNBOUND_TENANT);
}

export function unboundConnectionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): UnboundConnections {
  return env.RATIFY_TENANT_UNBOUND === 'sweep' ? 'sweep' : 'refuse';
}

/** The settings a connection carries: PostgreSQL's role ('none': the login's own) and council. */
interface ConnectionBinding {
  role: string;
  tenant: string;
}

type Tracked = PoolClient & { ratifyBinding?: ConnectionBinding };

/** A connection as the pool opens it: the login's role, no setting. */
const FRESH: ConnectionBinding = { role: 'none', tenant: '' };

function idle(unbound: UnboundConnections): ConnectionBinding {
  return unbound === 'refuse' ? { role: 'none', tenant: UNBOUND_TENANT } : FRESH;
}

/**
 * What the pool does with a connection taken unbound: `unbound` inside a scope (a request, a
 * worker's run) and, unless `outsideEveryScope` says otherwise, outside every scope too. Only the
 * tests' own data source sets `outsideEveryScope: 'sweep'`: a test's own reads and checks, made
 * outside the app, look across councils as an inspector would, while everything the app does
 * (each request and each worker's run opens a scope) is held to `unbound`.
 */
export interface UnboundPolicy {
  unbound: UnboundConnections;
  outsideEveryScope?: UnboundConnections;
}

function wanted(
  binding: Readonly<TenantBinding> | undefined,
  policy: Required<UnboundPolicy>,
  canSweep: boolean,
): ConnectionBinding {
  if (binding?.tenantId) return { role: 'none', tenant: binding.tenantId };
  const unbound = binding ? policy.unbound : policy.outsideEveryScope;
  // The sweep's role leaves the setting empty: it is also a member of ratify_runtime, whose
  // policy would otherwise cast the refusal's text.
  if (canSweep && (binding?.sweep || unbound === 'sweep')) return { role: SWEEP_ROLE, tenant: '' };
  return idle(unbound);
}

async function apply(client: Tracked, to: ConnectionBinding): Promise<void> {
  const from = client.ratifyBinding ?? FRESH;
  if (from.role === to.role && from.tenant === to.tenant) return;
  await client.query(
    "SELECT set_config('role', $1, false), set_config('app.tenant_id', $2, false)",
    [to.role, to.tenant],
  );
  client.ratifyBinding = to;
}

/**
 * Binds every connection the data source's pool hands out (to TypeORM and to the engine's named
 * statements alike) to the council of the work in hand, read from the tenant context when it is
 * taken; a connection bound to a council is unbound again before it goes back to the pool, so
 * that an idle connection never carries a council. A superuser (the tests' owner, tools run as
 * the owner) is left as it is: row-level security does not apply to it.
 */
export async function bindConnectionsToTenants(
  ds: DataSource,
  given: UnboundPolicy | UnboundConnections = { unbound: unboundConnectionsFromEnv() },
): Promise<void> {
  const policy = typeof given === 'string' ? { unbound: given } : given;
  const { unbound, outsideEveryScope = unbound } = policy;
  const pool = (ds.driver as unknown as { master?: Pool & { ratifyBound?: true } }).master;
  if (!pool || pool.ratifyBound) return;
  const [me]: { superuser: boolean; sweeps: boolean }[] = await ds.query(
    `SELECT r.rolsuper AS superuser,
            CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                 THEN pg_has_role(current_user, $1, 'SET') AND NOT pg_has_role(current_user, $1, 'USAGE')
                 ELSE false END AS sweeps
       FROM pg_roles r WHERE r.rolname = current_user`,
    [SWEEP_ROLE],
  );
  if (me.superuser) return;
  pool.ratifyBound = true;
  const take = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const bound = async (binding: Readonly<TenantBinding> | undefined): Promise<PoolClient> => {
    const client: Tracked = await take();
    try {
      await apply(client, wanted(binding, { unbound, outsideEveryScope }, me.sweeps));
    } catch (e) {
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      const was = client.ratifyBinding ?? FRESH;
      if (err || was.tenant === '' || was.tenant === UNBOUND_TENANT) return release(err);
      apply(client, { role: was.role, tenant: idle(unbound).tenant }).then(
        () => release(),
        (e: Error) => release(e),
      );
    };
    return client;
  };
  (pool as { connect: unknown }).connect = (
    callback?: (err: Error | undefined, client?: PoolClient, done?: PoolClient['release']) => void,
  ) => {
    // Read now, in the caller's context: the pool may hand the connection over in another.
    const got = bound(currentTenantBinding());
    if (!callback) return got;
    got.then(
      (client) => callback(undefined, client, client.release),
      (e: Error) => callback(e),
    );
    return undefined;
  };
}
