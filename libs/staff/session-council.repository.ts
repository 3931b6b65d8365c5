import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The council of a set-password (or reset) link, and nothing else of it: the look-up of the
 * /set-password page before any council is bound, across councils. Null for a token that is
 * malformed or names no link.
 */
export async function councilOfPasswordLink(
  _lookUp: AcrossCouncils<'council look-up'>,
  ds: DataSource,
  token: string,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows: { tenant_id: string }[] = await acrossTenants(() =>
    ds.query('SELECT tenant_id FROM password_links WHERE token_hash = $1', [sha256(token)]),
  );
  return rows[0]?.tenant_id ?? null;
}
