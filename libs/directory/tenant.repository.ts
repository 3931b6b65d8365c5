import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/**
 * The councils themselves (tenants): a new council's row, a council's settings for the rules, read,
 * locked and replaced, and, across councils, the council at a slug (for a public page's request
 * and a tool's command line), whether a slug is taken or there is any council yet (for creating
 * one and for the demo's seed). Every other method
 * reads and writes the council its scope names and no other (ADR 0015); the table has
 * no row-level security (libs/database/row-security.catalogue.ts), so the clause is all there is.
 */
@Injectable()
export class TenantRepository {
  /** Whether any council is set up yet (the demo's seed writes one only into an empty service). */
  async anyCouncil(_tool: AcrossCouncils<'tool'>, m: Queryable): Promise<boolean> {
    const [{ n }]: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM tenants');
    return n > 0;
  }

  /**
   * The council at a slug (its public pages' address, a tool's `--tenant`), found across councils
   * before any is bound: the caller binds or scopes to it from there (null: no council has it).
   */
  async councilBySlug(
    _lookUp: AcrossCouncils<'council look-up' | 'tool'>,
    m: Queryable,
    slug: string,
  ): Promise<{ tenantId: string; name: string } | null> {
    const rows: { tenant_id: string; name: string }[] = await m.query(
      'SELECT tenant_id, name FROM tenants WHERE slug = $1',
      [slug],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, name: rows[0].name } : null;
  }

  /** Whether a council has this slug already (slugs are unique across the service). */
  async slugTaken(_operator: AcrossCouncils<'operator'>, m: Queryable, slug: string) {
    const [taken]: { slug: string }[] = await m.query('SELECT slug FROM tenants WHERE slug = $1', [
      slug,
    ]);
    return taken !== undefined;
  }

  /** The scope's council's own row, new: the council's id is chosen by its creator. */
  async insert(
    scope: TenantScope,
    m: Queryable,
    t: { slug: string; name: string; createdAt: Date },
  ): Promise<void> {
    await m.query(
      'INSERT INTO tenants (tenant_id, slug, name, created_at) VALUES ($1, $2, $3, $4)',
      [scope.tenantId, t.slug, t.name, t.createdAt],
    );
  }

  /** The council's stored settings as they are (null when there is no such council). */
  async settings(scope: TenantScope, m: Queryable): Promise<unknown> {
    const [t]: { settings: unknown }[] = await m.query(
      'SELECT settings FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    return t?.settings ?? null;
  }

  /** The same, the council's row locked until `m`'s transaction ends: a change reads through it. */
  async lockedSettings(scope: TenantScope, m: Queryable): Promise<unknown> {
    const [t]: { settings: unknown }[] = await m.query(
      'SELECT settings FROM tenants WHERE tenant_id = $1 FOR UPDATE',
      [scope.tenantId],
    );
    return t?.settings ?? null;
  }

  /** Replaces the council's settings (checked by the caller). */
  async setSettings(scope: TenantScope, m: Queryable, settings: unknown): Promise<void> {
    await m.query('UPDATE tenants SET settings = $2 WHERE tenant_id = $1', [
      scope.tenantId,
      JSON.stringify(settings),
    ]);
  }
}
