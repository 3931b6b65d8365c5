import { sentAs, type TracePlan } from '../trace-recorder.service';
import { GRANT_RATIFICATION_V2_TRACES as V2 } from './grant-ratification-v2.traces';

/**
 * Version 3's traces: version 2's journeys on the seed's dates with the recommendation proposed by
 * the officer and voted on at Cabinet's meeting (18 July 2017), the motion put to Full Council and
 * voted on at its meeting (19 July), as the meetings API sends them with the counts; a tie lost at
 * Cabinet, approval lost at Council, a referral back carried (Cabinet 15, Council 16 August, the
 * HWBB 23 August) and one lost; and the payloads the new rules refuse (the votes typed, as version 2
 * took them or with the mark; a motion without its meetings).
 */

const V2_EVENTS = Object.fromEntries(
  Object.entries(V2.events).filter(
    ([name]) =>
      !name.startsWith('RECORD_CABINET_RECOMMENDATION') &&
      !name.startsWith('RECORD_COUNCIL_DECISION'),
  ),
);

const RECOMMENDATION =
  'To accept a one-off Government grant of £9,710,902 over three years, £4,981,651 in 2017/18';
const minute = (title: string, meetingDate: string) => ({
  meetingDate,
  minuteReference: `"${title}", meeting of ${meetingDate}`,
});
const vote = (f: number, a: number, ab = 0) => ({ vote: { for: f, against: a, abstain: ab } });
const fromMeeting = { fromMeeting: true };
const CABINET = minute('Adult social care grant: recommendation to Council', '2017-07-18');
const COUNCIL = minute('Adult social care grant', '2017-07-19');
const NEXT = {
  cabinetMeetingDate: '2017-08-15',
  councilMeetingDate: '2017-08-16',
  ratificationDeadline: '2017-08-23',
};

export const GRANT_RATIFICATION_V3_TRACES: TracePlan = {
  template: 'grant-ratification',
  version: 3,
  opening: V2.opening,
  events: {
    ...V2_EVENTS,
    ...sentAs({
      RECORD_PROPOSED_RECOMMENDATION: {
        type: 'RECORD_PROPOSED_RECOMMENDATION',
        recommendation: RECOMMENDATION,
      },
      'RECORD_PROPOSED_RECOMMENDATION, empty': {
        type: 'RECORD_PROPOSED_RECOMMENDATION',
        recommendation: ' ',
      },
      'RECORD_CABINET_RECOMMENDATION, carried at the meeting': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: RECOMMENDATION,
        ...CABINET,
        ...vote(4, 1),
        ...fromMeeting,
      },
      'RECORD_CABINET_RECOMMENDATION, a tie lost at the meeting': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'notRecommended',
        ...CABINET,
        reasons:
          'Lost at the meeting on Tue 18 Jul 2017: 2 for, 2 against, 1 abstaining of 5 eligible members present, so lost: a tie is not a majority',
        ...vote(2, 2, 1),
        ...fromMeeting,
      },
      'RECORD_CABINET_RECOMMENDATION, carried again after the referral': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: RECOMMENDATION,
        ...minute('Adult social care grant: recommendation to Council', '2017-08-15'),
        ...vote(3, 0, 1),
        ...fromMeeting,
      },
      'RECORD_CABINET_RECOMMENDATION, typed as version 2 took it': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: RECOMMENDATION,
        meetingDate: '2017-07-18',
        minuteReference: 'Cabinet 18 Jul 2017, minute 12',
      },
      'RECORD_CABINET_RECOMMENDATION, typed with a vote but not from the meeting': {
        type: 'RECORD_CABINET_RECOMMENDATION',
        decision: 'recommended',
        recommendation: RECOMMENDATION,
        ...CABINET,
        ...vote(4, 1),
      },
      'RECORD_COUNCIL_MOTION, refer back to Cabinet': {
        type: 'RECORD_COUNCIL_MOTION',
        motion: 'referBackToCabinet',
        ...NEXT,
      },
      'RECORD_COUNCIL_MOTION, refer back without the next meetings': {
        type: 'RECORD_COUNCIL_MOTION',
        motion: 'referBackToCabinet',
      },
      'RECORD_COUNCIL_MOTION, approve with next meetings': {
        type: 'RECORD_COUNCIL_MOTION',
        motion: 'approve',
        ...NEXT,
      },
      'RECORD_COUNCIL_DECISION, approval carried at the meeting': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        ...COUNCIL,
        ...vote(30, 12, 3),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, approval lost at the meeting': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'notApproved',
        ...COUNCIL,
        reasons:
          'Lost at the meeting on Wed 19 Jul 2017: 20 for, 22 against, 3 abstaining of 45 eligible members present, so lost: not more for than against',
        ...vote(20, 22, 3),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, referral carried at the meeting': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
        ...NEXT,
        ...vote(25, 20),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, referral lost at the meeting': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referralLost',
        ...COUNCIL,
        reasons:
          'Lost at the meeting on Wed 19 Jul 2017: 20 for, 20 against, 5 abstaining of 45 eligible members present, so lost: a tie is not a majority',
        ...vote(20, 20, 5),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, approval carried at a later meeting': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        ...minute('Adult social care grant', '2017-07-26'),
        ...vote(31, 10),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, approval carried after the referral': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        ...minute('Adult social care grant', '2017-08-16'),
        ...vote(33, 9),
        ...fromMeeting,
      },
      'RECORD_COUNCIL_DECISION, typed as version 2 took it': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'approved',
        meetingDate: '2017-07-19',
        minuteReference: 'Council 19 Jul 2017, minute 20',
      },
      'RECORD_COUNCIL_DECISION, referral carried without the next meetings': {
        type: 'RECORD_COUNCIL_DECISION',
        decision: 'referredBackToCabinet',
        ...COUNCIL,
        ...vote(25, 20),
        ...fromMeeting,
      },
    }),
  },
  journeys: {
    'agreed in principle, recommended by Cabinet’s vote, approved by Council’s vote, ratified by the HWBB':
      [
        'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
        'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
        'RECORD_PROPOSED_RECOMMENDATION',
        'RECORD_CABINET_RECOMMENDATION, carried at the meeting',
        'RECORD_COUNCIL_DECISION, approval carried at the meeting',
        'RECORD_RATIFICATION, ratified',
      ],
    'referred back by Council’s vote, recommended again by Cabinet’s, approved by Council’s, ratified later':
      [
        'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
        'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
        'RECORD_PROPOSED_RECOMMENDATION',
        'RECORD_CABINET_RECOMMENDATION, carried at the meeting',
        'RECORD_COUNCIL_MOTION, refer back to Cabinet',
        'RECORD_COUNCIL_DECISION, referral carried at the meeting',
        'REMINDER_DUE, cabinet',
        'RECORD_CABINET_RECOMMENDATION, carried again after the referral',
        'RECORD_COUNCIL_DECISION, approval carried after the referral',
        'RECORD_RATIFICATION, ratified after the referral',
      ],
    'a motion to refer back lost, then approval carried at a later Council meeting': [
      'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
      'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
      'RECORD_PROPOSED_RECOMMENDATION',
      'RECORD_CABINET_RECOMMENDATION, carried at the meeting',
      'RECORD_COUNCIL_MOTION, refer back to Cabinet',
      'RECORD_COUNCIL_DECISION, referral lost at the meeting',
      'RECORD_COUNCIL_DECISION, approval carried at a later meeting',
    ],
    'a tie at Cabinet: no recommendation, closed': [
      'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
      'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
      'RECORD_PROPOSED_RECOMMENDATION',
      'RECORD_CABINET_RECOMMENDATION, a tie lost at the meeting',
    ],
    'approval lost at Council: closed': [
      'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
      'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
      'RECORD_PROPOSED_RECOMMENDATION',
      'RECORD_CABINET_RECOMMENDATION, carried at the meeting',
      'RECORD_COUNCIL_DECISION, approval lost at the meeting',
    ],
  },
};
