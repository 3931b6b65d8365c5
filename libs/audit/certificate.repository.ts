import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';

export interface CertificateLinkRow {
  id: string;
  person_id: string;
  role: string;
  request: string;
  created_at: Date;
  status: string;
  settled_at: Date | null;
  outcome: unknown;
  document_hashes: { sha256: string }[];
}

export interface CertificateViewRow {
  link_id: string;
  method: string;
  viewed_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface CertificateEmailRow {
  created_at: Date;
  done_at: Date | null;
  status: string;
  payload: { message: string; to: { name: string }; personalDataDisposedAt?: string };
  last_error: string | null;
}

export interface CertificateDocumentRow {
  name: string;
  sha256: string;
  replaced_by: string | null;
}

/**
 * The certificate of completion's reads (certificate.service.ts): the council's people's names, and
 * a case's links, their views, its emails and its documents. Every read keeps to the scope's
 * council by its own clause, row-level security aside.
 */
@Injectable()
export class CertificateRepository {
  constructor(private readonly ds: DataSource) {}

  /** Every person of the council, by id and name: who each entry names. */
  async people(scope: TenantScope): Promise<{ id: string; name: string }[]> {
    return this.ds.query('SELECT id, name FROM people WHERE tenant_id = $1', [scope.tenantId]);
  }

  /** The case's one-time links (its requests). */
  async links(scope: TenantScope, caseId: string): Promise<CertificateLinkRow[]> {
    return this.ds.query('SELECT * FROM action_links WHERE tenant_id = $1 AND case_id = $2', [
      scope.tenantId,
      caseId,
    ]);
  }

  /** Each fetch of one of the case's links' pages (by the person or a mail scanner). */
  async linkViews(scope: TenantScope, caseId: string): Promise<CertificateViewRow[]> {
    return this.ds.query(
      `SELECT v.link_id, v.method, v.viewed_at, v.ip, v.user_agent FROM action_link_views v
         JOIN action_links l ON l.id = v.link_id WHERE l.tenant_id = $1 AND l.case_id = $2`,
      [scope.tenantId, caseId],
    );
  }

  /** The case's emails (its effects), sent, failed or waiting. */
  async emails(scope: TenantScope, caseId: string): Promise<CertificateEmailRow[]> {
    return this.ds.query(
      'SELECT created_at, done_at, status, payload, last_error FROM effects WHERE tenant_id = $1 AND case_id = $2',
      [scope.tenantId, caseId],
    );
  }

  /** The case's documents, in the order they were uploaded. */
  async documents(scope: TenantScope, caseId: string): Promise<CertificateDocumentRow[]> {
    return this.ds.query(
      'SELECT name, sha256, replaced_by FROM documents WHERE tenant_id = $1 AND case_id = $2 ORDER BY uploaded_at',
      [scope.tenantId, caseId],
    );
  }
}
