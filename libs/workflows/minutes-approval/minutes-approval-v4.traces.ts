import { sentAs, type TracePlan } from '../trace-recorder.service';
import { MINUTES_APPROVAL_V3_TRACES as V3 } from './minutes-approval-v3.traces';

/**
 * Version 4's traces: version 3's journeys with the approval naming the person who signs (the
 * chair's or the vice-chair's seat holder on the day of the meeting of 26 July 2017), the
 * escalation when the meeting's day ends unsigned going to the officer and whoever signs (the
 * vice-chair, the member who presided once named; the officer alone before), and the payloads the
 * new rule refuses (the chair without the person; the member who presided with one).
 */

type Sent = TracePlan['events'][string];

const CHAIR = '2d7c4c1e-8b0a-4f31-9e55-0c6a1f2b3d4e';
const VICE_CHAIR = '9a3e5b7d-1c2f-4e60-8a9b-7d6c5e4f3a2b';

/** Version 3's approval, as version 4's meeting sends it: with the person who signs. */
function withSigner(e: Sent): Sent {
  const p = e.payload as { signer?: string };
  const person = p.signer === 'chair' ? CHAIR : p.signer === 'viceChair' ? VICE_CHAIR : undefined;
  return person ? { ...e, payload: { ...p, signerPersonId: person } } : e;
}

const V3_EVENTS = Object.fromEntries(
  Object.entries(V3.events).map(([name, e]) =>
    name.startsWith('RECORD_APPROVAL') && (e.payload as { fromMeeting?: boolean }).fromMeeting
      ? [name, withSigner(e)]
      : [name, e],
  ),
);

export const MINUTES_APPROVAL_V4_TRACES: TracePlan = {
  template: 'minutes-approval',
  version: 4,
  opening: V3.opening,
  events: {
    ...V3_EVENTS,
    ...sentAs({
      'RECORD_APPROVAL, the chair without the person who holds the seat': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: 'HWBB 26 Jul 2017, minute 2',
        signer: 'chair',
        fromMeeting: true,
      },
      'RECORD_APPROVAL, the member who presided with a person already': {
        type: 'RECORD_APPROVAL',
        meetingDate: '2017-07-26',
        minuteReference: 'HWBB 26 Jul 2017, minute 2',
        signer: 'presiding',
        signerPersonId: CHAIR,
        because: 'Neither the chair nor the vice-chair was present',
        fromMeeting: true,
      },
    }),
  },
  journeys: {
    ...V3.journeys,
    'the chair absent: the meeting’s day ends unsigned, escalated to the officer and the vice-chair, who signs':
      ['RECORD_APPROVAL, the chair absent', 'DEADLINE_PASSED, meeting', 'SIGN, by the vice-chair'],
    'neither can sign: escalated to the officer alone until the member who presided is named, then to them too':
      [
        'RECORD_APPROVAL, neither the chair nor the vice-chair can sign',
        'DEADLINE_PASSED, meeting',
        'NAME_PRESIDING_MEMBER',
        'DEADLINE_PASSED, meeting',
        'SIGN, by the member who presided',
      ],
    'not approved by the meeting’s day: escalated to the officer alone': [
      'DEADLINE_PASSED, meeting',
    ],
  },
};
