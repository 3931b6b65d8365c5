import type { DataSource } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';
import { LinkTokens } from './link-token.service';

/**
 * The council a one-time link belongs to, and nothing else of it: the look-up that finds the
 * council of an /act page before any is bound, the one query of the link path that looks across
 * councils (ADR 0015). Null for a token that is malformed or names no link.
 */
export async function councilOfLink(
  _lookUp: AcrossCouncils<'council look-up'>,
  ds: DataSource,
  token: string,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows: { tenant_id: string }[] = await acrossTenants(() =>
    ds.query('SELECT tenant_id FROM action_links WHERE token_hash = $1', [LinkTokens.hash(token)]),
  );
  return rows[0]?.tenant_id ?? null;
}
