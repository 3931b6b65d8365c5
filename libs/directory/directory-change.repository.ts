import type { EntityManager } from 'typeorm';
import { directoryChangeHash, type StoredDirectoryChange } from './directory-change-chain.service';
import type { TenantScope } from '../core/tenant-scope';

/** Who changed the directory: a person, or a tool acting for the council (tenant:create, import). */
export type DirectoryActor =
  { kind: 'person'; personId: string; name: string } | { kind: 'system'; tool: string };

export interface DirectoryChangeInput {
  at: Date;
  actor: DirectoryActor;
  subject: string;
  subjectId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface DirectoryChangeFilter {
  subject?: string;
  subjectId?: string;
  personId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Changes before this sequence number (the next page of a newest-first list). */
  beforeSeq?: number;
}

interface Row {
  tenant_id: string;
  seq: number;
  recorded_at: Date;
  actor: unknown;
  subject: string;
  subject_id: string;
  action: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

const toChange = (r: Row): StoredDirectoryChange => ({
  tenantId: r.tenant_id,
  seq: r.seq,
  recordedAt: r.recorded_at.toISOString(),
  actor: r.actor,
  subject: r.subject,
  subjectId: r.subject_id,
  action: r.action,
  before: r.before,
  after: r.after,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The tenant's record of directory changes. Every write to the directory records its change in
 * the same transaction; the tenant row is locked by the update that numbers the change, so
 * changes are chained one at a time per tenant.
 */
export class DirectoryChangeRepository {
  /** Records a change in the scope's council, numbered on that council's row. */
  async record(
    scope: TenantScope,
    m: EntityManager,
    c: DirectoryChangeInput,
  ): Promise<StoredDirectoryChange> {
    const [tenant]: { seq: number; prev: string }[] = await m.query(
      `WITH numbered AS (
         UPDATE tenants SET directory_changes = directory_changes + 1
          WHERE tenant_id = $1
          RETURNING directory_changes AS seq, directory_change_head AS prev)
       SELECT * FROM numbered`,
      [scope.tenantId],
    );
    if (!tenant) throw new Error(`no tenant ${scope.tenantId}`);
    // JSON round trip: what is hashed is exactly what jsonb gives back (no undefined, dates as text).
    const plain = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));
    const content = {
      tenantId: scope.tenantId,
      seq: tenant.seq,
      recordedAt: c.at.toISOString(),
      actor: plain(c.actor),
      subject: c.subject,
      subjectId: c.subjectId,
      action: c.action,
      before: plain(c.before),
      after: plain(c.after),
    };
    const hash = directoryChangeHash(tenant.prev, content);
    await m.query(
      `INSERT INTO directory_changes
        (tenant_id, seq, recorded_at, actor, subject, subject_id, action, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        scope.tenantId,
        tenant.seq,
        c.at,
        JSON.stringify(content.actor),
        c.subject,
        c.subjectId,
        c.action,
        content.before === null ? null : JSON.stringify(content.before),
        content.after === null ? null : JSON.stringify(content.after),
        tenant.prev,
        hash,
      ],
    );
    await m.query('UPDATE tenants SET directory_change_head = $2 WHERE tenant_id = $1', [
      scope.tenantId,
      hash,
    ]);
    return { ...content, prevHash: tenant.prev, hash };
  }

  /** The whole chain in order, with where the tenant row says it ends. */
  async chain(
    scope: TenantScope,
    m: EntityManager,
  ): Promise<{ changes: StoredDirectoryChange[]; head: { count: number; hash: string } }> {
    const rows: Row[] = await m.query(
      'SELECT * FROM directory_changes WHERE tenant_id = $1 ORDER BY seq',
      [scope.tenantId],
    );
    const [t]: { count: number; hash: string }[] = await m.query(
      'SELECT directory_changes AS count, directory_change_head AS hash FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    return { changes: rows.map(toChange), head: t ?? { count: 0, hash: '' } };
  }

  /** Changes newest first, filtered, a page at a time. */
  async list(
    scope: TenantScope,
    m: EntityManager,
    f: DirectoryChangeFilter = {},
  ): Promise<StoredDirectoryChange[]> {
    const params: unknown[] = [scope.tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.subject) add('subject = ?', f.subject);
    if (f.subjectId) add('subject_id = ?', f.subjectId);
    if (f.personId) add(`actor->>'personId' = ?`, f.personId);
    if (f.from) add('recorded_at >= ?', f.from);
    if (f.to) add('recorded_at < ?', f.to);
    if (f.beforeSeq) add('seq < ?', f.beforeSeq);
    params.push(Math.min(Math.max(f.limit ?? 50, 1), 200));
    const rows: Row[] = await m.query(
      `SELECT * FROM directory_changes WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toChange);
  }

  /** The people who have changed the council's directory, by name: the changes page's filter. */
  async people(
    scope: TenantScope,
    m: EntityManager,
  ): Promise<{ personId: string; name: string }[]> {
    return m.query(
      `SELECT DISTINCT ON (actor->>'personId') actor->>'personId' AS "personId", actor->>'name' AS name
         FROM directory_changes
        WHERE tenant_id = $1 AND actor->>'kind' = 'person'
        ORDER BY actor->>'personId', seq DESC`,
      [scope.tenantId],
    );
  }

  /**
   * The names of the council's directory records among `ids` (organisations, people, offices,
   * bodies), so that a change reads "Southampton City Council", not an id.
   */
  async namesOf(scope: TenantScope, m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await m.query(
      `SELECT id::text, name FROM organisations WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id::text, name FROM people WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id::text, title FROM offices WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id::text, name FROM bodies WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [scope.tenantId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
