import { Injectable } from '@nestjs/common';
import { tenantScope } from '../core/tenant-scope';
import { DataSource } from 'typeorm';
import {
  endOfLondonDay,
  londonDate,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import { CaseViewService, CaseView } from './case-view.service';
import { CaseRepository } from './case.repository';
import { OfficerDashboardRepository } from './officer-dashboard.repository';
import { findTemplate } from '../workflows/template.registry';
import { Clock } from '../core/clock.service';
import { inWords } from '../workflows/workflow-steps.service';
import { deadlineWords } from '../workflows/template-emails';

/** How many cases a dashboard list shows; the counts are of every case, however many. */
export const DASHBOARD_LIST = 25;

export interface Dashboard {
  /** Open cases, most recently changed first (of the chosen stage, when one is), at most 25. */
  open: CaseView[];
  /** How many open cases there are (of the chosen stage, when one is). */
  openCount: number;
  overdue: CaseView[];
  overdueCount: number;
  dueSoon: {
    caseId: string;
    reference: string;
    title: string;
    key: string;
    /** The deadline in its template's words ("call-in period"). */
    words: string;
    kind: string;
    dueAt: string;
  }[];
  failedEmails: { caseId: string; reference: string; title: string; problem: string }[];
  /** How many open cases have an email that failed. */
  failedEmailCases: number;
  windowEnds: string;
  /** Open cases counted by the database by template and stage (the top-level state), most first. */
  byStage: { stage: string; template: string; stageName: string; count: number }[];
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
    private readonly dueSoon: OfficerDashboardRepository,
  ) {}

  async build(tenantId: string, stage?: string): Promise<Dashboard> {
    const now = this.clock.now();
    const m = this.ds.manager;
    const scope = tenantScope(tenantId);
    const windowEnds = this.calendar.addWorkingDays(londonDate(now), 5);
    const byStage = (await this.cases.openByStage(scope, m)).map((s) => ({
      stage: `${s.templateId}:${s.top}`,
      template: findTemplate(s.templateId)?.title ?? s.templateId,
      stageName: inWords(s.top),
      count: s.count,
    }));
    const chosen = byStage.find((s) => s.stage === stage) ?? null;
    const [templateId, top] = chosen ? chosen.stage.split(':') : [];
    const list = { limit: DASHBOARD_LIST, offset: 0 };
    const [open, overdue, overdueCount, failing, failedEmailCases, due] = await Promise.all([
      this.views.list(tenantId, {
        open: true,
        ...(chosen ? { stage: { templateId, top } } : {}),
        ...list,
      }),
      this.views.list(tenantId, { open: true, overdue: true, ...list }),
      this.cases.count(scope, m, { open: true, overdue: true }),
      this.views.list(tenantId, { open: true, emailFailed: true, ...list }),
      this.cases.count(scope, m, { open: true, emailFailed: true }),
      this.dueSoon.deadlinesDueBy(scope, m, endOfLondonDay(windowEnds), DASHBOARD_LIST),
    ]);
    return {
      open,
      openCount: chosen ? chosen.count : byStage.reduce((n, s) => n + s.count, 0),
      overdue,
      overdueCount,
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
        c.emailFailures.map((f) => ({
          caseId: c.id,
          reference: c.reference,
          title: c.title,
          problem: f.problem,
        })),
      ),
      failedEmailCases,
      windowEnds,
      byStage,
      chosen,
    };
  }
}

/** A deadline in its template's words; a case on an unreleased template reads its key in words. */
function deadlineOf(templateId: string, version: number, key: string): string {
  const t = findTemplate(templateId, version);
  return t ? deadlineWords(t, key) : inWords(key);
}
