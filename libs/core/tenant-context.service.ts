import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which council the database connections of the work in hand are bound to (ADR 0015). The data
 * source reads it each time it takes a connection from the pool (libs/database/
 * tenant-bound-connections.service.ts), so that repositories need not pass it: a request opens a
 * scope, and whatever resolves its council (an API key, a session, a link) binds it; a worker
 * binds each council in turn, or says out loud that it sweeps across them.
 */
export interface TenantBinding {
  tenantId: string | null;
  sweep: boolean;
}

const storage = new AsyncLocalStorage<TenantBinding>();

/**
 * The council no row belongs to (the nil UUID): a request whose link token or session cookie
 * names nothing is bound to it, so that what it looks for is simply not found (an unknown link's
 * page, a sign-in page for a stale cookie) rather than refused for being unbound.
 */
export const NO_COUNCIL = '00000000-0000-0000-0000-000000000000';

/** Runs `fn` in a scope of its own with no council yet: what bindTenant() fills in. */
export function inTenantScope<T>(fn: () => T): T {
  return storage.run({ tenantId: null, sweep: false }, fn);
}

/**
 * Binds the current scope to `tenantId` from here on (a guard that has just resolved the caller).
 * Outside any scope it does nothing: nothing opened one, so nothing reads it.
 */
export function bindTenant(tenantId: string): void {
  const binding = storage.getStore();
  if (binding) {
    binding.tenantId = tenantId;
    binding.sweep = false;
  }
}

/** Runs `fn` bound to `tenantId` (a worker's turn at one council). */
export function withTenant<T>(tenantId: string, fn: () => T): T {
  return storage.run({ tenantId, sweep: false }, fn);
}

/**
 * Runs `fn` across every council: the narrow, explicit way past row-level security, for a
 * worker's sweep that finds the work of every council and for a look-up that finds the council.
 */
export function acrossTenants<T>(fn: () => T): T {
  return storage.run({ tenantId: null, sweep: true }, fn);
}

/** The binding of the work in hand; undefined outside every scope. */
export function currentTenantBinding(): Readonly<TenantBinding> | undefined {
  return storage.getStore();
}

/**
 * A worker's sweep, the one shape it takes (ADR 0015): `due` runs across councils and names only
 * the councils that have work due (their ids, nothing of their rows); `work` then runs once for
 * each, bound to it, so that what it reads and writes is that council's alone. Returns each
 * council's result in turn.
 */
export async function forEachCouncilWithWork<T>(
  due: () => Promise<string[]>,
  work: (tenantId: string) => Promise<T>,
): Promise<T[]> {
  const councils = [...new Set(await acrossTenants(due))];
  const results: T[] = [];
  for (const tenantId of councils) results.push(await withTenant(tenantId, () => work(tenantId)));
  return results;
}
