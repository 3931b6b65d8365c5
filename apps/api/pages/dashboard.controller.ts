import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../libs/engine/clock.service';
import { OfficerDashboardService, stageOf } from '../../../libs/engine/officer-dashboard.service';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { MeetingsUseCase } from '../../../libs/meetings/meetings.use-case';
import { dateInWords, escapeHtml } from '../../../libs/notifications/email-message.service';
import { CalendarFeedService } from '../../../libs/notifications/calendar-feed.service';
import { PageRenderer } from './page-renderer.service';
import { StaffPages } from './staff-pages.service';

/** The officer's one screen: what is stuck, on whom, and which deadline is at risk. */
@ApiExcludeController()
@Controller('cases')
export class DashboardController {
  constructor(
    private readonly dashboard: OfficerDashboardService,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
    private readonly calendar: CalendarFeedService,
    private readonly meetings: MeetingsUseCase,
    private readonly clock: Clock,
  ) {}

  @Get()
  async show(@Query('stage') stage: unknown, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['officer', 'governance_lead']);
    if (!staff) return;
    const d = await this.dashboard.build(staff.tenantId);
    // A stage the dashboard does not list (stale or made up) shows every open case.
    const chosen = d.byStage.find((s) => s.stage === stage) ?? null;
    const shown = chosen ? d.open.filter((c) => stageOf(c) === chosen.stage) : d.open;
    const today = londonDate(this.clock.now());
    const { items: meetings } = await this.meetings.list(staff.tenantId, {});
    const meetingRows = meetings
      .filter((m) => m.meetingDate >= today && m.meetingDate <= d.windowEnds)
      .reverse()
      .map((m) => [
        { html: `<a class="govuk-link" href="/meetings/${m.id}">${escapeHtml(m.title)}</a>` },
        { text: m.bodyName },
        { text: dateInWords(m.meetingDate) },
        { text: m.agendaPublishedOn ? dateInWords(m.agendaPublishedOn) : 'not yet' },
      ]);
    const when = (iso: string) => `${dateInWords(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
    this.pages.html(res, 'dashboard.njk', {
      staff,
      d,
      calendarPath: this.calendar.feedPath('people', staff.person.id),
      windowEndsWords: dateInWords(d.windowEnds),
      meetingRows,
      chosen,
      stageRows: d.byStage.map((s) => [
        {
          html: `<a class="govuk-link" href="/cases?stage=${encodeURIComponent(s.stage)}">${escapeHtml(s.template)}: ${escapeHtml(s.stageName)}</a>`,
        },
        { text: String(s.count), format: 'numeric' },
      ]),
      openRows: shown.map((c) => [
        { html: `<a class="govuk-link" href="/cases/${c.id}">${escapeHtml(c.title)}</a>` },
        { text: c.state.summary },
        {
          text:
            c.awaiting.map((a) => `${a.person?.name ?? 'nobody'} (${a.label})`).join('; ') ||
            'nobody',
        },
        { text: when(c.updatedAt) },
        { text: nextDeadlineWords(c, when) },
      ]),
      dueRows: d.dueSoon.map((x) => [
        { html: `<a class="govuk-link" href="/cases/${x.caseId}">${escapeHtml(x.title)}</a>` },
        { text: `${x.key} deadline` },
        { text: when(x.dueAt) },
      ]),
    });
  }
}

function nextDeadlineWords(
  c: { openDeadlines: { kind: string; dueAt: string }[] },
  when: (iso: string) => string,
): string {
  const next = c.openDeadlines.find((x) => x.kind === 'deadline');
  return next ? when(next.dueAt) : 'none';
}
