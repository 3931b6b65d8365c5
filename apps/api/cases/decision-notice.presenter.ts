import type { DecisionNotice } from '../../../libs/workflows/decision-notice';
import { findTemplate } from '../../../libs/workflows/template.registry';
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
    ...callInInWords(n.callIn),
    decisionMakerSigned: dayInWords(n.signatures.decisionMaker, 'Not yet signed'),
    properOfficerSigned: dayInWords(n.signatures.properOfficer, 'Not yet signed'),
    rules: rulesInWords(n.rulesVersion),
  };
}

const NOT_SUBJECT = 'not subject to call-in: ';
const NOT_KEY = 'not a key decision: ';

/**
 * A notice's call-in status in words, said once, and the lines that count it less any the status
 * has just said: a status quoting a reason that itself says "not subject to call-in" (an officer's
 * notice: "not subject to call-in: not a key decision: not subject to call-in") reads as the reason
 * alone, as a reader says it ("not a key decision, so not subject to call-in"). The notice itself
 * (the template's, and the JSON) is unchanged.
 */
export function callInInWords(c: DecisionNotice['callIn']) {
  const reason = c.status.startsWith(NOT_SUBJECT) ? c.status.slice(NOT_SUBJECT.length) : '';
  const status = reason.includes('not subject to call-in') ? reason : c.status;
  // "not a key decision: not subject to call-in" is a reason and its consequence.
  const said = status.startsWith(NOT_KEY)
    ? `not a key decision, so ${status.slice(NOT_KEY.length)}`
    : status;
  return {
    callIn: datesInWords(said),
    callInLines: c.explanation
      .map((l) => l.trim())
      .filter((l) => !status.includes(l))
      .map(datesInWords),
  };
}

/** How each template's notices record their rules: "<template> v<n>" or the JCB's sentence. */
const RULES_RECORDED = [
  /^(?<id>[a-z0-9-]+) v(?<version>\d+)$/,
  /^rules as at version (?<version>\d+) of the (?<id>[a-z0-9-]+) workflow$/,
];

/**
 * The rules a notice was decided under as the public reads them: the workflow's title and its
 * version ("Officer decision under delegation, rules as at version 1"), not the template's key the
 * notice recorded; anything else as recorded.
 */
export function rulesInWords(recorded: string): string {
  for (const shape of RULES_RECORDED) {
    const m = shape.exec(recorded)?.groups;
    const template = m && findTemplate(m.id, Number(m.version));
    if (template) return `${template.title}, rules as at version ${template.version}`;
  }
  return recorded;
}
