import fc from 'fast-check';
import { CouncilCalendar, daysFromTo } from './clear-days.service';
import {
  keyDecisionNotice,
  KEY_DECISION_NOTICE_CLEAR_DAYS,
  type ItemNoticeFacts,
} from './notices.service';
import { addDays } from './working-day-calendar.service';

/**
 * The 28 clear days of reg 9 (the forward plan's notice of a key decision), as properties over
 * publication and decision days from 2021 to 2028, bank holidays included.
 */
const day = fc.integer({ min: 0, max: 7 * 365 }).map((n) => addDays('2021-01-01', n));
const gap = fc.integer({ min: 0, max: 90 });

const facts = (publishedOn: string | null, decidedOn: string): ItemNoticeFacts => ({
  itemTitle: 'the matter',
  meetingOn: decidedOn,
  keyDecision: true,
  forwardPlanPublishedOn: publishedOn,
  generalException: null,
  specialUrgency: null,
  reportPublishedOn: null,
  lateItemSpecialCircumstances: null,
  privateItem: null,
});

describe('the key decision notice: 28 clear days from the forward plan', () => {
  const working = new CouncilCalendar();
  const everyDay = new CouncilCalendar({ weekendsCountAsClearDays: true });

  it('is met exactly when the clear days between publication and decision number at least 28', () => {
    fc.assert(
      fc.property(day, gap, (published, n) => {
        const decided = addDays(published, n);
        const { count } = working.clearDaysBetween(published, decided);
        const v = keyDecisionNotice(facts(published, decided), working);
        expect(v.met).toBe(count >= KEY_DECISION_NOTICE_CLEAR_DAYS);
        expect(v.code).toBe(v.met ? 'KEY_DECISION_ON_FORWARD_PLAN' : 'KEY_DECISION_NOTICE_NOT_MET');
      }),
    );
  });

  it('counts neither the day of publication nor the day of the decision when every day is clear', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 90 }), (published, n) => {
        const decided = addDays(published, n);
        expect(everyDay.clearDaysBetween(published, decided).count).toBe(n - 1);
        expect(keyDecisionNotice(facts(published, decided), everyDay).met).toBe(
          daysFromTo(published, decided) >= KEY_DECISION_NOTICE_CLEAR_DAYS + 1,
        );
      }),
    );
  });

  it('once met, stays met for any later decision day; never met without a plan or an exception', () => {
    fc.assert(
      fc.property(day, gap, gap, (published, n, later) => {
        const decided = addDays(published, n);
        if (keyDecisionNotice(facts(published, decided), working).met)
          expect(keyDecisionNotice(facts(published, addDays(decided, later)), working).met).toBe(
            true,
          );
        expect(keyDecisionNotice(facts(null, decided), working).met).toBe(false);
      }),
    );
  });

  it('needs more working-day clear days than calendar days allow: never met within 28 days of publication', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 28 }), (published, n) => {
        expect(keyDecisionNotice(facts(published, addDays(published, n)), working).met).toBe(false);
      }),
    );
  });
});
