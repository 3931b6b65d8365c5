import fc from 'fast-check';
import { CouncilCalendar } from './clear-days.service';
import { itemNoticeDeadlines } from './notice-deadlines.service';
import { checkNotices } from './notices.service';
import { addDays } from './working-day-calendar.service';

const calendar = new CouncilCalendar();
const dateArb = fc.integer({ min: 0, max: 6 * 365 }).map((n) => addDays('2021-01-01', n));

describe('itemNoticeDeadlines', () => {
  it('states the latest day for the report of a meeting after a bank holiday weekend', () => {
    // Thu 4 Sep 2025; Mon 25 Aug 2025 is the Summer bank holiday.
    const d = itemNoticeDeadlines(
      { meetingOn: '2025-09-04', keyDecision: true, privateItem: false },
      calendar,
    );
    expect(d.report.byWhen).toMatch(/^publish the agenda and report by \w{3} \d+ \w{3} 2025$/);
    expect(d.report.explanation[0]).toBe('meeting Thu 4 Sep 2025; 5 clear days needed');
    expect(d.keyDecisionNotice?.clearDays).toBe(28);
    expect(d.privateNotice).toBeNull();
  });

  it('takes a body’s own longer period, saying so', () => {
    const d = itemNoticeDeadlines(
      { meetingOn: '2025-09-04', keyDecision: false, privateItem: true },
      calendar,
      {
        reportClearDays: 10,
        keyDecisionNoticeClearDays: 28,
        privateNoticeClearDays: 28,
        source: 'Cabinet procedure rule 4',
      },
    );
    expect(d.report.clearDays).toBe(10);
    expect(d.report.explanation[0]).toBe(
      'the body’s own rule asks for 10 clear days (Cabinet procedure rule 4)',
    );
    expect(d.keyDecisionNotice).toBeNull();
    expect(d.privateNotice?.clearDays).toBe(28);
  });

  it('a report published on its last working day meets the rule, a day later does not (property)', () => {
    fc.assert(
      fc.property(dateArb, (meetingOn) => {
        const d = itemNoticeDeadlines(
          { meetingOn, keyDecision: false, privateItem: false },
          calendar,
        );
        const verdict = (reportPublishedOn: string) =>
          checkNotices(
            {
              itemTitle: 'x',
              meetingOn,
              keyDecision: false,
              forwardPlanPublishedOn: null,
              generalException: null,
              specialUrgency: null,
              reportPublishedOn,
              lateItemSpecialCircumstances: null,
              privateItem: null,
            },
            calendar,
          ).verdicts.find((v) => v.code.startsWith('REPORT'))!;
        expect(verdict(d.report.lastWorkingDay).met).toBe(true);
        expect(verdict(d.report.latestDay).met).toBe(true);
        expect(verdict(addDays(d.report.latestDay, 1)).met).toBe(false);
      }),
    );
  });
});
