import type { DecisionNotice } from '../../../libs/workflows/decision-notice';
import { datesInWords, dayInWords } from '../pages/forms/words.service';

/**
 * The printable Decision Notice's dates in words (a notice is read by the public, not parsed), and
 * the call-in period's explanation beside its status, so a reader can check how it was counted.
 * The JSON keeps ISO dates.
 */
export function noticeInWords(n: DecisionNotice) {
  return {
    decidedOn: dayInWords(n.decidedOn, 'Not recorded'),
    publishedOn: dayInWords(n.publishedOn, 'Not yet published'),
    implementableFrom: dayInWords(n.implementableFrom, 'Not yet known'),
    meetingDate: dayInWords(n.meeting.date, 'Not recorded'),
    callIn: datesInWords(n.callIn.status),
    callInLines: n.callIn.explanation.map((l) => datesInWords(l.trim())),
    decisionMakerSigned: dayInWords(n.signatures.decisionMaker, 'Not yet signed'),
    properOfficerSigned: dayInWords(n.signatures.properOfficer, 'Not yet signed'),
  };
}
