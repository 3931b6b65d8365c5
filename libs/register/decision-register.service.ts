import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bindTenant } from '../core/tenant-context.service';
import { CaseViewService } from '../engine/case-view.service';
import type { DecisionNotice, RoleHolder } from '../workflows/decision-notice';
import { findTemplate, listTemplates } from '../workflows/template.registry';
import { RegisterRepository, type RegisterCaseRow } from './register.repository';
import { withheld } from './withheld-notice.service';

/** A published decision as the public register shows it: exempt (Part 2) content withheld. */
export interface RegisterEntry {
  caseId: string;
  /** An executive decision (reg 12) or an officer's under delegation (reg 13). */
  kind: 'executive' | 'officer';
  exempt: boolean;
  /** Why the public was excluded, for an exempt item: that much is public. */
  exemptReasons: string | null;
  notice: DecisionNotice;
  /** The head of the case's audit chain and its length, to check against the case's record. */
  audit: { head: string; records: number };
}

export interface RegisterFilter {
  q?: string;
  decisionMaker?: string;
  keyDecision?: boolean;
  kind?: 'executive' | 'officer';
  callIn?: 'subject' | 'calledIn' | 'implementable';
  from?: string;
  to?: string;
}

/** The templates that publish decisions: those with a Decision Notice (never a template id here). */
function publishingTemplateIds(): string[] {
  return [...new Set(listTemplates().flatMap((t) => (t.decisionNotice ? [t.id] : [])))];
}

/**
 * The register of published decisions a council must keep: every decision any template publishes
 * (the JCB's reg 12 notices, officers' reg 13 records, any later template with a Decision Notice).
 * Public: no sign-in, and an exempt (Part 2) decision shows only that it was taken, when, by whom,
 * and why the public was excluded, never its content.
 */
@Injectable()
export class DecisionRegisterService {
  private readonly repository = new RegisterRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
  ) {}

  /**
   * The council that publishes at `slug`, the scope of the request bound to it from here on
   * (ADR 0015): the councils are read before any is bound; the register's rows are its alone.
   */
  async tenantBySlug(slug: string): Promise<{ tenantId: string; name: string } | null> {
    const tenant = await this.repository.tenantBySlug(this.ds.manager, slug);
    if (tenant) bindTenant(tenant.tenantId);
    return tenant;
  }

  async list(tenantId: string, f: RegisterFilter = {}): Promise<RegisterEntry[]> {
    const rows = await this.repository.casesOf(this.ds.manager, tenantId, publishingTemplateIds());
    const entries: RegisterEntry[] = [];
    for (const row of rows) {
      const e = await this.entryOf(tenantId, row);
      if (e && matches(e, f)) entries.push(e);
    }
    // Newest publication first; a day's decisions by case, so that the order is stable.
    return entries.sort(
      (a, b) =>
        (b.notice.publishedOn ?? '').localeCompare(a.notice.publishedOn ?? '') ||
        a.caseId.localeCompare(b.caseId),
    );
  }

  async entry(tenantId: string, caseId: string): Promise<RegisterEntry | null> {
    const row = await this.repository.caseOf(this.ds.manager, tenantId, caseId);
    return row ? this.entryOf(tenantId, row) : null;
  }

  private async entryOf(tenantId: string, row: RegisterCaseRow): Promise<RegisterEntry | null> {
    const view = await this.views.get(tenantId, row.id).catch(() => null);
    const template = view && findTemplate(view.template.id, view.template.version);
    if (!view || !template?.decisionNotice) return null;
    const notice = template.decisionNotice({
      caseId: view.id,
      title: view.title,
      templateVersion: view.template.version,
      stateKey: view.state.key,
      context: view.context,
      roles: view.roles as Record<string, RoleHolder>,
    });
    if (!notice || !notice.publishedOn) return null;
    const audit = { head: row.auditHead, records: row.auditRecords };
    const kind = notice.kind ?? 'executive';
    const exempt = template.exemptInformation?.(view.context) ?? null;
    if (!exempt) return { caseId: row.id, kind, exempt: false, exemptReasons: null, notice, audit };
    return {
      caseId: row.id,
      kind,
      exempt: true,
      exemptReasons: exempt.reasons,
      notice: withheld(notice),
      audit,
    };
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
  if (f.kind && e.kind !== f.kind) return false;
  if (
    f.callIn === 'implementable' &&
    !(n.implementableFrom && !n.callIn.status.startsWith('called in on'))
  )
    return false;
  if (f.callIn === 'calledIn' && !n.callIn.status.startsWith('called in')) return false;
  // Subject to call-in: a key decision not exempted from it (as urgent, or by the council's settings).
  if (
    f.callIn === 'subject' &&
    (!n.keyDecision || n.urgencyExemption || n.callIn.status.startsWith('not subject'))
  )
    return false;
  if (f.from && (n.publishedOn ?? '') < f.from) return false;
  if (f.to && (n.publishedOn ?? '') > f.to) return false;
  return true;
}
