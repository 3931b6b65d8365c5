import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** Who asked for an export: a signed-in person, or the command line run by an operator. */
export type ExportRequester =
  | { kind: 'person'; personId: string; name: string }
  | { kind: 'command'; tool: string; user: string };

export interface DataExportInput {
  kind: 'council' | 'person';
  subjectEmail: string | null;
  requestedBy: ExportRequester;
  requestedAt: Date;
  channel: 'command' | 'api' | 'page';
}

export interface DataExportRow extends DataExportInput {
  id: string;
}

/** The council's record of exports (data_exports): INSERT and read only, as the runtime role may. */
export class DataExportsRepository {
  async record(scope: TenantScope, q: Queryable, e: DataExportInput): Promise<string> {
    const [row]: { id: string }[] = await q.query(
      `INSERT INTO data_exports (tenant_id, kind, subject_email, requested_by, requested_at, channel)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        scope.tenantId,
        e.kind,
        e.subjectEmail,
        JSON.stringify(e.requestedBy),
        e.requestedAt,
        e.channel,
      ],
    );
    return row.id;
  }

  /** The council's exports, newest first. */
  async list(scope: TenantScope, q: Queryable, limit = 50): Promise<DataExportRow[]> {
    const rows: {
      id: string;
      kind: 'council' | 'person';
      subject_email: string | null;
      requested_by: ExportRequester;
      requested_at: Date;
      channel: 'command' | 'api' | 'page';
    }[] = await q.query(
      `SELECT id, kind, subject_email, requested_by, requested_at, channel FROM data_exports
        WHERE tenant_id = $1 ORDER BY requested_at DESC, id LIMIT $2`,
      [scope.tenantId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      subjectEmail: r.subject_email,
      requestedBy: r.requested_by,
      requestedAt: r.requested_at,
      channel: r.channel,
    }));
  }
}
