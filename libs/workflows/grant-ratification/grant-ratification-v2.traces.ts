import { sentAs, type TracePlan } from '../trace-recorder.service';
import { GRANT_RATIFICATION_V1_TRACES as V1 } from './grant-ratification.traces';

/**
 * Version 2's traces: version 1's events on the seed's dates (Cabinet 18 July, Full Council 19
 * July, HWBB 26 July 2017) but Cabinet's decision, with Cabinet's recommendation to Full Council
 * (or none), Council's decision on it, its referral back to Cabinet with the next meetings (15 and
 * 16 August 2017, the HWBB on 23 August), and the payloads the new rules refuse.
 */

const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events).filter(([name]) => !name.startsWith('RECORD_CABINET_DECISION')),
);

const minute = (meetingDate: string, minuteReference: string) => ({ meetingDate, minuteReference });
const CABINET = minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12');
const COUNCIL = minute('2017-07-19', 'Council 19 Jul 2017, minute 20');
const RECOMMENDATION =
  'To accept a one-off Government grant of £9,710,902 over three years, £4,981,651 in 2017/18';

export const GRANT_RATIFICATION_V2_TRACES: TracePlan = {
  template: 'grant-ratification',
  version: 2,
  opening: V1.opening,
  events: {
    ...V1_EVENTS,
    ...sentAs({
      'RECORD_CABINET_RECOMMENDATION, recommended': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: RECOMMENDATION,
        ...CABINET,
      },
      'RECORD_CABINET_RECOMMENDATION, none made': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'notRecommended',
        ...CABINET,
        reasons: 'The schemes exceed the grant conditions',
      },
      'RECORD_CABINET_RECOMMENDATION, recommended again after the referral': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: `${RECOMMENDATION}, with the Holcroft House scheme scoped first`,
        ...minute('2017-08-15', 'Cabinet 15 Aug 2017, minute 7'),
      },
      'RECORD_CABINET_RECOMMENDATION, recommended without its words': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        ...CABINET,
      },
      'RECORD_CABINET_RECOMMENDATION, none made without reasons': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'notRecommended',
        ...CABINET,
      },
      'RECORD_CABINET_DECISION, approved as version 1 took it': {
        type: 'RECORD_CABINET_DECISION',
        decision: 'approved',
        ...CABINET,
      },
      'RECORD_COUNCIL_DECISION, referred back to Cabinet': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
        reasons: 'Council asked Cabinet to scope the Holcroft House building work first',
        cabinetMeetingDate: '2017-08-15',
        councilMeetingDate: '2017-08-16',
        ratificationDeadline: '2017-08-23',
      },
      'RECORD_COUNCIL_DECISION, approved after the referral': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        ...minute('2017-08-16', 'Council 16 Aug 2017, minute 31'),
      },
      'RECORD_COUNCIL_DECISION, referred back without the next meetings': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
      },
      'RECORD_COUNCIL_DECISION, referred back to a Council before Cabinet': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
        cabinetMeetingDate: '2017-08-16',
        councilMeetingDate: '2017-08-15',
        ratificationDeadline: '2017-08-23',
      },
      'RECORD_COUNCIL_DECISION, referred back to an HWBB before Council': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
        cabinetMeetingDate: '2017-08-15',
        councilMeetingDate: '2017-08-16',
        ratificationDeadline: '2017-07-26',
      },
      'RECORD_COUNCIL_DECISION, approved with next meetings': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        ...COUNCIL,
        cabinetMeetingDate: '2017-08-15',
        councilMeetingDate: '2017-08-16',
      },
      'RECORD_RATIFICATION, ratified after the referral': {
        type: 'RECORD_RATIFICATION',
        decision: 'ratified',
        ...minute('2017-08-23', 'HWBB 23 Aug 2017, minute 4'),
      },
    }),
  },
  journeys: {
    'agreed in principle by both boards, recommended by Cabinet, approved by Council, ratified by the HWBB':
      [
        'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
        'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
        'RECORD_CABINET_RECOMMENDATION, recommended',
        'RECORD_COUNCIL_DECISION, approved',
        'RECORD_RATIFICATION, ratified',
      ],
    'referred back by Council, recommended again by Cabinet, approved by Council, ratified at a later HWBB':
      [
        'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
        'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
        'RECORD_CABINET_RECOMMENDATION, recommended',
        'RECORD_COUNCIL_DECISION, referred back to Cabinet',
        'REMINDER_DUE, cabinet',
        'RECORD_CABINET_RECOMMENDATION, recommended again after the referral',
        'RECORD_COUNCIL_DECISION, approved after the referral',
        'RECORD_RATIFICATION, ratified after the referral',
      ],
    'Cabinet makes no recommendation: closed': [
      'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
      'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
      'RECORD_CABINET_RECOMMENDATION, none made',
    ],
  },
};
