import { Injectable } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import { DataSource } from 'typeorm';
import { DirectoryRepository, type RoleHolder } from '../directory/directory.repository';
import { CaseNotFoundError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import { describeDay } from '../governance/clear-days.service';
import { datesInWords } from '../notifications/dates-in-words.service';
import { templateOfCase } from '../workflows/case-template.service';
import { findTemplate } from '../workflows/template.registry';
import { CaseFilter, CaseRepository, CaseRow } from './case.repository';
import { CaseViewRepository, type DeadlineRow, type FailureRow } from './case-view.repository';
import { Clock } from '../core/clock.service';

export type { DeadlineRow, FailureRow } from './case-view.repository';

export interface CaseView {
  id: string;
  /** What people read and type: "SCC-2026-0042" (docs/adr/0038). */
  reference: string;
  title: string;
  template: { id: string; version: number; title: string };
  version: number;
  /**
   * `summary` is a sentence for people, its dates in words as the pages write them ("by Tuesday 30
   * September 2026"); the same dates stay ISO in `dates` and `openDeadlines`.
   */
  state: { key: string; summary: string; closed: boolean };
  /** Around the workflow (ADR 0012): paused or withdrawn since when, and why; active otherwise. */
  lifecycle: {
    status: 'active' | 'paused' | 'withdrawn';
    since: string | null;
    reason: string | null;
  };
  awaiting: {
    role: string;
    label: string;
    person: { id: string; name: string } | null;
    actingAs: string;
  }[];
  roles: Record<
    string,
    { label: string; person: { id: string; name: string } | null; actingAs: string }
  >;
  dates: Record<string, string>;
  openDeadlines: {
    key: string;
    kind: string;
    dueAt: string;
    /** By when, as a day in London: a deadline's last day, or the day a reminder goes. */
    latestDay: string;
    /** The same in words: "by the end of Thu 17 Dec 2026", "a reminder on Mon 14 Dec 2026". */
    byWhen: string;
    event: unknown;
  }[];
  /** Emails that could not be delivered, in words the officer can act on; each can be resent. */
  emailFailures: {
    effectId: string;
    message: string;
    to: string;
    problem: string;
    failedAt: string;
  }[];
  overdue: string[];
  conditions: unknown[];
  context: unknown;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/**
 * A case a list found on a template version this build lacks (a rolling upgrade, or a downgrade):
 * what its row says without the template. It cannot be read until a build with its version answers.
 */
export interface CaseOfNewerBuild {
  notInThisBuild: true;
  id: string;
  reference: string;
  title: string;
  template: { id: string; version: number };
  /** The case's version, as its row holds it (its events are refused until the update). */
  version: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** A case's row with what its view reads beside it, given instead (case-reply.service.ts). */
export interface CaseViewParts {
  row: CaseRow;
  holders: Record<string, RoleHolder>;
  deadlines: DeadlineRow[];
  failures: FailureRow[];
}

/** Reads cases as officers see them: state in plain words, who is awaited, what is due. */
@Injectable()
export class CaseViewService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryRepository,
    private readonly beside: CaseViewRepository,
  ) {}

  async get(tenantId: string, caseId: string): Promise<CaseView> {
    const row = await this.cases.find(tenantScope(tenantId), this.ds.manager, caseId);
    if (!row) throw new CaseNotFoundError(caseId);
    return this.view(row);
  }

  /** The cases of a list; a case on a template version this build lacks refuses it, as its view would. */
  async list(tenantId: string, filter: CaseFilter): Promise<CaseView[]> {
    const listed = await this.read(tenantId, filter, true);
    return listed as CaseView[];
  }

  /**
   * The cases of a list, each as it is found: a case on a template version this build lacks is
   * listed as a CaseOfNewerBuild, in its place, so that one such case does not hide the others.
   */
  listKnownOrNot(tenantId: string, filter: CaseFilter): Promise<(CaseView | CaseOfNewerBuild)[]> {
    return this.read(tenantId, filter, false);
  }

  private async read(
    tenantId: string,
    filter: CaseFilter,
    refuseNewer: boolean,
  ): Promise<(CaseView | CaseOfNewerBuild)[]> {
    const rows = await this.cases.list(tenantScope(tenantId), this.ds.manager, filter);
    if (rows.length === 0) return [];
    const known = rows.filter(
      (r) => refuseNewer || findTemplate(r.templateId, r.templateVersion) !== undefined,
    );
    // A page's open deadlines and failed emails in two queries, not two per case (issue #21).
    const ids = known.map((r) => r.id);
    const scope = tenantScope(tenantId);
    // And its role holders in one directory read, not one per case: at 100,000 cases planning that
    // read fifty times was most of a list's time (docs/benchmarks.md, session 30).
    const [deadlines, failures, holders] = await Promise.all([
      this.beside.pendingDeadlinesOfCases(scope, this.ds, ids),
      this.beside.failedEmailsOfCases(scope, this.ds, ids),
      this.directory.roleHoldersOfCases(
        scope,
        this.ds.manager,
        known.map((r) => ({
          key: r.id,
          roles: r.roles,
          caseOfficerId: r.createdBy,
          words: templateOfCase(r.id, r.templateId, r.templateVersion).roleWords,
        })),
        londonDate(this.clock.now()),
      ),
    ]);
    const byCase = <T extends { case_id: string }>(list: T[], id: string) =>
      list.filter((x) => x.case_id === id);
    return Promise.all(
      rows.map((r) =>
        known.includes(r)
          ? this.view(
              r,
              { deadlines: byCase(deadlines, r.id), failures: byCase(failures, r.id) },
              holders.get(r.id),
            )
          : Promise.resolve(newerBuildCase(r)),
      ),
    );
  }

  /** The case as a send left it, from what its write had (case-reply.service.ts): nothing read. */
  ofWritten(w: CaseViewParts): Promise<CaseView> {
    return this.view(w.row, w, w.holders);
  }

  private async view(
    row: CaseRow,
    read?: { deadlines: DeadlineRow[]; failures: FailureRow[] },
    known?: Record<string, RoleHolder>,
  ): Promise<CaseView> {
    const template = templateOfCase(row.id, row.templateId, row.templateVersion);
    const snap = row.snapshot as {
      value: unknown;
      context: Record<string, unknown>;
      status: string;
    };
    const described = template.describe(snap.value, snap.context);
    const holders =
      known ??
      (await this.directory.roleHolders(
        tenantScope(row.tenantId),
        this.ds.manager,
        row.roles,
        row.createdBy,
        londonDate(this.clock.now()),
        template.roleWords,
      ));
    const deadlines: DeadlineRow[] =
      read?.deadlines ??
      (await this.beside.pendingDeadlines(tenantScope(row.tenantId), this.ds, row.id));
    const failures: FailureRow[] =
      read?.failures ??
      (await this.beside.failedEmails(tenantScope(row.tenantId), this.ds, row.id));
    const person = (p: { id: string; name: string } | null) =>
      p ? { id: p.id, name: p.name } : null;
    const overdue = Object.entries((snap.context.overdue ?? {}) as Record<string, boolean>)
      .filter(([, v]) => v)
      .map(([k]) => k);
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      template: { id: template.id, version: template.version, title: template.title },
      version: row.version,
      state: {
        key: row.stateKey,
        summary: datesInWords(described.summary),
        closed: row.closedAt !== null,
      },
      lifecycle: {
        status: row.lifecycleStatus,
        since: row.lifecycleSince ? new Date(row.lifecycleSince).toISOString() : null,
        reason: row.lifecycleReason,
      },
      awaiting: described.awaiting.map((role) => ({
        role,
        label: template.roles[role]?.label ?? role,
        person: person(holders[role]?.person ?? null),
        actingAs: holders[role]?.actingAs ?? '',
      })),
      roles: Object.fromEntries(
        Object.entries(holders).map(([role, h]) => [
          role,
          {
            label: template.roles[role]?.label ?? role,
            person: person(h.person),
            actingAs: h.actingAs,
          },
        ]),
      ),
      dates: (snap.context.dates as Record<string, string>) ?? row.dates,
      emailFailures: failures.map((f) => ({
        effectId: f.id,
        message: f.payload.message,
        to: f.payload.to.name,
        problem: `email to the ${template.roles[f.payload.role]?.label ?? f.payload.role} (${f.payload.to.name}) failed: ${f.last_error ?? 'unknown error'}`,
        failedAt: f.available_at.toISOString(),
      })),
      openDeadlines: deadlines.map((d) => {
        // A deadline falls due as its last day ends in London (effect-planner: endOfLondonDay).
        const latestDay =
          d.kind === 'deadline'
            ? londonDate(new Date(d.due_at.getTime() - 1))
            : londonDate(d.due_at);
        return {
          key: d.key,
          kind: d.kind,
          dueAt: d.due_at.toISOString(),
          latestDay,
          byWhen:
            d.kind === 'deadline'
              ? `by the end of ${describeDay(latestDay)}`
              : `a reminder on ${describeDay(latestDay)}`,
          event: d.event,
        };
      }),
      overdue,
      conditions: (snap.context.conditions as unknown[]) ?? [],
      context: snap.context,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
    };
  }
}

function newerBuildCase(r: CaseRow): CaseOfNewerBuild {
  return {
    notInThisBuild: true,
    id: r.id,
    reference: r.reference,
    title: r.title,
    template: { id: r.templateId, version: r.templateVersion },
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}
