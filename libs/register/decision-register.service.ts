import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { bindTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { DirectoryRepository } from '../directory/directory.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { TemplateVersionNotInThisBuildError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import type { DecisionNotice, RoleHolder } from '../workflows/decision-notice';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { findTemplate } from '../workflows/template.registry';
import type { RegisterCursor } from './register-cursor.service';
import { OFFICER_TEMPLATES, publishingVersions } from './register-shape.service';
import {
  RegisterRepository,
  type PublishedFilter,
  type PublishedPage,
  type RegisterCaseRow,
} from './register.repository';
import { withheld } from './withheld-notice.service';

/** A published decision as the public register shows it: exempt (Part 2) content withheld. */
export interface RegisterEntry {
  caseId: string;
  /** What people read and type: "SCC-2026-0042" (docs/adr/0038); the register's pages go by it. */
  reference: string;
  /** An executive decision (reg 12) or an officer's under delegation (reg 13). */
  kind: 'executive' | 'officer';
  exempt: boolean;
  /** Why the public was excluded, for an exempt item: that much is public. */
  exemptReasons: string | null;
  notice: DecisionNotice;
  /** The head of the case's audit chain and its length, to check against the case's record. */
  audit: { head: string; records: number };
}

/**
 * A decision published on a template version this build lacks (a rolling upgrade, or a
 * downgrade), listed in its place from what the database keeps beside its case: its notice, and
 * what that withholds as exempt (its title among them), are its version's to build, so neither
 * is given nor made up here; the rest is public whatever the notice says.
 */
export interface RegisterEntryOfNewerBuild {
  notInThisBuild: true;
  caseId: string;
  reference: string;
  /** As the register's `kind` filter tells them: by the case's template. */
  kind: 'executive' | 'officer';
  publishedOn: string;
  /** Null: the kept answer is neither yes nor no. */
  keyDecision: boolean | null;
  audit: { head: string; records: number };
}

/** A decision as the register's lists give it: its notice, or what is kept of one this build cannot build. */
export type RegisterListing = RegisterEntry | RegisterEntryOfNewerBuild;

/** Whether a listing carries its notice (this build has its version). */
export function hasNotice(l: RegisterListing): l is RegisterEntry {
  return !('notInThisBuild' in l);
}

/** What the register may be searched by (each filter applied by the database). */
export type RegisterFilter = PublishedFilter;

/** Which page of the register to read: after or before a cursor, from an offset, or the first. */
export interface RegisterPageRequest {
  limit: number;
  after?: RegisterCursor;
  before?: RegisterCursor;
  /** The addresses made before keyset paging (`?offset=`), still served. */
  offset?: number;
}

/**
 * A page of the register: its decisions, the place of its first in the list (1 for the newest),
 * and the cursors of the pages after it and before it (null on the last and on the first).
 */
export interface RegisterPage {
  entries: RegisterListing[];
  first: number;
  limit: number;
  next: RegisterCursor | null;
  previous: RegisterCursor | null;
}

/**
 * The register of published decisions a council must keep: every decision any template publishes
 * (the JCB's reg 12 notices, officers' reg 13 records, any later template with a Decision Notice).
 * Public: no sign-in, and an exempt (Part 2) decision shows only that it was taken, when, by whom,
 * and why the public was excluded, never its content.
 */
@Injectable()
export class DecisionRegisterService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repository: RegisterRepository,
    private readonly directory: DirectoryRepository,
    private readonly tenants: TenantRepository,
  ) {}

  /**
   * The council that publishes at `slug`, the scope of the request bound to it from here on
   * (ADR 0015): the councils are read before any is bound; the register's rows are its alone.
   */
  async tenantBySlug(slug: string): Promise<{ tenantId: string; name: string } | null> {
    const tenant = await this.tenants.councilBySlug(
      acrossCouncils('council look-up'),
      this.ds.manager,
      slug,
    );
    if (tenant) bindTenant(tenant.tenantId);
    return tenant;
  }

  /**
   * Every published decision that matches the filter, newest publication first and then by case,
   * in two queries however many there are (the cases, then every role holder from the directory
   * at once): for the governance lead's export; the public pages read a page at a time.
   */
  async list(
    tenantId: string,
    f: RegisterFilter = {},
    m: EntityManager = this.ds.manager,
  ): Promise<RegisterListing[]> {
    return this.entriesOf(m, tenantId, await this.rows(m, tenantId, f));
  }

  /**
   * One page of the published decisions that match the filter, in the list's order: the database
   * selects, filters and pages them by the sort key (keyset), so that a page reads its own rows
   * (and one more, to know whether another page follows) however deep it is and however many
   * cases the council has. A page before a cursor with no full page before it is the first page.
   */
  async page(
    tenantId: string,
    f: RegisterFilter,
    want: RegisterPageRequest,
    m: EntityManager = this.ds.manager,
  ): Promise<RegisterPage> {
    const { limit } = want;
    const read = (page: PublishedPage) => this.rows(m, tenantId, f, page);
    const keyOf = (c: RegisterCursor) => ({ publishedOn: c.publishedOn, id: c.id });
    let rows: RegisterCaseRow[];
    let first: number;
    let more: boolean;
    if (want.before) {
      const back = await read({ limit: limit + 1, before: keyOf(want.before) });
      // Fewer than a page before the cursor (the list changed since) reads the first page whole.
      if (back.length < limit) return this.page(tenantId, f, { limit }, m);
      rows = back.slice(0, limit).reverse();
      first = back.length > limit ? Math.max(2, want.before.position - limit) : 1;
      more = true; // the row the cursor names follows this page
    } else {
      const after = want.after ? keyOf(want.after) : undefined;
      const offset = after ? 0 : (want.offset ?? 0);
      const ahead = await read({ limit: limit + 1, after, offset });
      rows = ahead.slice(0, limit);
      first = want.after ? want.after.position + 1 : offset + 1;
      more = ahead.length > limit;
    }
    const entries = await this.entriesOf(m, tenantId, rows);
    const cursorAt = (i: number): RegisterCursor => ({
      publishedOn: rows[i].publishedOn ?? '',
      id: rows[i].id,
      position: first + i,
    });
    return {
      entries,
      first,
      limit,
      next: more && rows.length ? cursorAt(rows.length - 1) : null,
      previous: first > 1 && rows.length ? cursorAt(0) : null,
    };
  }

  private rows(
    m: EntityManager,
    tenantId: string,
    filter: RegisterFilter,
    page?: PublishedPage,
  ): Promise<RegisterCaseRow[]> {
    return this.repository.published(tenantScope(tenantId), m, {
      versions: publishingVersions(),
      filter,
      on: londonDate(this.clock.now()),
      page,
    });
  }

  /** The published decision of the case with this id. */
  async entry(tenantId: string, caseId: string): Promise<RegisterEntry | null> {
    const row = await this.repository.caseOf(tenantScope(tenantId), this.ds.manager, caseId);
    return row ? this.entryOf(tenantId, row) : null;
  }

  /** The published decision of the case with this reference (capitals). */
  async entryByReference(tenantId: string, reference: string): Promise<RegisterEntry | null> {
    const row = await this.repository.caseByReference(
      tenantScope(tenantId),
      this.ds.manager,
      reference,
    );
    return row ? this.entryOf(tenantId, row) : null;
  }

  /**
   * A decision published on a template version this build lacks (a rolling upgrade, or a
   * downgrade) is public record, published by a build that knew its version: never "no such
   * decision". Its notice is its version's to build (its words, what it withholds as exempt), so
   * this build answers that the service is being updated (503, Retry-After) rather than build it
   * with another version's rules.
   */
  private async entryOf(tenantId: string, row: RegisterCaseRow): Promise<RegisterEntry | null> {
    if (row.publishedOn && !findTemplate(row.templateId, row.templateVersion))
      throw new TemplateVersionNotInThisBuildError(row.id, row.templateId, row.templateVersion);
    const [entry] = await this.entriesOf(this.ds.manager, tenantId, [row]);
    return entry && hasNotice(entry) ? entry : null;
  }

  /**
   * The entries of the rows that carry a published decision, in the rows' order; the others
   * skipped. A row the database lists on a version this build lacks is listed as what is kept.
   */
  private async entriesOf(
    m: EntityManager,
    tenantId: string,
    rows: RegisterCaseRow[],
  ): Promise<RegisterListing[]> {
    const publishing = rows.flatMap((row) => {
      const template = findTemplate(row.templateId, row.templateVersion);
      return template?.decisionNotice ? [{ row, template }] : [];
    });
    const holders = await this.directory.roleHoldersOfCases(
      tenantScope(tenantId),
      m,
      publishing.map(({ row, template }) => ({
        key: row.id,
        roles: row.roles,
        caseOfficerId: row.createdBy,
        words: template.roleWords,
      })),
      londonDate(this.clock.now()),
    );
    const built = new Map(
      publishing.map(({ row, template }) => [row.id, this.noticeEntry(row, template, holders)]),
    );
    return rows.flatMap((row): RegisterListing[] => {
      if (findTemplate(row.templateId, row.templateVersion)) return built.get(row.id) ?? [];
      return row.listedOn ? [newerBuildEntry(row, row.listedOn)] : [];
    });
  }

  /** A row's entry, its notice built by its template (none when the template makes none). */
  private noticeEntry(
    row: RegisterCaseRow,
    template: WorkflowTemplate,
    holders: Map<string, Record<string, Omit<RoleHolder, 'label'>>>,
  ): RegisterEntry[] {
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
      return [
        {
          caseId: row.id,
          reference: row.reference,
          kind,
          exempt: false,
          exemptReasons: null,
          notice,
          audit,
        },
      ];
    return [
      {
        caseId: row.id,
        reference: row.reference,
        kind,
        exempt: true,
        exemptReasons: exempt.reasons,
        notice: withheld(notice),
        audit,
      },
    ];
  }
}

/** What is kept of a decision the database lists on a version this build lacks. */
function newerBuildEntry(row: RegisterCaseRow, publishedOn: string): RegisterEntryOfNewerBuild {
  return {
    notInThisBuild: true,
    caseId: row.id,
    reference: row.reference,
    kind: OFFICER_TEMPLATES.includes(row.templateId) ? 'officer' : 'executive',
    publishedOn,
    keyDecision: row.keyDecision,
    audit: { head: row.auditHead, records: row.auditRecords },
  };
}
