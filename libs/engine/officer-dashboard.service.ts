import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  endOfLondonDay,
  londonDate,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import { CaseViewService, CaseView } from './case-view.service';
import { Clock } from '../core/clock.service';
import { inWords } from '../workflows/workflow-steps.service';

export interface Dashboard {
  open: CaseView[];
  overdue: CaseView[];
  dueSoon: { caseId: string; title: string; key: string; kind: string; dueAt: string }[];
  failedEmails: { caseId: string; title: string; problem: string }[];
  windowEnds: string;
  /** Open cases counted by template and stage (the top-level state), most first. */
  byStage: { stage: string; template: string; stageName: string; count: number }[];
}

/** A case's stage: its template and top-level state, e.g. `jcb-delegated-decision:beforeMeeting`. */
export function stageOf(c: CaseView): string {
  return `${c.template.id}:${c.state.key.split(/[.;]/)[0]}`;
}

/** What an officer needs on one screen: what is stuck, on whom, and which deadline is at risk. */
@Injectable()
export class OfficerDashboardService {
  private readonly calendar = new WorkingDayCalendar();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly views: CaseViewService,
  ) {}

  async build(tenantId: string): Promise<Dashboard> {
    const now = this.clock.now();
    const windowEnds = this.calendar.addWorkingDays(londonDate(now), 5);
    const all = await this.views.list(tenantId, { limit: 200, offset: 0 });
    const open = all.filter((c) => !c.state.closed);
    const due: { case_id: string; title: string; key: string; kind: string; due_at: Date }[] =
      await this.ds.query(
        `SELECT d.case_id, c.title, d.key, d.kind, d.due_at FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.kind = 'deadline' AND d.due_at <= $2
        ORDER BY d.due_at`,
        [tenantId, endOfLondonDay(windowEnds)],
      );
    return {
      open,
      overdue: open.filter((c) => c.overdue.length > 0),
      dueSoon: due.map((d) => ({
        caseId: d.case_id,
        title: d.title,
        key: d.key,
        kind: d.kind,
        dueAt: d.due_at.toISOString(),
      })),
      failedEmails: open.flatMap((c) =>
        c.emailFailures.map((f) => ({ caseId: c.id, title: c.title, problem: f.problem })),
      ),
      windowEnds,
      byStage: [...groupBy(open, stageOf).entries()]
        .map(([stage, cases]) => ({
          stage,
          template: cases[0].template.title,
          stageName: inWords(stage.split(':')[1]),
          count: cases.length,
        }))
        .sort((a, b) => b.count - a.count || a.stage.localeCompare(b.stage)),
    };
  }
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) out.set(key(i), [...(out.get(key(i)) ?? []), i]);
  return out;
}
