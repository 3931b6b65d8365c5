import { sentAs, type TracePlan } from '../trace-recorder.service';
import { MINUTES_APPROVAL_V2_TRACES as V2 } from './minutes-approval-v2.traces';

/**
 * Version 3's traces: version 2's journeys, and the approval recorded when neither the chair nor
 * the vice-chair can sign: the officer names the member who presided at the meeting of 26 July
 * 2017 (from the meeting page), who signs, or returns the minutes and signs the correction; and
 * the payloads the new rules refuse (the presiding signer without why; the naming typed).
 */

const MINUTE = 'HWBB 26 Jul 2017, minute 2';
const AMENDMENT = 'The CCG member’s interest to read “Governing Body”, not “Governance Board”';
const NEITHER =
  'Cllr Dave Shields, the chair, was not present at the meeting of Wed 26 Jul 2017; Dr Sue Robinson, the vice-chair, on Wed 26 Jul 2017, was not present at the meeting of Wed 26 Jul 2017';
const PRESIDED = '6b1f0f0e-3c2a-4d57-9a43-5f0e8c1d2b7a';

export const MINUTES_APPROVAL_V3_TRACES: TracePlan = {
  template: 'minutes-approval',
  version: 3,
  opening: V2.opening,
  events: {
    ...V2.events,
    ...sentAs({
      'RECORD_APPROVAL, neither the chair nor the vice-chair can sign': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        amendments: [AMENDMENT],
        signer: 'presiding',
        inPlaceOf: 'Cllr Dave Shields',
        because: NEITHER,
        fromMeeting: true,
      },
      'RECORD_APPROVAL, the member who presided without why': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: MINUTE,
        signer: 'presiding',
        fromMeeting: true,
      },
      NAME_PRESIDING_MEMBER: {
        type: 'NAME_PRESIDING_MEMBER',
        personId: PRESIDED,
        name: 'Cllr Sarah Bogle',
        fromMeeting: true,
      },
      'NAME_PRESIDING_MEMBER, typed, not from the meeting': {
        type: 'NAME_PRESIDING_MEMBER',
        personId: PRESIDED,
        name: 'Cllr Sarah Bogle',
      },
      'SIGN, by the member who presided': {
        type: 'SIGN',
        role: 'presiding',
        comments: 'Signed as the member who presided',
      },
      'RETURN_FOR_CORRECTION, by the member who presided': {
        type: 'RETURN_FOR_CORRECTION',
        role: 'presiding',
        reasons: 'The amendment is not in the signed copy',
      },
    }),
  },
  journeys: {
    ...V2.journeys,
    'neither the chair nor the vice-chair can sign: the officer names the member who presided, who returns the minutes and signs the correction':
      [
        'RECORD_APPROVAL, neither the chair nor the vice-chair can sign',
        'NAME_PRESIDING_MEMBER',
        'RETURN_FOR_CORRECTION, by the member who presided',
        'RECORD_CORRECTION',
        'SIGN, by the member who presided',
      ],
  },
};
