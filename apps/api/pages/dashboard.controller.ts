import { scopeOf } from '../../../libs/core/tenant-scope';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CaseSearchRepository } from '../../../libs/engine/case-search.repository';
import { Clock } from '../../../libs/core/clock.service';
import {
  DASHBOARD_LIST,
  OfficerDashboardService,
} from '../../../libs/engine/officer-dashboard.service';
import { inWords } from '../../../libs/workflows/workflow-steps.service';
import { deadlineWords } from '../../../libs/workflows/template-emails';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { meetingLine } from './meeting-line.presenter';
import { ListMeetingsUseCase } from '../../../libs/meetings/use-cases/list-meetings.use-case';
import { escapeHtml } from '../../../libs/core/escape-html';
import { CalendarFeedService } from '../../../libs/notifications/calendar-feed.service';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import {
  CASES_PER_PAGE,
  CSV_HEADER,
  caseListItem,
  countedUpTo,
  csvLine,
  pagination,
  queryString,
  readCaseQuery,
  totalInWords,
} from './case-list.presenter';
import { dateInputItems } from './forms/date-field.service';
import { datesInWords, dayInWords, deadlineInWords, whenInWords } from './forms/words.service';
import { PageRenderer } from './page-renderer.service';
import {
  CASE_OPENS_AFTER_UPDATE,
  WORKFLOW_OF_NEWER_BUILD,
} from '../http/service-updating.presenter';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { CurrentStaff, StaffPage } from './staff-page.guard';

/** The officer's one screen (what is stuck, on whom, which deadline is at risk) and every case, found. */
@ApiExcludeController()
@Controller('cases')
export class DashboardController {
  constructor(
    private readonly ds: DataSource,
    private readonly search: CaseSearchRepository,
    private readonly dashboard: OfficerDashboardService,
    private readonly pages: PageRenderer,
    private readonly calendar: CalendarFeedService,
    private readonly meetings: ListMeetingsUseCase,
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('officer', 'governance_lead')
  async show(
    @Query('stage') stage: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    // A stage the dashboard does not list (stale or made up) shows every open case.
    const d = await this.dashboard.build(
      staff.tenantId,
      typeof stage === 'string' ? stage : undefined,
    );
    const chosen = d.chosen;
    const today = londonDate(this.clock.now());
    const { items: listed } = await this.meetings.list(staff.tenantId, {});
    const soon = listed.filter((m) => m.meetingDate >= today && m.meetingDate <= d.windowEnds);
    this.pages.html(res, 'dashboard.njk', {
      staff,
      d,
      calendarPath: this.calendar.feedPath('people', staff.person.id),
      windowEndsWords: dayInWords(d.windowEnds),
      // An agenda not yet published days before its meeting: says by when it had to be (reg 7).
      meetings: soon.reverse().map((m) => ({
        id: m.id,
        // The body and the date only where the title the council typed does not already say them.
        ...meetingLine(m.title, m.bodyName, m.meetingDate),
        agenda: m.agendaPublishedOn
          ? `published ${dayInWords(m.agendaPublishedOn)}`
          : `not yet published (${m.publishAgendaBy?.byWhen ?? 'publish it now'})`,
      })),
      chosen: chosen && { ...chosen, template: workflowNamed(chosen.template) },
      openWords: countInWords(d.openCount, d.openMore),
      overdueWords: countInWords(d.overdueCount, d.overdueMore),
      overdueRest: countInWords(
        d.overdueCount - Math.min(d.overdue.length, d.overdueCount),
        d.overdueMore,
      ),
      stageRows: d.byStage.map((s) => [
        {
          html: `<a class="govuk-link" href="/cases?stage=${encodeURIComponent(s.stage)}">${escapeHtml(workflowNamed(s.template))}: ${escapeHtml(s.stageName)}</a>`,
        },
        { text: countInWords(s.count, s.more), format: 'numeric' },
      ]),
      listed: DASHBOARD_LIST,
      // A case on a template version this build lacks is listed in its place, unlinked, saying
      // that it opens once the update has finished (its deadlines' names are its version's).
      overdue: d.overdue.map((c) => ({
        id: c.id,
        reference: c.reference,
        title: c.title,
        updating: 'notInThisBuild' in c ? CASE_OPENS_AFTER_UPDATE : '',
        what:
          'notInThisBuild' in c
            ? 'a deadline passed'
            : `${c.overdue
                .map((k) => {
                  const t = findTemplate(c.template.id, c.template.version);
                  return t ? deadlineWords(t, k) : inWords(k);
                })
                .join(', ')} deadline passed`,
      })),
      failedEmails: d.failedEmails.map((f) => ({
        ...f,
        updating: f.problem === null ? CASE_OPENS_AFTER_UPDATE : '',
        problem: f.problem ?? 'an email failed',
      })),
      open: d.open.map((c) => {
        if ('notInThisBuild' in c)
          return {
            id: c.id,
            title: c.title,
            updating: CASE_OPENS_AFTER_UPDATE,
            rows: [
              { key: { text: 'Reference' }, value: { text: c.reference } },
              { key: { text: 'Last changed' }, value: { text: whenInWords(c.updatedAt) } },
            ],
          };
        const next = c.openDeadlines.find((x) => x.kind === 'deadline');
        return {
          id: c.id,
          title: c.title,
          updating: '',
          rows: [
            { key: { text: 'Reference' }, value: { text: c.reference } },
            { key: { text: 'Where it stands' }, value: { text: datesInWords(c.state.summary) } },
            {
              key: { text: 'Waiting for' },
              value: {
                text:
                  c.awaiting.map((a) => `${a.person?.name ?? 'nobody'} (${a.label})`).join('; ') ||
                  'nobody',
              },
            },
            { key: { text: 'Last changed' }, value: { text: whenInWords(c.updatedAt) } },
            {
              key: { text: 'Next deadline' },
              value: { text: next ? deadlineInWords(next.dueAt) : 'none' },
            },
          ],
        };
      }),
      // Likewise a deadline of such a case: unnamed (its name is its version's), its case unlinked.
      due: d.dueSoon.map((x) => ({
        caseId: x.caseId,
        reference: x.reference,
        title: x.title,
        updating: x.words === null ? CASE_OPENS_AFTER_UPDATE : '',
        what: x.words === null ? 'a deadline' : `${x.words} deadline`,
        when: deadlineInWords(x.dueAt),
      })),
    });
  }

  /** Every case of the council, open and closed: searched, counted and paged by the database. */
  @Get('find')
  @StaffPage('officer', 'governance_lead')
  async find(
    @Query() q: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const query = readCaseQuery(q);
    const upTo = countedUpTo(query.page);
    const total = query.errors.any
      ? 0
      : await this.search.count(scopeOf(staff), this.ds.manager, query.search, upTo);
    const paging = pagination(query, total, upTo);
    const page = Math.min(query.page, paging.pages);
    const rows = query.errors.any
      ? []
      : await this.search.page(
          scopeOf(staff),
          this.ds.manager,
          query.search,
          CASES_PER_PAGE,
          (page - 1) * CASES_PER_PAGE,
        );
    const ids = new Set<string>();
    const templates = listTemplates()
      .filter((t) => !ids.has(t.id) && ids.add(t.id))
      .map((t) => ({
        value: t.id,
        text: findTemplate(t.id)?.title ?? t.title,
        selected: t.id === query.search.templateId,
      }));
    const dateError = (name: string) => query.errors.for(`${name}-day`);
    this.pages.html(
      res,
      'cases-find.njk',
      {
        staff,
        typed: query.typed,
        errors: query.errors.items,
        templates: [{ value: '', text: 'Any workflow' }, ...templates],
        statuses: [
          { value: '', text: 'Open or closed', checked: !query.search.status },
          { value: 'open', text: 'Open', checked: query.search.status === 'open' },
          { value: 'closed', text: 'Closed', checked: query.search.status === 'closed' },
        ],
        from: {
          errorMessage: dateError('from'),
          items: dateInputItems('from', query.typed.from, !!dateError('from')),
        },
        to: {
          errorMessage: dateError('to'),
          items: dateInputItems('to', query.typed.to, !!dateError('to')),
        },
        cases: rows.map(caseListItem),
        total,
        totalWords: totalInWords(total, upTo),
        more: total > upTo,
        first: (total ? (page - 1) * CASES_PER_PAGE + 1 : 0).toLocaleString('en-GB'),
        last: ((page - 1) * CASES_PER_PAGE + rows.length).toLocaleString('en-GB'),
        paging,
        csvHref: `/cases/find.csv${queryString({ ...query, page: 1 })}`,
      },
      query.errors.any ? 422 : 200,
    );
  }

  /** The same search as CSV, every matching case (read in batches, written as it is read). */
  @Get('find.csv')
  @StaffPage('officer', 'governance_lead')
  async csv(
    @Query() q: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const query = readCaseQuery(q);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment(`cases-${londonDate(this.clock.now())}.csv`);
    res.write(`\uFEFF${CSV_HEADER.join(',')}\r\n`);
    if (!query.errors.any)
      for await (const batch of this.search.all(scopeOf(staff), this.ds.manager, query.search))
        if (batch.length) res.write(batch.map((c) => `${csvLine(c)}\r\n`).join(''));
    res.end();
  }
}

/** A template's title, or in words one new to this build (its key is no name for people). */
const workflowNamed = (title: string | null): string => title ?? WORKFLOW_OF_NEWER_BUILD;

/** A count as the dashboard says it: "261", "1,250", or "more than 1,000" where it stopped counting. */
function countInWords(count: number, more: boolean): string {
  return `${more ? 'more than ' : ''}${count.toLocaleString('en-GB')}`;
}
