import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { currentTenantBinding, TenantBinding } from '../core/tenant-context.service';

/** The role whose rows policies let through for every council (migrations/1796376036387-…). */
export const SWEEP_ROLE = 'ratify_sweep';

/**
 * What a connection taken outside any binding does (ADR 0015). 'sweep' until every path that
 * reads or writes binds its council, so that nothing unbound breaks meanwhile; 'refuse' sees and
 * writes no council's rows, as the policies do without a binding: set
 * RATIFY_TENANT_UNBOUND=refuse to find the paths still unbound (they fail).
 */
export type UnboundConnections = 'sweep' | 'refuse';

/** The settings a connection carries: PostgreSQL's role ('none': the login's own) and council. */
interface ConnectionBinding {
  role: string;
  tenant: string;
}

type Tracked = PoolClient & { ratifyBinding?: ConnectionBinding };

const IDLE: ConnectionBinding = { role: 'none', tenant: '' };

function wanted(
  binding: Readonly<TenantBinding> | undefined,
  unbound: UnboundConnections,
  canSweep: boolean,
): ConnectionBinding {
  if (binding?.tenantId) return { role: 'none', tenant: binding.tenantId };
  if (canSweep && (binding?.sweep || unbound === 'sweep')) return { role: SWEEP_ROLE, tenant: '' };
  return IDLE;
}

async function apply(client: Tracked, to: ConnectionBinding): Promise<void> {
  const from = client.ratifyBinding ?? IDLE;
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
  unbound: UnboundConnections = process.env.RATIFY_TENANT_UNBOUND === 'refuse' ? 'refuse' : 'sweep',
): Promise<void> {
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
      await apply(client, wanted(binding, unbound, me.sweeps));
    } catch (e) {
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      if (err || !client.ratifyBinding?.tenant) return release(err);
      apply(client, { role: client.ratifyBinding.role, tenant: '' }).then(
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
