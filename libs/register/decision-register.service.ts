import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseViewService } from '../engine/case-view.service';
import {
  buildDecisionNotice,
  type DecisionNotice,
  type RoleHolder,
} from '../workflows/jcb-delegated-decision/decision-notice.service';
import type { JcbContext } from '../workflows/jcb-delegated-decision/jcb-delegated-decision.machine';

/** A published Decision Notice as the public register shows it: exempt (Part 2) content withheld. */
export interface RegisterEntry {
  caseId: string;
  exempt: boolean;
  /** Why the public was excluded, for an exempt item: that much is public. */
  exemptReasons: string | null;
  notice: DecisionNotice;
}

export interface RegisterFilter {
  q?: string;
  decisionMaker?: string;
  keyDecision?: boolean;
  callIn?: 'subject' | 'calledIn' | 'implementable';
  from?: string;
  to?: string;
}

const WITHHELD = 'Withheld: exempt information (Part 2)';

/**
 * The register of published decision notices a council must publish. Public: no sign-in, and an
 * exempt (Part 2) item shows only that a decision was taken, when, by whom, and why the public was
 * excluded, never its content.
 */
@Injectable()
export class DecisionRegisterService {
  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
  ) {}

  async tenantBySlug(slug: string): Promise<{ tenantId: string; name: string } | null> {
    const rows: { tenant_id: string; name: string }[] = await this.ds.query(
      'SELECT tenant_id, name FROM tenants WHERE slug = $1',
      [slug],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, name: rows[0].name } : null;
  }

  async list(tenantId: string, f: RegisterFilter = {}): Promise<RegisterEntry[]> {
    const ids: { id: string }[] = await this.ds.query(
      `SELECT id FROM cases WHERE tenant_id = $1 AND template_id = 'jcb-delegated-decision'
          AND snapshot->'context'->'publication' IS NOT NULL AND jsonb_typeof(snapshot->'context'->'publication') = 'object'
        ORDER BY snapshot->'context'->'publication'->>'publishedOn' DESC, id`,
      [tenantId],
    );
    const entries: RegisterEntry[] = [];
    for (const { id } of ids) {
      const e = await this.entry(tenantId, id);
      if (e && matches(e, f)) entries.push(e);
    }
    return entries;
  }

  async entry(tenantId: string, caseId: string): Promise<RegisterEntry | null> {
    const view = await this.views.get(tenantId, caseId).catch(() => null);
    if (!view || view.template.id !== 'jcb-delegated-decision') return null;
    const context = view.context as JcbContext;
    const notice = buildDecisionNotice({
      caseId: view.id,
      title: view.title,
      templateVersion: view.template.version,
      stateKey: view.state.key,
      context,
      roles: view.roles as Record<string, RoleHolder>,
    });
    if (!notice || !notice.publishedOn) return null;
    const privateItem = context.notices?.privateItem ?? null;
    if (!privateItem) return { caseId, exempt: false, exemptReasons: null, notice };
    // The urgency's reason is written about the exempt business itself: withheld with it.
    const urgencyReason = notice.urgencyExemption?.reason;
    const withholdReason = (line: string) =>
      urgencyReason ? line.split(urgencyReason).join(WITHHELD) : line;
    return {
      caseId,
      exempt: true,
      exemptReasons: privateItem.reasons,
      notice: {
        ...notice,
        title: WITHHELD,
        itemTitle: WITHHELD,
        decision: WITHHELD,
        reasons: WITHHELD,
        alternativesRejected: [],
        amount: null,
        interests: notice.interests.map((i) => ({ ...i, nature: WITHHELD })),
        callIn: {
          status: withholdReason(notice.callIn.status),
          explanation: notice.callIn.explanation.map(withholdReason),
        },
        urgencyExemption: notice.urgencyExemption && {
          ...notice.urgencyExemption,
          reason: WITHHELD,
        },
      },
    };
  }

  /** The register as CSV, one notice a row, for the governance lead. */
  toCsv(entries: RegisterEntry[]): string {
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      // A leading = + - @ would be read as a formula by a spreadsheet: neutralise it.
      const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const header = [
      'case',
      'item',
      'decision',
      'decided on',
      'decision maker',
      'acting as',
      'key decision',
      'published on',
      'call-in',
      'implementable from',
      'exempt',
    ];
    const rows = entries.map((e) => [
      e.caseId,
      e.notice.itemTitle,
      e.notice.decision,
      e.notice.decidedOn,
      e.notice.decisionMaker.name,
      e.notice.decisionMaker.actingAs,
      e.notice.keyDecision ? 'yes' : 'no',
      e.notice.publishedOn,
      e.notice.callIn.status,
      e.notice.implementableFrom,
      e.exempt ? 'yes' : 'no',
    ]);
    return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  }
}

function matches(e: RegisterEntry, f: RegisterFilter): boolean {
  const n = e.notice;
  if (f.q && !`${n.itemTitle} ${n.decision} ${n.title}`.toLowerCase().includes(f.q.toLowerCase()))
    return false;
  if (
    f.decisionMaker &&
    !(n.decisionMaker.name ?? '').toLowerCase().includes(f.decisionMaker.toLowerCase())
  )
    return false;
  if (f.keyDecision !== undefined && n.keyDecision !== f.keyDecision) return false;
  if (
    f.callIn === 'implementable' &&
    !(n.implementableFrom && !n.callIn.status.startsWith('called in on'))
  )
    return false;
  if (f.callIn === 'calledIn' && !n.callIn.status.startsWith('called in')) return false;
  // Subject to call-in: a key decision not exempted from it as urgent.
  if (f.callIn === 'subject' && (!n.keyDecision || n.urgencyExemption)) return false;
  if (f.from && (n.publishedOn ?? '') < f.from) return false;
  if (f.to && (n.publishedOn ?? '') > f.to) return false;
  return true;
}
