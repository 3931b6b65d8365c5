import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V2_TRACES as V2 } from './bcf-quarterly-performance-report-v2.traces';

/**
 * Version 3's traces: version 2's reports (Q1 2026/27 at the JCB on 20 August 2026, the year-end
 * report) with the JCB's and the HWBB's outcomes taken from their meetings' show of hands
 * (consensus, deferred or referred back, then a later meeting); and the payloads the new rules
 * refuse (a decision typed rather than from the meeting, version 2's typed sign-off, an outcome no
 * meeting gives).
 */

const TYPED = ['RECORD_JCB_SIGN_OFF', 'RECORD_JCB_DEFERRAL', 'RECORD_HWBB_OUTCOME'];
const V2_EVENTS = Object.fromEntries(
  Object.entries(V2.events).filter(([name]) => !TYPED.some((t) => name.startsWith(t))),
);

const at = (body: string, meetingDate: string) => ({
  meetingDate,
  minuteReference: `"BCF performance report", meeting of ${meetingDate}`,
  body,
});
const JCB = at('RECORD_JCB_DECISION', '2026-08-20');
const JCB_LATER = at('RECORD_JCB_DECISION', '2026-08-27');
const HWBB = at('RECORD_HWBB_DECISION', '2026-08-26');
const HWBB_LATER = at('RECORD_HWBB_DECISION', '2026-09-02');
const JCB_THIRD = at('RECORD_JCB_DECISION', '2026-09-03');
const HWBB_THIRD = at('RECORD_HWBB_DECISION', '2026-09-09');
const decided = (m: typeof JCB, outcome: string) => ({
  type: m.body,
  meetingDate: m.meetingDate,
  minuteReference: m.minuteReference,
  outcome,
  fromMeeting: true,
});

export const BCF_QUARTERLY_PERFORMANCE_REPORT_V3_TRACES: TracePlan = {
  template: 'bcf-quarterly-performance-report',
  version: 3,
  opening: V2.opening,
  events: {
    ...V2_EVENTS,
    ...sentAs({
      'RECORD_JCB_DECISION, consensus': decided(JCB, 'consensus'),
      'RECORD_JCB_DECISION, deferred': decided(JCB, 'deferred'),
      'RECORD_JCB_DECISION, referred back': decided(JCB, 'referredBack'),
      'RECORD_JCB_DECISION, consensus at a later meeting': decided(JCB_LATER, 'consensus'),
      'RECORD_JCB_DECISION, deferred again at a later meeting': decided(JCB_LATER, 'deferred'),
      'RECORD_JCB_DECISION, referred back at a later meeting': decided(JCB_LATER, 'referredBack'),
      'RECORD_HWBB_DECISION, consensus': decided(HWBB, 'consensus'),
      'RECORD_HWBB_DECISION, deferred': decided(HWBB, 'deferred'),
      'RECORD_HWBB_DECISION, referred back': decided(HWBB, 'referredBack'),
      'RECORD_HWBB_DECISION, consensus at a later meeting': decided(HWBB_LATER, 'consensus'),
      'RECORD_HWBB_DECISION, deferred again at a later meeting': decided(HWBB_LATER, 'deferred'),
      'RECORD_HWBB_DECISION, referred back at a later meeting': decided(HWBB_LATER, 'referredBack'),
      'RECORD_JCB_DECISION, consensus at a third meeting': decided(JCB_THIRD, 'consensus'),
      'RECORD_HWBB_DECISION, consensus at a third meeting': decided(HWBB_THIRD, 'consensus'),
      'RECORD_JCB_DECISION, typed, not from the meeting': {
        type: 'RECORD_JCB_DECISION',
        meetingDate: JCB.meetingDate,
        minuteReference: JCB.minuteReference,
        outcome: 'consensus',
      },
      'RECORD_HWBB_DECISION, typed, not from the meeting': {
        type: 'RECORD_HWBB_DECISION',
        meetingDate: HWBB.meetingDate,
        minuteReference: HWBB.minuteReference,
        outcome: 'consensus',
      },
      'RECORD_JCB_DECISION, an outcome no meeting gives': decided(JCB, 'noted'),
      'RECORD_JCB_SIGN_OFF, typed as version 2 took it': {
        type: 'RECORD_JCB_SIGN_OFF',
        meetingDate: JCB.meetingDate,
        minuteReference: 'JCB 20 Aug 2026, item 6',
      },
      'RECORD_HWBB_OUTCOME, typed as version 2 took it': {
        type: 'RECORD_HWBB_OUTCOME',
        outcome: 'noted',
        meetingDate: HWBB.meetingDate,
        minuteReference: 'HWBB 26 Aug 2026, item 7',
      },
    }),
  },
  journeys: {
    'a quarter’s report: prepared, signed off by the JCB’s consensus and submitted to NHS England':
      ['RECORD_PREPARED, Q1', 'RECORD_JCB_DECISION, consensus', 'RECORD_SUBMISSION'],
    'the year-end report: signed off by the JCB’s consensus, noted by the HWBB’s and submitted': [
      'RECORD_PREPARED, year-end',
      'RECORD_JCB_DECISION, consensus',
      'RECORD_HWBB_DECISION, consensus',
      'RECORD_SUBMISSION',
    ],
    'a quarter deferred by the JCB, signed off by consensus at a later meeting and submitted': [
      'RECORD_PREPARED, Q1',
      'DEADLINE_PASSED, JCB',
      'RECORD_JCB_DECISION, deferred',
      'RECORD_JCB_DECISION, consensus at a later meeting',
      'RECORD_SUBMISSION',
    ],
    'the year-end report deferred by the HWBB, noted at a later meeting and submitted': [
      'RECORD_PREPARED, year-end',
      'RECORD_JCB_DECISION, consensus',
      'RECORD_HWBB_DECISION, deferred',
      'RECORD_HWBB_DECISION, consensus at a later meeting',
      'RECORD_SUBMISSION',
    ],
    'the year-end report referred back by the HWBB, signed off again by a later JCB, noted and submitted':
      [
        'RECORD_PREPARED, year-end',
        'RECORD_JCB_DECISION, consensus',
        'RECORD_HWBB_DECISION, referred back',
        'RECORD_JCB_DECISION, consensus at a later meeting',
        'RECORD_HWBB_DECISION, consensus at a later meeting',
        'RECORD_SUBMISSION',
      ],
    'the year-end report deferred twice by the HWBB, noted at a third meeting and submitted': [
      'RECORD_PREPARED, year-end',
      'RECORD_JCB_DECISION, consensus',
      'RECORD_HWBB_DECISION, deferred',
      'RECORD_HWBB_DECISION, deferred again at a later meeting',
      'RECORD_HWBB_DECISION, consensus at a third meeting',
      'RECORD_SUBMISSION',
    ],
    'the year-end report deferred by the HWBB, then referred back, signed off again and noted': [
      'RECORD_PREPARED, year-end',
      'RECORD_JCB_DECISION, consensus',
      'RECORD_HWBB_DECISION, deferred',
      'RECORD_HWBB_DECISION, referred back at a later meeting',
      'RECORD_JCB_DECISION, consensus at a third meeting',
      'RECORD_HWBB_DECISION, consensus at a third meeting',
      'RECORD_SUBMISSION',
    ],
  },
};
