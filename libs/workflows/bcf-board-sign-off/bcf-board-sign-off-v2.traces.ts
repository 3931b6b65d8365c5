import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_BOARD_SIGN_OFF_V1_TRACES as V1 } from './bcf-board-sign-off.traces';

/**
 * Version 2's traces: version 1's journeys and refusals on a plan nine years on (national deadline
 * 11 September 2026, assurance expected 30 October 2026), the HWBB's outcome taken from its
 * meeting's show of hands (consensus, referred back, deferred then decided at a later meeting),
 * the Integrated Care Board's Chief Executive approving; and the payloads the new rules refuse (a
 * decision typed rather than from the meeting, version 1's typed approval).
 */

/** Version 1's events nine years on (a day of 2017 becomes the same day of 2026). */
const later = (payload: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(payload).replace(/"2017-(\d\d-\d\d)"/g, '"2026-$1"')) as Record<
    string,
    unknown
  >;

const TYPED = ['RECORD_HWBB_APPROVAL', 'RECORD_HWBB_REJECTION'];
const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events)
    .filter(([name]) => !TYPED.includes(name))
    .map(([name, e]) => [name, { ...e, payload: later(e.payload) }]),
);

const MEETING = { meetingDate: '2026-09-02', minuteReference: '"BCF plan", meeting of 2026-09-02' };
const LATER = { meetingDate: '2026-09-09', minuteReference: '"BCF plan", meeting of 2026-09-09' };
const decided = (at: typeof MEETING, outcome: string) => ({
  type: 'RECORD_HWBB_DECISION',
  ...at,
  outcome,
  fromMeeting: true,
});

/** A journey of version 1 with the HWBB's typed approval replaced by its meeting's consensus. */
const fromTheMeeting = (steps: string[]) =>
  steps.map((s) => (s === 'RECORD_HWBB_APPROVAL' ? 'RECORD_HWBB_DECISION, consensus' : s));

export const BCF_BOARD_SIGN_OFF_V2_TRACES: TracePlan = {
  template: 'bcf-board-sign-off',
  version: 2,
  opening: {
    on: '2026-07-03',
    dates: { nationalDeadline: '2026-09-11', expectedAssuranceDate: '2026-10-30' },
  },
  events: {
    ...V1_EVENTS,
    ...sentAs({
      'APPROVE, the Integrated Care Board’s Chief Executive': {
        type: 'APPROVE',
        role: 'accountableOfficer',
        comments: 'Approved for the Integrated Care Board',
      },
      'RECORD_HWBB_DECISION, consensus': decided(MEETING, 'consensus'),
      'RECORD_HWBB_DECISION, referred back': decided(MEETING, 'referredBack'),
      'RECORD_HWBB_DECISION, deferred': decided(MEETING, 'deferred'),
      'RECORD_HWBB_DECISION, consensus at a later meeting': decided(LATER, 'consensus'),
      'RECORD_HWBB_DECISION, referred back at a later meeting': decided(LATER, 'referredBack'),
      'RECORD_HWBB_DECISION, deferred again at a later meeting': decided(LATER, 'deferred'),
      'RECORD_HWBB_DECISION, typed, not from the meeting': {
        type: 'RECORD_HWBB_DECISION',
        ...MEETING,
        outcome: 'consensus',
      },
      'RECORD_HWBB_DECISION, an outcome no meeting gives': decided(MEETING, 'approved'),
      'RECORD_HWBB_APPROVAL, typed as version 1 took it': {
        type: 'RECORD_HWBB_APPROVAL',
        ...MEETING,
      },
    }),
  },
  journeys: {
    'approved by the meeting’s consensus and both chief executives, submitted and assured with conditions, each then met':
      fromTheMeeting(
        V1.journeys!['approved by all three, submitted and assured with conditions, each then met'],
      ),
    'rejected by the ICB, approved again, not assured, resubmitted and assured': fromTheMeeting(
      V1.journeys![
        'rejected by the Accountable Officer, approved again, not assured, resubmitted and assured'
      ],
    ),
    'deferred by the meeting, approved by consensus at a later meeting, submitted and assured': [
      'RECORD_ARRANGEMENTS',
      'APPROVE, the Chief Executive',
      'RECORD_HWBB_DECISION, deferred',
      'REMINDER_DUE, submission',
      'APPROVE, the Integrated Care Board’s Chief Executive',
      'RECORD_HWBB_DECISION, consensus at a later meeting',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
    'referred back by the meeting, revised, approved by consensus, submitted and assured': [
      'RECORD_ARRANGEMENTS',
      'RECORD_HWBB_DECISION, referred back',
      'SEEK_APPROVAL',
      'RECORD_HWBB_DECISION, consensus at a later meeting',
      'APPROVE, the Chief Executive',
      'APPROVE, the Integrated Care Board’s Chief Executive',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
  },
};
