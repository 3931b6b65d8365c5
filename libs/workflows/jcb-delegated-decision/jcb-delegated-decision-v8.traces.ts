import type { TracePlan } from '../trace-recorder.service';
import { JCB_V7_TRACES } from './jcb-delegated-decision-v7.traces';

/**
 * Version 8's traces: version 7's events and journeys, and the dispute answered from links (ToR
 * 9.1). Referred back at the meeting of Thu 4 Sep 2025, Cabinet and the Integrated Care Board's
 * board differ (Wed 17 and Thu 18 Sep); the Leader of the Council and the partner's chair answer
 * from their links on Mon 22 Sep (dated by the engine that day): both back to the Board, both that
 * it does not move forward, or differently, when it stays in dispute and both answer again on Thu
 * 25 Sep. And what is refused: a second answer from the same chair, an answer without its note,
 * an answer by the officer or outside a dispute.
 */

type Event = TracePlan['events'][string];

const fromLink = (type: string, role: string, on: string, text: Record<string, string>): Event => ({
  type,
  role,
  payload: text,
  on,
});
const back = (role: string, on = '2025-09-22') =>
  fromLink('CONCLUDE_RETURN_TO_BOARD', role, on, {
    comments: 'We agreed the revised specification should go back to the Board',
  });
const stop = (role: string, on = '2025-09-22') =>
  fromLink('CONCLUDE_NOT_MOVE_FORWARD', role, on, {
    reasons: 'The partners cannot fund the service model this year',
  });

const V8_EVENTS: TracePlan['events'] = {
  ...JCB_V7_TRACES.events,
  'CONCLUDE_RETURN_TO_BOARD, by the Leader': back('leader'),
  'CONCLUDE_RETURN_TO_BOARD, by the partner’s chair': back('partnerChair'),
  'CONCLUDE_NOT_MOVE_FORWARD, by the Leader': stop('leader'),
  'CONCLUDE_NOT_MOVE_FORWARD, by the partner’s chair': stop('partnerChair'),
  'CONCLUDE_RETURN_TO_BOARD, by the Leader, after further discussion': back('leader', '2025-09-25'),
  'CONCLUDE_RETURN_TO_BOARD, by the partner’s chair, after further discussion': back(
    'partnerChair',
    '2025-09-25',
  ),
  'CONCLUDE_RETURN_TO_BOARD, without a note': fromLink(
    'CONCLUDE_RETURN_TO_BOARD',
    'leader',
    '2025-09-22',
    { comments: ' ' },
  ),
  'CONCLUDE_NOT_MOVE_FORWARD, by the officer': stop('officer'),
};

const IN_DISPUTE = [
  'DESCRIBE_MATTER',
  'FORWARD_PLAN_PUBLISHED',
  'RECORD_NOTICES',
  'RECORD_ATTENDANCE',
  'RECORD_SHOW_OF_HANDS, no consensus, referred back',
  'RECORD_CABINET_DECISION, supports',
  'RECORD_PARTNER_BOARD_DECISION, does not support',
];

export const JCB_V8_TRACES: TracePlan = {
  ...JCB_V7_TRACES,
  version: 8,
  events: V8_EVENTS,
  journeys: {
    'in dispute, both answer from their links to return it to the Board, brought to a later meeting':
      [
        ...IN_DISPUTE,
        'CONCLUDE_RETURN_TO_BOARD, by the partner’s chair',
        'CONCLUDE_RETURN_TO_BOARD, by the Leader',
        'RECONSIDER, after the partners returned it',
      ],
    'in dispute, both answer from their links that it does not move forward': [
      ...IN_DISPUTE,
      'CONCLUDE_NOT_MOVE_FORWARD, by the Leader',
      'CONCLUDE_NOT_MOVE_FORWARD, by the partner’s chair',
    ],
    'in dispute, they conclude differently and it stays in dispute, then both return it to the Board':
      [
        ...IN_DISPUTE,
        'CONCLUDE_RETURN_TO_BOARD, by the Leader',
        'CONCLUDE_NOT_MOVE_FORWARD, by the partner’s chair',
        'CONCLUDE_RETURN_TO_BOARD, by the partner’s chair, after further discussion',
        'CONCLUDE_RETURN_TO_BOARD, by the Leader, after further discussion',
        'RECONSIDER, after the partners returned it',
      ],
    ...JCB_V7_TRACES.journeys,
  },
};
