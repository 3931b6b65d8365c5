import { EVIDENCE_KEPT, ResponseEvidenceRepository } from '../audit/response-evidence.repository';
import type { Queryable } from '../core/queryable';
import { NOT_HELD } from './personal-data-hold.repository';
import type { PersonalDataKind } from './retention-schedule';
import type { TenantScope } from '../core/tenant-scope';

/** One closed case's personal data of one kind, still there, past its period. */
export interface DuePersonalDataRow {
  case_id: string;
  tenant_id: string;
  title: string;
  closed_at: Date;
  kind: PersonalDataKind;
  years: number;
  items: number;
}

/** What one disposal erased, counted, for the record on the chain. */
export type Erased = Record<string, number>;

const STEP_UP_KEPT = `s.sent_to IS NOT NULL OR s.verified_email IS NOT NULL OR s.browser_key_hash IS NOT NULL
  OR s.state IS NOT NULL OR s.nonce IS NOT NULL OR s.code_verifier IS NOT NULL OR s.code_hash IS NOT NULL`;

/**
 * An audit link written before the answer-evidence cut-over still holding the answer's IP address,
 * browser or step-up email in its event (docs/adr/0020): retention redacts it under a signed
 * statement (redact-answer-evidence.use-case.ts), after which it holds none of them.
 */
const OLD_LINK_KEPT = `jsonb_typeof(a.event->'evidence') = 'object' AND NOT (a.event->'evidence' ? 'personal')
  AND (a.event->'evidence'->>'ip' IS NOT NULL OR a.event->'evidence'->>'userAgent' IS NOT NULL
    OR a.event->'evidence'->'stepUp'->>'email' IS NOT NULL)`;

/** An email of the outbox still holding its recipient's details: sent or failed, never one waiting. */
const EMAIL_KEPT = `e.kind = 'email' AND e.status <> 'pending' AND NOT (e.payload ? 'personalDataDisposedAt')`;

/**
 * The personal data of closed cases that retention erases (retention-schedule.ts names it): the
 * link evidence in action_link_views and link_step_ups, the answers' evidence kept beside the
 * chain (response_evidence, docs/adr/0020), the recipients in the outbox's effects.
 * These tables' writes are otherwise the links' and the engine's; the erasure lives here, beside
 * the schedule that decides it, as the statements retention alone needs. audit_records is not
 * touched here: since docs/adr/0020 its links hold a commitment to an answer's evidence, never the
 * evidence; links written before hold it and are redacted under a signed statement
 * (redact-answer-evidence.use-case.ts, which `due` counts); the disposal is a new link.
 */
export class PersonalDataRepository {
  /**
   * Locks the case row in the caller's transaction, first, as the chain's append does, so a
   * disposal or a hold and a send on the same case take their locks in one order. False: no case.
   */
  static async lockCase(scope: TenantScope, q: Queryable, caseId: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      'SELECT 1 FROM cases WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [scope.tenantId, caseId],
    );
    return rows.length > 0;
  }

  /**
   * Each closed case and kind whose period (years per kind) has passed by `now` and that still
   * holds some of that data, oldest case first; a case whose personal data is held, or with a
   * document under legal hold, keeps all.
   */
  static async due(
    scope: TenantScope,
    q: Queryable,
    periods: { kind: PersonalDataKind; years: number }[],
    now: Date,
    caseId: string | null = null,
  ): Promise<DuePersonalDataRow[]> {
    return q.query(
      `SELECT * FROM (
         SELECT c.id AS case_id, c.tenant_id, c.title, c.closed_at, k.kind, k.years,
                (CASE k.kind
                  WHEN 'linkEvidence' THEN
                    (SELECT count(*) FROM action_link_views v JOIN action_links l
                        ON l.tenant_id = v.tenant_id AND l.id = v.link_id
                      WHERE l.tenant_id = c.tenant_id AND l.case_id = c.id
                        AND (v.ip IS NOT NULL OR v.user_agent IS NOT NULL))
                    + (SELECT count(*) FROM link_step_ups s JOIN action_links l
                        ON l.tenant_id = s.tenant_id AND l.id = s.link_id
                      WHERE l.tenant_id = c.tenant_id AND l.case_id = c.id AND (${STEP_UP_KEPT}))
                    + (SELECT count(*) FROM response_evidence r
                      WHERE r.tenant_id = c.tenant_id AND r.case_id = c.id AND (${EVIDENCE_KEPT}))
                    + (SELECT count(*) FROM audit_records a
                      WHERE a.tenant_id = c.tenant_id AND a.case_id = c.id AND ${OLD_LINK_KEPT})
                  ELSE
                    (SELECT count(*) FROM effects e
                      WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND ${EMAIL_KEPT})
                END)::int AS items
           FROM cases c CROSS JOIN unnest($2::text[], $3::int[]) AS k(kind, years)
          WHERE c.tenant_id = $1 AND c.closed_at IS NOT NULL AND ($5::uuid IS NULL OR c.id = $5)
            AND c.closed_at + make_interval(years => k.years) <= $4
            AND NOT EXISTS (SELECT 1 FROM documents d
                             WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id AND d.legal_hold IS NOT NULL)
            AND ${NOT_HELD}
       ) due WHERE items > 0
       ORDER BY closed_at, case_id, kind`,
      [scope.tenantId, periods.map((p) => p.kind), periods.map((p) => p.years), now, caseId],
    );
  }

  /** Erases one case's data of one kind, in the caller's transaction; says how much went. */
  static async erase(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
    kind: PersonalDataKind,
    now: Date,
  ): Promise<Erased> {
    if (kind === 'linkEvidence') {
      const views: unknown[] = await q.query(
        `UPDATE action_link_views v SET ip = NULL, user_agent = NULL FROM action_links l
          WHERE l.tenant_id = v.tenant_id AND l.id = v.link_id AND l.tenant_id = $1 AND l.case_id = $2
            AND (v.ip IS NOT NULL OR v.user_agent IS NOT NULL)
          RETURNING v.id`,
        [scope.tenantId, caseId],
      );
      const stepUps: unknown[] = await q.query(
        `UPDATE link_step_ups s SET sent_to = NULL, verified_email = NULL, browser_key_hash = NULL,
                state = NULL, nonce = NULL, code_verifier = NULL, code_hash = NULL
           FROM action_links l
          WHERE l.tenant_id = s.tenant_id AND l.id = s.link_id AND l.tenant_id = $1 AND l.case_id = $2
            AND (${STEP_UP_KEPT})
          RETURNING s.id`,
        [scope.tenantId, caseId],
      );
      const answers = await ResponseEvidenceRepository.erase(scope, q, caseId, now);
      return { linkViews: rowsOf(views).length, stepUps: rowsOf(stepUps).length, answers };
    }
    // The name stays (the certificate says who was emailed; the directory keeps the person),
    // the address and every other detail of the person go, and so do a delivery error's words.
    const emails: unknown[] = await q.query(
      `UPDATE effects e
          SET payload = jsonb_set(e.payload, '{to}',
                jsonb_build_object('id', e.payload->'to'->'id', 'name', e.payload->'to'->'name'))
                || jsonb_build_object('personalDataDisposedAt', $3::text),
              last_error = CASE WHEN e.last_error IS NULL THEN NULL
                ELSE 'the delivery error’s words were disposed of with the address' END
        WHERE e.tenant_id = $1 AND e.case_id = $2 AND ${EMAIL_KEPT}
        RETURNING e.id`,
      [scope.tenantId, caseId, now.toISOString()],
    );
    return { emails: rowsOf(emails).length };
  }
}

/** An UPDATE … RETURNING through TypeORM's query() comes back as [rows, count]. */
function rowsOf(result: unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
}
