import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { currentTenantBinding, TenantBinding } from '../core/tenant-context.service';
import { type ConnectionBinding, TransactionBoundQuery } from './transaction-bound-query.service';

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

type Tracked = PoolClient & {
  /** The binding of the checkout in hand; undefined while the connection is idle in the pool. */
  ratifyBinding?: ConnectionBinding;
  ratifyQueries?: true;
  /** pg's pipeline mode (its `pipeline` option): queries sent before the previous is answered. */
  pipeline?: boolean;
  /** pg's own (pg/lib/client.js): the query sent and not yet answered, and those queued behind it. */
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
};

/**
 * Whether the connection, given back, may still open or be inside a transaction: one already open
 * ('T', or 'E' failed), or a query still on its way, such as a BEGIN not yet answered, which would
 * open one after the pool had handed the connection to the next checkout. That checkout's queries
 * would then run as given, inside a transaction bound to the council that sent the BEGIN.
 */
function mayBeInTransaction(client: Tracked): boolean {
  const open = client.getTransactionStatus();
  return open === 'T' || open === 'E' || !!client._activeQuery || !!client._queryQueue?.length;
}

/**
 * Refused: in pg's pipeline mode each query is sent before the one ahead has answered, so the
 * transaction status it is sent under (ADR 0039) is not yet known: after a COMMIT still on its way,
 * a statement would go as given, bound to no council.
 */
const PIPELINE =
  "pg's pipeline mode cannot carry a council with each statement (ADR 0039): open the pool without `pipeline`";

/** What a connection carries with no setting: the login's role, no council. */
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

/**
 * Makes the client's queries carry the binding of its checkout in their own transaction (ADR
 * 0039); once per connection. A query made while the connection is idle in the pool (none of the
 * app's) goes as given.
 */
function carryBindings(client: Tracked): void {
  if (client.ratifyQueries) return;
  client.ratifyQueries = true;
  const status = () => client.getTransactionStatus();
  (client as { query: unknown }).query = (
    config: unknown,
    values?: unknown,
    callback?: unknown,
  ) => {
    const raw = Object.getPrototypeOf(client) as { query: (...a: unknown[]) => unknown };
    const b = client.ratifyBinding;
    if (!b || (b.role === FRESH.role && b.tenant === FRESH.tenant))
      return raw.query.call(client, config, values, callback);
    if (typeof (config as { submit?: unknown } | null)?.submit === 'function')
      // A cursor or stream (none of the app's): a query of its own kind cannot be given the
      // binding ahead of it, so it is refused outside a transaction (inside one it has the BEGIN's).
      return client.getTransactionStatus() === 'I'
        ? refuseCursor(config as { handleError?: (e: Error) => void })
        : raw.query.call(client, config, values, callback);
    const q = new TransactionBoundQuery(config, values, callback, status, b);
    const timeout = (config as { query_timeout?: number } | null)?.query_timeout;
    if (timeout) Object.assign(q, { query_timeout: timeout });
    if (q.callback) {
      raw.query.call(client, q);
      return undefined;
    }
    return new Promise((resolve, reject) => {
      q.callback = (err, res) => (err ? reject(err) : resolve(res));
      raw.query.call(client, q);
    });
  };
}

function refuseCursor(query: { handleError?: (e: Error) => void }): unknown {
  const e = new Error(
    'a cursor or stream outside a transaction cannot carry its council (ADR 0039): open it inside one',
  );
  process.nextTick(() => query.handleError?.(e));
  return query;
}

/**
 * Binds every statement that the data source's pool runs (for TypeORM and for the engine's named
 * statements alike) to the council of the work in hand, read from the tenant context when the
 * connection is taken: each query carries the binding as transaction-local settings in its own
 * transaction, or, inside a transaction, in the BEGIN's (ADR 0039; ADR 0015 for the policies). No
 * setting is left on a connection after its transaction, so that a connection shared behind
 * PgBouncer in transaction mode never carries a council to the next client; a connection given
 * back inside a transaction is closed rather than pooled. A superuser (the tests' owner, tools
 * run as the owner) is left as it is: row-level security does not apply to it.
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
  if ((pool as { options?: { pipeline?: boolean } }).options?.pipeline) throw new Error(PIPELINE);
  pool.ratifyBound = true;
  const take = pool.connect.bind(pool) as () => Promise<PoolClient>;
  const bound = async (binding: Readonly<TenantBinding> | undefined): Promise<PoolClient> => {
    const client: Tracked = await take();
    if (client.pipeline) {
      client.release(new Error(PIPELINE));
      throw new Error(PIPELINE);
    }
    carryBindings(client);
    client.ratifyBinding = wanted(binding, { unbound, outsideEveryScope }, me.sweeps);
    const release = client.release.bind(client);
    client.release = (err?: Error | boolean) => {
      client.ratifyBinding = undefined;
      if (!err && mayBeInTransaction(client))
        return release(new Error('given back inside a transaction: closed, not pooled (ADR 0039)'));
      return release(err);
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
