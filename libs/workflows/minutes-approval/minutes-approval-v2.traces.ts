import { sentAs, type TracePlan } from '../trace-recorder.service';
import { MINUTES_APPROVAL_V1_TRACES as V1 } from './minutes-approval.traces';

/**
 * Version 2's traces: version 1's journeys with the Board's approval carried from its meeting of
 * 26 July 2017 (the meetings API's RECORD_APPROVAL, naming who signs), the vice-chair signing in
 * the chair's place when the chair is absent, and the payloads the new rules refuse (the approval
 * typed, as version 1 took it or with a signer; the vice-chair without the chair it replaces).
 */

const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events).filter(([name]) => !name.startsWith('RECORD_APPROVAL')),
);

const MINUTE = 'HWBB 26 Jul 2017, minute 2';
const AMENDMENT = 'The CCG member’s interest to read “Governing Body”, not “Governance Board”';
const ABSENT = 'Cllr Dave Shields, the chair, was not present at the meeting of 26 July 2017';

export const MINUTES_APPROVAL_V2_TRACES: TracePlan = {
  template: 'minutes-approval',
  version: 2,
  opening: V1.opening,
  events: {
    ...V1_EVENTS,
    ...sentAs({
      RECORD_APPROVAL: {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        signer: 'chair',
        fromMeeting: true,
      },
      'RECORD_APPROVAL, with an amendment': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        amendments: [AMENDMENT],
        signer: 'chair',
        fromMeeting: true,
      },
      'RECORD_APPROVAL, the chair absent': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        amendments: [AMENDMENT],
        signer: 'viceChair',
        inPlaceOf: 'Cllr Dave Shields',
        because: ABSENT,
        fromMeeting: true,
      },
      'RECORD_APPROVAL, the vice-chair without the chair it replaces': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        signer: 'viceChair',
        fromMeeting: true,
      },
      'RECORD_APPROVAL, typed, not from the meeting': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        signer: 'chair',
      },
      'RECORD_APPROVAL, typed as version 1 took it': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
      },
      'SIGN, by the vice-chair': {
        type: 'SIGN',
        role: 'viceChair',
        comments: 'Signed in the chair’s absence',
      },
      'RETURN_FOR_CORRECTION, by the vice-chair': {
        type: 'RETURN_FOR_CORRECTION',
        role: 'viceChair',
        reasons: 'The amendment is not in the signed copy',
      },
    }),
  },
  journeys: {
    ...Object.fromEntries(
      Object.entries(V1.journeys!).map(([name, steps]) => [
        `${name}, the approval from the meeting`,
        steps,
      ]),
    ),
    'the chair absent: approved at the meeting with an amendment, returned and signed by the vice-chair':
      [
        'RECORD_APPROVAL, the chair absent',
        'RETURN_FOR_CORRECTION, by the vice-chair',
        'RECORD_CORRECTION',
        'SIGN, by the vice-chair',
      ],
  },
};
