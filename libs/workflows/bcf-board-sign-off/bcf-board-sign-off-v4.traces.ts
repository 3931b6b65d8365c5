import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_BOARD_SIGN_OFF_V3_TRACES as V3 } from './bcf-board-sign-off-v3.traces';

/**
 * Version 4's traces: version 3's journeys, each approval the Board gives again (after the plan
 * came back) from a meeting after the last; and, probed where they arise, the outcomes of meetings
 * not later than the last meeting on the plan, which the machine does not take: the arrangements
 * agreed at a meeting of 1 July after the meeting of 8 July deferred them, and the plan approved at
 * the meeting that referred it back.
 */

const at = (meetingDate: string) => ({
  meetingDate,
  minuteReference: `"BCF plan: arrangements", meeting of ${meetingDate}`,
  arrangements: V3.events.RECORD_PROPOSED_ARRANGEMENTS.payload.arrangements,
});

/** The Board's approval of the plan each time it is sought again, from a later meeting. */
const APPROVALS = [
  'RECORD_HWBB_DECISION, consensus',
  'RECORD_HWBB_DECISION, consensus at a later meeting',
  'RECORD_HWBB_DECISION, consensus at a third meeting',
];

/** Version 3's journeys, each approval by the Board from a meeting after the last. */
const laterEachTime = (steps: string[]) => {
  let approvals = 0;
  return steps.map((s) => (s === 'RECORD_HWBB_DECISION, consensus' ? APPROVALS[approvals++] : s));
};

export const BCF_BOARD_SIGN_OFF_V4_TRACES: TracePlan = {
  template: 'bcf-board-sign-off',
  version: 4,
  opening: V3.opening,
  events: {
    ...V3.events,
    ...sentAs({
      'RECORD_ARRANGEMENTS, consensus at a meeting before the deferring one': {
        type: 'RECORD_ARRANGEMENTS',
        ...at('2026-07-01'),
        outcome: 'consensus',
        fromMeeting: true,
      },
      'RECORD_HWBB_DECISION, consensus at a third meeting': {
        type: 'RECORD_HWBB_DECISION',
        meetingDate: '2026-09-16',
        minuteReference: '"BCF plan", meeting of 2026-09-16',
        outcome: 'consensus',
        fromMeeting: true,
      },
    }),
  },
  journeys: {
    ...Object.fromEntries(
      Object.entries(V3.journeys!).map(([name, steps]) => [name, laterEachTime(steps)]),
    ),
    'arrangements deferred on 8 July, agreed on 26 July (not by a show of hands of 1 July), then approved and submitted':
      [
        'RECORD_PROPOSED_ARRANGEMENTS',
        'RECORD_ARRANGEMENTS, deferred',
        'RECORD_ARRANGEMENTS',
        'APPROVE, the Chief Executive',
        'APPROVE, the Integrated Care Board’s Chief Executive',
        'RECORD_HWBB_DECISION, consensus',
        'RECORD_SUBMISSION',
        'RECORD_ASSURANCE, approved',
      ],
    'referred back by the meeting, approved by a later one (not by the referring one), submitted and assured':
      [
        'RECORD_PROPOSED_ARRANGEMENTS',
        'RECORD_ARRANGEMENTS',
        'RECORD_HWBB_DECISION, referred back',
        'SEEK_APPROVAL',
        'RECORD_HWBB_DECISION, consensus at a later meeting',
        'APPROVE, the Chief Executive',
        'APPROVE, the Integrated Care Board’s Chief Executive',
        'RECORD_SUBMISSION',
        'RECORD_ASSURANCE, approved',
      ],
    'deferred by the meeting, referred back by a later one, approved at a third': [
      'RECORD_PROPOSED_ARRANGEMENTS',
      'RECORD_ARRANGEMENTS',
      'RECORD_HWBB_DECISION, deferred',
      'RECORD_HWBB_DECISION, referred back at a later meeting',
      'SEEK_APPROVAL',
      'RECORD_HWBB_DECISION, consensus at a third meeting',
      'APPROVE, the Chief Executive',
      'APPROVE, the Integrated Care Board’s Chief Executive',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
    'deferred by two meetings, approved at a third': [
      'RECORD_PROPOSED_ARRANGEMENTS',
      'RECORD_ARRANGEMENTS',
      'RECORD_HWBB_DECISION, deferred',
      'RECORD_HWBB_DECISION, deferred again at a later meeting',
      'RECORD_HWBB_DECISION, consensus at a third meeting',
      'APPROVE, the Chief Executive',
      'APPROVE, the Integrated Care Board’s Chief Executive',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
  },
};
