import { Injectable } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import { DataSource } from 'typeorm';
import {
  endOfLondonDay,
  londonDate,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import { CaseViewService, CaseView, type CaseOfNewerBuild } from './case-view.service';
import { CaseRepository } from './case.repository';
import { OfficerDashboardRepository } from './officer-dashboard.repository';
import { findTemplate } from '../workflows/template.registry';
import { Clock } from '../core/clock.service';
import { inWords } from '../workflows/workflow-steps.service';
import { deadlineWords } from '../workflows/template-emails';

/** How many cases a dashboard list shows; the counts are of every case, however many. */
export const DASHBOARD_LIST = 25;

/**
 * How far the count of open cases in one state goes before it says "more than" (as the find page
 * does): counting every open case read every one of them (issue #21).
 */
export const STATE_COUNTED = 1000;

/**
 * Each list's cases as they are found: a case on a template version this build lacks (a rolling
 * upgrade) is listed in its place as a CaseOfNewerBuild, never left out, never refusing the page.
 */
export interface Dashboard {
  /** Open cases, most recently changed first (of the chosen stage, when one is), at most 25. */
  open: (CaseView | CaseOfNewerBuild)[];
  /** How many open cases there are (of the chosen stage, when one is), or more than that (`openMore`). */
  openCount: number;
  openMore: boolean;
  overdue: (CaseView | CaseOfNewerBuild)[];
  /** How many open cases are overdue, up to STATE_COUNTED; `overdueMore`: more than that. */
  overdueCount: number;
  overdueMore: boolean;
  dueSoon: {
    caseId: string;
    reference: string;
    title: string;
    key: string;
    /**
     * The deadline in its template's words ("call-in period"); null for a case on a version this
     * build lacks, whose deadlines only that version names (its key is no name for people).
     */
    words: string | null;
    kind: string;
    dueAt: string;
  }[];
  /** `problem` null: the case is on a version this build lacks, whose emails it cannot word. */
  failedEmails: { caseId: string; reference: string; title: string; problem: string | null }[];
  /** How many open cases have an email that failed. */
  failedEmailCases: number;
  windowEnds: string;
  /**
   * Open cases counted by the database by template and stage (the top-level state), most first;
   * `more`: the count stopped (at STATE_COUNTED in one of the stage's states), and there are more.
   */
  byStage: {
    stage: string;
    /** The template's title; null for a template this build does not have (a newer build's). */
    template: string | null;
    stageName: string;
    count: number;
    more: boolean;
  }[];
  /** The stage chosen, when it is one the dashboard lists. */
  chosen: Dashboard['byStage'][number] | null;
}

/**
 * What an officer needs on one screen: what is stuck, on whom, and which deadline is at risk.
 * Every count is the database's, over all the council's cases; each list shows the first 25.
 */
@Injectable()
export class OfficerDashboardService {
  private readonly calendar = new WorkingDayCalendar();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly views: CaseViewService,
    private readonly cases: CaseRepository,
    private readonly reads: OfficerDashboardRepository,
  ) {}

  async build(tenantId: string, stage?: string): Promise<Dashboard> {
    const now = this.clock.now();
    const m = this.ds.manager;
    const scope = tenantScope(tenantId);
    const windowEnds = this.calendar.addWorkingDays(londonDate(now), 5);
    const byStage = stagesOf(await this.reads.openStateCounts(scope, m, STATE_COUNTED)).map(
      (s) => ({
        stage: `${s.templateId}:${s.top}`,
        // Its key is no name for people: the page words a template new to this build.
        template: findTemplate(s.templateId)?.title ?? null,
        stageName: inWords(s.top),
        count: s.count,
        more: s.more,
      }),
    );
    const chosen = byStage.find((s) => s.stage === stage) ?? null;
    const [templateId, top] = chosen ? chosen.stage.split(':') : [];
    const list = { limit: DASHBOARD_LIST, offset: 0 };
    const [open, overdue, overdueCount, failing, failedEmailCases, due] = await Promise.all([
      this.views.listKnownOrNot(tenantId, {
        open: true,
        ...(chosen ? { stage: { templateId, top } } : {}),
        ...list,
      }),
      this.views.listKnownOrNot(tenantId, { open: true, overdue: true, ...list }),
      this.reads.countUpTo(scope, m, { open: true, overdue: true }, STATE_COUNTED),
      this.views.listKnownOrNot(tenantId, { open: true, emailFailed: true, ...list }),
      this.cases.count(scope, m, { open: true, emailFailed: true }),
      this.reads.deadlinesDueBy(scope, m, endOfLondonDay(windowEnds), DASHBOARD_LIST),
    ]);
    return {
      open,
      openCount: chosen ? chosen.count : byStage.reduce((n, s) => n + s.count, 0),
      openMore: chosen ? chosen.more : byStage.some((s) => s.more),
      overdue,
      overdueCount: Math.min(overdueCount, STATE_COUNTED),
      overdueMore: overdueCount > STATE_COUNTED,
      dueSoon: due.map((d) => ({
        caseId: d.case_id,
        reference: d.reference,
        title: d.title,
        key: d.key,
        words: deadlineOf(d.template_id, d.template_version, d.key),
        kind: d.kind,
        dueAt: d.due_at.toISOString(),
      })),
      failedEmails: failing.flatMap((c) =>
        ('notInThisBuild' in c
          ? [{ problem: null }]
          : c.emailFailures.map((f) => ({ problem: f.problem as string | null }))
        ).map(({ problem }) => ({
          caseId: c.id,
          reference: c.reference,
          title: c.title,
          problem,
        })),
      ),
      failedEmailCases,
      windowEnds,
      byStage,
      chosen,
    };
  }
}

/**
 * The states' counts summed by stage (template and top-level state: "preSubmission" of
 * "preSubmission.agreement.ceo;…"), most first. A state counted to the bound adds the bound and
 * makes the stage's count "more than" its sum.
 */
export function stagesOf(
  states: { templateId: string; stateKey: string; count: number }[],
  upTo = STATE_COUNTED,
): { templateId: string; top: string; count: number; more: boolean }[] {
  const stages = new Map<
    string,
    { templateId: string; top: string; count: number; more: boolean }
  >();
  for (const s of states) {
    const top = s.stateKey.split(';')[0].split('.')[0];
    const key = `${s.templateId}:${top}`;
    const stage = stages.get(key) ?? { templateId: s.templateId, top, count: 0, more: false };
    stage.count += Math.min(s.count, upTo);
    stage.more ||= s.count > upTo;
    stages.set(key, stage);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...stages.values()].sort(
    (a, b) => b.count - a.count || byName(a.templateId, b.templateId) || byName(a.top, b.top),
  );
}

/** A deadline in its template's words; null for a case on a version this build lacks. */
function deadlineOf(templateId: string, version: number, key: string): string | null {
  const t = findTemplate(templateId, version);
  return t ? deadlineWords(t, key) : null;
}
