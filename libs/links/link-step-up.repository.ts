import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';
import type { TenantScope } from '../core/tenant-scope';
import type { StepUpMethod } from './link-step-up.entity';

/** A link as its step-up needs it: its request, and the person it was sent to. */
export interface StepUpLink {
  id: string;
  tenantId: string;
  caseId: string;
  role: string;
  request: string;
  status: 'open' | 'consumed' | 'voided';
  personName: string;
  personEmail: string | null;
  organisationId: string | null;
  caseTitle: string;
  templateId: string;
  templateVersion: number;
}

/** A proof that let a browser answer a link, as the evidence records it. */
export interface VerifiedStepUp {
  id: string;
  method: StepUpMethod;
  verifiedAt: Date;
  email: string;
  providerId: string | null;
}

/** An emailed code of a link, as checking a typed code needs it. */
export interface SentCode {
  id: string;
  codeHash: string;
  attempts: number;
  usedAt: Date | null;
  expiresAt: Date;
}

const LINK = `SELECT l.id, l.tenant_id AS "tenantId", l.case_id AS "caseId", l.role, l.request, l.status,
       p.name AS "personName", p.email AS "personEmail", p.organisation_id AS "organisationId",
       c.title AS "caseTitle", c.template_id AS "templateId", c.template_version AS "templateVersion"
  FROM action_links l
  JOIN cases c ON c.id = l.case_id AND c.tenant_id = l.tenant_id
  JOIN people p ON p.id = l.person_id AND p.tenant_id = l.tenant_id`;

/** THE SQL of step-ups before answering a link (link_step_ups), and of the link facts they read. */
@Injectable()
export class LinkStepUpRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The link whose token's hash this is, with its council: the token alone finds it (the request
   * is bound to that council already by apps/api/http/request-council.middleware.ts, ADR 0015),
   * so this one look-up takes no scope, and says so by type; whatever follows is scoped to the link's council.
   */
  async linkByTokenHash(
    _lookUp: AcrossCouncils<'council look-up'>,
    tokenHash: string,
  ): Promise<StepUpLink | null> {
    const [row]: StepUpLink[] = await this.ds.query(`${LINK} WHERE l.token_hash = $1`, [tokenHash]);
    return row ?? null;
  }

  async linkById(scope: TenantScope, id: string): Promise<StepUpLink | null> {
    const [row]: StepUpLink[] = await this.ds.query(
      `${LINK} WHERE l.tenant_id = $1 AND l.id = $2`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async startSignIn(
    scope: TenantScope,
    a: {
      linkId: string;
      providerId: string;
      browserKeyHash: string;
      state: string;
      nonce: string;
      codeVerifier: string;
      at: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO link_step_ups (tenant_id, link_id, method, browser_key_hash, provider_id, state, nonce, code_verifier, created_at, expires_at)
       VALUES ($1, $2, 'organisation-sign-in', $3, $4, $5, $6, $7, $8, $9)`,
      [
        scope.tenantId,
        a.linkId,
        a.browserKeyHash,
        a.providerId,
        a.state,
        a.nonce,
        a.codeVerifier,
        a.at,
        a.expiresAt,
      ],
    );
  }

  /**
   * The council of the organisation sign-in this browser started for a link, and nothing else of
   * it: the look-up that finds the council of the provider's callback (no token in its address),
   * across councils (ADR 0015). Null when the browser started none still open.
   */
  async councilOfSignIn(
    _lookUp: AcrossCouncils<'council look-up'>,
    browserKeyHash: string,
    at: Date,
  ): Promise<string | null> {
    const rows: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(
        `SELECT tenant_id FROM link_step_ups
          WHERE browser_key_hash = $1 AND method = 'organisation-sign-in' AND used_at IS NULL
            AND expires_at > $2
          ORDER BY created_at DESC LIMIT 1`,
        [browserKeyHash, at],
      ),
    );
    return rows[0]?.tenant_id ?? null;
  }

  /** Takes the browser's newest sign-in under way, once: a second callback finds nothing. */
  async takeSignIn(
    scope: TenantScope,
    browserKeyHash: string,
    at: Date,
  ): Promise<{
    id: string;
    linkId: string;
    providerId: string;
    state: string;
    nonce: string;
    codeVerifier: string;
  } | null> {
    const [rows]: [
      {
        id: string;
        linkId: string;
        providerId: string;
        state: string;
        nonce: string;
        codeVerifier: string;
      }[],
    ] = await this.ds.query(
      `UPDATE link_step_ups SET used_at = $2
        WHERE id = (SELECT id FROM link_step_ups
                     WHERE tenant_id = $3 AND browser_key_hash = $1 AND method = 'organisation-sign-in'
                       AND used_at IS NULL AND expires_at > $2
                     ORDER BY created_at DESC LIMIT 1)
          AND used_at IS NULL
        RETURNING id, link_id AS "linkId", provider_id AS "providerId", state, nonce, code_verifier AS "codeVerifier"`,
      [browserKeyHash, at, scope.tenantId],
    );
    return rows[0] ?? null;
  }

  async markVerified(scope: TenantScope, id: string, email: string, at: Date): Promise<void> {
    await this.ds.query(
      'UPDATE link_step_ups SET verified_at = $2, verified_email = $3 WHERE tenant_id = $4 AND id = $1',
      [id, at, email, scope.tenantId],
    );
  }

  async codesSentSince(scope: TenantScope, linkId: string, since: Date): Promise<Date[]> {
    const rows: { created_at: Date }[] = await this.ds.query(
      `SELECT created_at FROM link_step_ups
        WHERE tenant_id = $3 AND link_id = $1 AND method = 'emailed-code' AND created_at > $2
        ORDER BY created_at`,
      [linkId, since, scope.tenantId],
    );
    return rows.map((r) => r.created_at);
  }

  /** A code about to be emailed: its id. */
  async addCode(
    scope: TenantScope,
    a: { linkId: string; codeHash: string; sentTo: string; at: Date; expiresAt: Date },
  ): Promise<string> {
    const [row]: { id: string }[] = await this.ds.query(
      `INSERT INTO link_step_ups (tenant_id, link_id, method, code_hash, sent_to, created_at, expires_at)
       VALUES ($1, $2, 'emailed-code', $3, $4, $5, $6) RETURNING id`,
      [scope.tenantId, a.linkId, a.codeHash, a.sentTo, a.at, a.expiresAt],
    );
    return row.id;
  }

  /** A code the mail server did not take: never received, it neither works nor replaces one. */
  async dropUnsentCode(scope: TenantScope, id: string): Promise<void> {
    await this.ds.query(
      `DELETE FROM link_step_ups
        WHERE tenant_id = $2 AND id = $1 AND method = 'emailed-code' AND used_at IS NULL`,
      [id, scope.tenantId],
    );
  }

  /** The link's codes of the last day, newest first. */
  async codesOf(scope: TenantScope, linkId: string, since: Date): Promise<SentCode[]> {
    return this.ds.query(
      `SELECT id, code_hash AS "codeHash", attempts, used_at AS "usedAt", expires_at AS "expiresAt"
         FROM link_step_ups
        WHERE tenant_id = $3 AND link_id = $1 AND method = 'emailed-code' AND created_at > $2
        ORDER BY created_at DESC`,
      [linkId, since, scope.tenantId],
    );
  }

  /** One more wrong code typed against this one: its count after. */
  async countWrong(scope: TenantScope, id: string): Promise<number> {
    const [rows]: [{ attempts: number }[]] = await this.ds.query(
      'UPDATE link_step_ups SET attempts = attempts + 1 WHERE tenant_id = $2 AND id = $1 RETURNING attempts',
      [id, scope.tenantId],
    );
    return rows[0]?.attempts ?? 0;
  }

  /** The code typed right, taken once by the browser that typed it; false when taken already. */
  async useCode(
    scope: TenantScope,
    id: string,
    browserKeyHash: string,
    at: Date,
  ): Promise<boolean> {
    const [rows]: [unknown[]] = await this.ds.query(
      `UPDATE link_step_ups SET used_at = $3, verified_at = $3, browser_key_hash = $2, verified_email = sent_to
        WHERE tenant_id = $4 AND id = $1 AND used_at IS NULL AND attempts < 5 RETURNING id`,
      [id, browserKeyHash, at, scope.tenantId],
    );
    return rows.length === 1;
  }

  /**
   * The browser's proof for the link, proven since `since` and not yet used by an answer; locked
   * in the answer's transaction so that one proof lets one answer through.
   */
  async verifiedFor(
    scope: TenantScope,
    linkId: string,
    browserKeyHash: string,
    since: Date,
    m: EntityManager = this.ds.manager,
  ): Promise<VerifiedStepUp | null> {
    const [row]: VerifiedStepUp[] = await m.query(
      `SELECT id, method, verified_at AS "verifiedAt", verified_email AS email, provider_id AS "providerId"
         FROM link_step_ups
        WHERE tenant_id = $4 AND link_id = $1 AND browser_key_hash = $2 AND verified_at > $3
          AND answered_at IS NULL
        ORDER BY verified_at DESC LIMIT 1 FOR UPDATE`,
      [linkId, browserKeyHash, since, scope.tenantId],
    );
    return row ?? null;
  }

  async markAnswered(scope: TenantScope, m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query('UPDATE link_step_ups SET answered_at = $2 WHERE tenant_id = $3 AND id = $1', [
      id,
      at,
      scope.tenantId,
    ]);
  }

  /** A step taken on the link's page (a code asked for, a refusal), kept with its views. */
  async logOnLink(
    scope: TenantScope,
    link: { id: string },
    what: string,
    at: Date,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<void> {
    await this.ds.query(
      'INSERT INTO action_link_views (tenant_id, link_id, method, viewed_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        scope.tenantId,
        link.id,
        what.slice(0, 200),
        at,
        client.ip,
        client.userAgent?.slice(0, 500) ?? null,
      ],
    );
  }
}
