import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../core/clock.service';
import { bindTenant } from '../core/tenant-context.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { londonDate } from '../governance/working-day-calendar.service';
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
  private readonly directory = new DirectoryRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
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

  /**
   * Every published decision, in two queries however many there are (the cases, then every role
   * holder from the directory at once), where each case used to be read on its own.
   */
  async list(
    tenantId: string,
    f: RegisterFilter = {},
    m: EntityManager = this.ds.manager,
  ): Promise<RegisterEntry[]> {
    const rows = await this.repository.casesOf(m, tenantId, publishingTemplateIds());
    const entries = (await this.entriesOf(m, tenantId, rows)).filter((e) => matches(e, f));
    // Newest publication first; a day's decisions by case, so that the order is stable.
    return entries.sort(
      (a, b) =>
        (b.notice.publishedOn ?? '').localeCompare(a.notice.publishedOn ?? '') ||
        a.caseId.localeCompare(b.caseId),
    );
  }

  async entry(tenantId: string, caseId: string): Promise<RegisterEntry | null> {
    const row = await this.repository.caseOf(this.ds.manager, tenantId, caseId);
    return row ? ((await this.entriesOf(this.ds.manager, tenantId, [row]))[0] ?? null) : null;
  }

  /** The entries of the rows that carry a published decision; the others (and unreleased versions) skipped. */
  private async entriesOf(
    m: EntityManager,
    tenantId: string,
    rows: RegisterCaseRow[],
  ): Promise<RegisterEntry[]> {
    const publishing = rows.flatMap((row) => {
      const template = findTemplate(row.templateId, row.templateVersion);
      return template?.decisionNotice ? [{ row, template }] : [];
    });
    const holders = await this.directory.roleHoldersOfCases(
      m,
      tenantId,
      publishing.map(({ row }) => ({
        key: row.id,
        roles: row.roles,
        caseOfficerId: row.createdBy,
      })),
      londonDate(this.clock.now()),
    );
    return publishing.flatMap(({ row, template }): RegisterEntry[] => {
      const roles: Record<string, RoleHolder> = Object.fromEntries(
        Object.entries(holders.get(row.id) ?? {}).map(([role, h]) => [
          role,
          {
            label: template.roles[role]?.label ?? role,
            person: h.person ? { id: h.person.id, name: h.person.name } : null,
            actingAs: h.actingAs,
          },
        ]),
      );
      const context = row.snapshot.context;
      const notice = template.decisionNotice!({
        caseId: row.id,
        title: row.title,
        templateVersion: row.templateVersion,
        stateKey: row.stateKey,
        context,
        roles,
      });
      if (!notice || !notice.publishedOn) return [];
      const audit = { head: row.auditHead, records: row.auditRecords };
      const kind = notice.kind ?? 'executive';
      const exempt = template.exemptInformation?.(context) ?? null;
      if (!exempt)
        return [{ caseId: row.id, kind, exempt: false, exemptReasons: null, notice, audit }];
      return [
        {
          caseId: row.id,
          kind,
          exempt: true,
          exemptReasons: exempt.reasons,
          notice: withheld(notice),
          audit,
        },
      ];
    });
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
