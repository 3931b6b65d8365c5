import fc from 'fast-check';
import { CouncilCalendar } from './clear-days.service';
import {
  checkNotices,
  checkUrgencyAgreement,
  type ItemNoticeFacts,
  type UrgencyAgreement,
} from './notices.service';
import { addDays } from './working-day-calendar.service';

const calendar = new CouncilCalendar();
const calendarDays = new CouncilCalendar({ weekendsCountAsClearDays: true });
const MEETING = '2017-10-18'; // a JCB/HWBB meeting date in the seed's 2017/18 schedule

function facts(overrides: Partial<ItemNoticeFacts> = {}): ItemNoticeFacts {
  return {
    itemTitle: 'Better Care pooled budget commissioning decision',
    meetingOn: MEETING,
    keyDecision: true,
    forwardPlanPublishedOn: '2017-09-07',
    generalException: null,
    specialUrgency: null,
    reportPublishedOn: '2017-10-10',
    lateItemSpecialCircumstances: null,
    privateItem: null,
    ...overrides,
  };
}
const verdict = (f: Partial<ItemNoticeFacts>, rule: string, cal = calendar) =>
  checkNotices(facts(f), cal).verdicts.find((v) => v.rule === rule)!;

const scrutinyChair: UrgencyAgreement = {
  agreedBy: 'scrutinyChair',
  name: 'Cllr Fir, chair of the Health Overview and Scrutiny Panel',
  agreedOn: '2017-10-16',
};

describe('checkNotices: a key decision on time', () => {
  it('passes every rule with a forward plan notice of 28 clear days and a report 5 clear days ahead', () => {
    const r = checkNotices(facts(), calendar);
    expect(r.ok).toBe(true);
    expect(r.failures).toEqual([]);
    expect(r.verdicts.map((v) => v.code)).toEqual([
      'KEY_DECISION_ON_FORWARD_PLAN',
      'REPORT_ON_TIME',
      'PUBLIC_ITEM',
    ]);
  });

  it('explains the forward plan count so it can be checked', () => {
    const v = verdict({}, 'keyDecisionNotice');
    expect(v.explanation.slice(0, 4)).toEqual([
      '"Better Care pooled budget commissioning decision" is a key decision: notice at least 28 clear days before it (2012 Regulations reg 9), or the general exception (reg 10), or special urgency (reg 11)',
      'forward plan notice published Thu 7 Sep 2017: 28 clear days before Wed 18 Oct 2017, at least 28 needed: met',
      '  published Thu 7 Sep 2017; meeting Wed 18 Oct 2017',
      '  clear days exclude the day of publication and the day of the meeting; weekends, bank holidays and council closures do not count',
    ]);
  });

  it('needs no forward plan notice for a decision that is not key', () => {
    const v = verdict({ keyDecision: false, forwardPlanPublishedOn: null }, 'keyDecisionNotice');
    expect(v).toMatchObject({ met: true, code: 'NOT_A_KEY_DECISION' });
  });
});

describe('checkNotices: the key decision notice', () => {
  it('fails one working day short of 28 clear days with no other route', () => {
    const v = verdict({ forwardPlanPublishedOn: '2017-09-08' }, 'keyDecisionNotice');
    expect(v).toMatchObject({ met: false, code: 'KEY_DECISION_NOTICE_NOT_MET' });
    expect(v.explanation).toContain(
      'forward plan notice published Fri 8 Sep 2017: 27 clear days before Wed 18 Oct 2017, at least 28 needed: not met',
    );
    expect(v.explanation.slice(-3)).toEqual([
      'no general exception notice',
      'no special urgency agreement',
      'the key decision notice rule is not met: the decision cannot be taken at this meeting',
    ]);
  });

  it('counts 28 calendar days when the council counts weekends', () => {
    expect(
      verdict({ forwardPlanPublishedOn: '2017-09-19' }, 'keyDecisionNotice', calendarDays).met,
    ).toBe(true);
    expect(
      verdict({ forwardPlanPublishedOn: '2017-09-20' }, 'keyDecisionNotice', calendarDays).met,
    ).toBe(false);
    expect(
      verdict({ forwardPlanPublishedOn: '2017-09-19' }, 'keyDecisionNotice', calendar).met,
    ).toBe(false);
  });

  it('accepts the general exception: scrutiny chair told in writing and notice published 5 clear days ahead', () => {
    const v = verdict(
      {
        forwardPlanPublishedOn: null,
        generalException: {
          scrutinyChairToldInWritingOn: '2017-10-09',
          noticePublishedOn: '2017-10-10',
        },
      },
      'keyDecisionNotice',
    );
    expect(v).toMatchObject({ met: true, code: 'KEY_DECISION_GENERAL_EXCEPTION' });
    expect(v.explanation).toContain(
      'the later of the two was Tue 10 Oct 2017: 5 clear days before Wed 18 Oct 2017, at least 5 needed: met',
    );
  });

  it('counts the general exception from the later of telling the chair and publishing', () => {
    const v = verdict(
      {
        forwardPlanPublishedOn: null,
        generalException: {
          scrutinyChairToldInWritingOn: '2017-10-11',
          noticePublishedOn: '2017-10-02',
        },
      },
      'keyDecisionNotice',
    );
    expect(v.met).toBe(false);
    expect(v.explanation).toContain(
      'the later of the two was Wed 11 Oct 2017: 4 clear days before Wed 18 Oct 2017, at least 5 needed: not met',
    );
  });

  it('accepts special urgency agreed by the scrutiny chair', () => {
    const v = verdict(
      { forwardPlanPublishedOn: null, specialUrgency: scrutinyChair },
      'keyDecisionNotice',
    );
    expect(v).toMatchObject({ met: true, code: 'KEY_DECISION_SPECIAL_URGENCY' });
  });
});

describe('checkUrgencyAgreement: scrutiny chair, else council chair, else vice-chair', () => {
  it.each<[UrgencyAgreement, boolean]>([
    [scrutinyChair, true],
    [
      {
        agreedBy: 'councilChair',
        name: 'Cllr Gum',
        agreedOn: '2017-10-16',
        scrutinyChairUnavailable: 'on leave abroad',
      },
      true,
    ],
    [
      {
        agreedBy: 'councilChair',
        name: 'Cllr Gum',
        agreedOn: '2017-10-16',
        scrutinyChairUnavailable: ' ',
      },
      false,
    ],
    [
      {
        agreedBy: 'viceChair',
        name: 'Cllr Hazel',
        agreedOn: '2017-10-16',
        scrutinyChairUnavailable: 'on leave',
        councilChairUnavailable: 'declared an interest',
      },
      true,
    ],
    [
      {
        agreedBy: 'viceChair',
        name: 'Cllr Hazel',
        agreedOn: '2017-10-16',
        scrutinyChairUnavailable: 'on leave',
        councilChairUnavailable: '',
      },
      false,
    ],
    [{ ...scrutinyChair, agreedOn: '2017-10-19' }, false],
    [{ ...scrutinyChair, name: '' }, false],
  ])('%j is valid: %s', (agreement, valid) => {
    const r = checkUrgencyAgreement(agreement, MEETING);
    expect(r.valid).toBe(valid);
    if (!valid)
      expect(r.lines.at(-1)).toBe(
        'not a valid urgency agreement: it needs the scrutiny chair, else the council chair, else the vice-chair, each later one saying why the earlier could not, before the meeting',
      );
  });

  it('records why the earlier office holders could not agree', () => {
    const r = checkUrgencyAgreement(
      {
        agreedBy: 'councilChair',
        name: 'Cllr Gum',
        agreedOn: '2017-10-16',
        scrutinyChairUnavailable: 'on leave abroad',
      },
      MEETING,
    );
    expect(r.lines).toEqual([
      'Cllr Gum, chair of the council, agreed the matter is urgent; the scrutiny chair could not: on leave abroad',
    ]);
  });
});

describe('checkNotices: reports', () => {
  it.each([
    ['2017-10-10', true, 'REPORT_ON_TIME'],
    ['2017-10-11', false, 'REPORT_LATE'],
  ])('a report published %s is on time: %s (%s)', (publishedOn, met, code) => {
    expect(verdict({ reportPublishedOn: publishedOn }, 'reportPublication')).toMatchObject({
      met,
      code,
    });
  });

  it('counts 5 clear working days back over Christmas 2021 for a meeting on Wed 12 Jan 2022', () => {
    const f = { meetingOn: '2022-01-12', keyDecision: false };
    expect(verdict({ ...f, reportPublishedOn: '2022-01-04' }, 'reportPublication').met).toBe(true);
    expect(verdict({ ...f, reportPublishedOn: '2022-01-05' }, 'reportPublication').met).toBe(false);
  });

  it('accepts a late report when the chair records special circumstances', () => {
    const v = verdict(
      {
        reportPublishedOn: '2017-10-16',
        lateItemSpecialCircumstances: 'the NHS England deadline falls before the next meeting',
      },
      'reportPublication',
    );
    expect(v).toMatchObject({ met: true, code: 'REPORT_LATE_ITEM_ACCEPTED' });
    expect(v.explanation.at(-1)).toBe(
      'late item: the chair recorded the special circumstances: "the NHS England deadline falls before the next meeting"',
    );
  });

  it('refuses an unpublished report without recorded special circumstances, blank reasons included', () => {
    expect(verdict({ reportPublishedOn: null }, 'reportPublication').code).toBe(
      'REPORT_NOT_PUBLISHED',
    );
    expect(
      verdict({ reportPublishedOn: null, lateItemSpecialCircumstances: '  ' }, 'reportPublication')
        .code,
    ).toBe('REPORT_NOT_PUBLISHED');
    expect(
      verdict(
        { reportPublishedOn: null, lateItemSpecialCircumstances: 'urgent' },
        'reportPublication',
      ).code,
    ).toBe('REPORT_LATE_ITEM_ACCEPTED');
  });
});

describe('checkNotices: a private (Part 2) item', () => {
  const reasons = 'Information about the financial affairs of a provider (Schedule 12A para 3)';

  it('is met by 28 clear days’ notice with reasons', () => {
    expect(
      verdict(
        { privateItem: { noticePublishedOn: '2017-09-07', reasons, urgency: null } },
        'privateItemNotice',
      ),
    ).toMatchObject({ met: true, code: 'PRIVATE_NOTICE_GIVEN' });
  });

  it('is not met by a notice without reasons, nor by a short notice', () => {
    const noReasons = verdict(
      { privateItem: { noticePublishedOn: '2017-09-07', reasons: null, urgency: null } },
      'privateItemNotice',
    );
    expect(noReasons).toMatchObject({ met: false, code: 'PRIVATE_NOTICE_NOT_MET' });
    expect(noReasons.explanation).toContain(
      'the notice gives no reasons for excluding the public: not met',
    );
    expect(
      verdict(
        { privateItem: { noticePublishedOn: '2017-09-08', reasons, urgency: null } },
        'privateItemNotice',
      ).met,
    ).toBe(false);
  });

  it('is met by the urgency agreement of the scrutiny panel chair (JCB ToR 6.10)', () => {
    const r = checkNotices(
      facts({ privateItem: { noticePublishedOn: null, reasons, urgency: scrutinyChair } }),
      calendar,
    );
    expect(r.verdicts[2]).toMatchObject({ met: true, code: 'PRIVATE_URGENCY_AGREED' });
    expect(r.ok).toBe(true);
  });

  it('reports every failed rule at once', () => {
    const r = checkNotices(
      facts({
        forwardPlanPublishedOn: null,
        reportPublishedOn: null,
        privateItem: { noticePublishedOn: null, reasons: null, urgency: null },
      }),
      calendar,
    );
    expect(r.ok).toBe(false);
    expect(r.failures).toEqual([
      'KEY_DECISION_NOTICE_NOT_MET',
      'REPORT_NOT_PUBLISHED',
      'PRIVATE_NOTICE_NOT_MET',
    ]);
  });
});

describe('checkNotices: properties', () => {
  const dateArb = fc.integer({ min: 0, max: 6 * 365 }).map((n) => addDays('2021-06-01', n));

  it('meets the report rule exactly from the latest publication date back', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -3, max: 3 }), (meeting, shift) => {
        const latest = calendar.latestPublicationDate(meeting, 5).date;
        const published = addDays(latest, shift);
        const v = checkNotices(
          facts({ meetingOn: meeting, keyDecision: false, reportPublishedOn: published }),
          calendar,
        ).verdicts[1];
        return v.met === published <= latest;
      }),
    );
  });

  it('never fails a rule by publishing a notice earlier', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (meeting, before, earlier) => {
          const published = addDays(meeting, -before);
          const a = checkNotices(
            facts({
              meetingOn: meeting,
              forwardPlanPublishedOn: published,
              reportPublishedOn: published,
            }),
            calendar,
          );
          const b = checkNotices(
            facts({
              meetingOn: meeting,
              forwardPlanPublishedOn: addDays(published, -earlier),
              reportPublishedOn: addDays(published, -earlier),
            }),
            calendar,
          );
          return b.failures.length <= a.failures.length;
        },
      ),
    );
  });

  it('gives every verdict a code and an explanation ending in words', () => {
    fc.assert(
      fc.property(dateArb, fc.boolean(), fc.option(dateArb, { nil: null }), (meeting, key, fp) => {
        const r = checkNotices(
          facts({ meetingOn: meeting, keyDecision: key, forwardPlanPublishedOn: fp }),
          calendar,
        );
        return (
          r.verdicts.every(
            (v) =>
              v.code.length > 0 &&
              v.explanation.length > 0 &&
              /[a-z]/i.test(v.explanation[v.explanation.length - 1]),
          ) && r.ok === (r.failures.length === 0)
        );
      }),
    );
  });
});
