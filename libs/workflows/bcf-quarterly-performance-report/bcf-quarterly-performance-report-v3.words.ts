import type { EventWords, TemplateWords } from '../template-words';
import { bcfQuarterlyPerformanceReportV2Words as v2 } from './bcf-quarterly-performance-report-v2.words';

/**
 * Version 3's words: version 2's, without the typed sign-off, deferral and HWBB outcome, with the
 * JCB's and the HWBB's outcomes from their meetings' show of hands (never a form: the meeting
 * records them).
 */
const {
  RECORD_JCB_SIGN_OFF: _typedSignOff,
  RECORD_JCB_DEFERRAL: _typedDeferral,
  RECORD_HWBB_OUTCOME: _typedOutcome,
  ...kept
} = v2.events;

const fromTheMeeting = (body: string, agreed: string): EventWords => ({
  action: `Record the ${body}’s show of hands at its meeting`,
  done: `The ${body}’s meeting decided on the report by a show of hands`,
  fromMeeting: true,
  fields: {
    outcome: {
      label: 'What the meeting decided',
      name: 'what the meeting decided',
      options: {
        consensus: agreed,
        referredBack: 'Referred back for revision',
        deferred: 'Deferred to a later meeting',
      },
    },
    fromMeeting: { label: 'From the meeting’s show of hands', hidden: true },
  },
});

export const bcfQuarterlyPerformanceReportV3Words: TemplateWords = {
  dates: v2.dates,
  events: {
    ...kept,
    RECORD_JCB_DECISION: fromTheMeeting('JCB', 'Signed off by consensus'),
    RECORD_HWBB_DECISION: fromTheMeeting('HWBB', 'Noted by consensus'),
  },
};
