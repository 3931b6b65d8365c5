import type { RegisterEntry } from '../../../libs/register/decision-register.service';
import { callInInWords, rulesInWords } from '../cases/decision-notice.presenter';
import { dayInWords } from '../pages/forms/words.service';

/** One decision as the register's pages show it: dates in words, whose decision in words. */
export interface RegisterRow {
  caseId: string;
  reference: string;
  entry: RegisterEntry;
  kindInWords: string;
  decidedOn: string;
  publishedOn: string;
  implementableFrom: string;
  callIn: string;
  callInLines: string[];
  /** The rules it was decided under, by the workflow's title. */
  rules: string;
}

export function registerRow(e: RegisterEntry): RegisterRow {
  return {
    caseId: e.caseId,
    reference: e.reference,
    entry: e,
    kindInWords: e.kind === 'officer' ? 'Officer decision under delegation' : 'Executive decision',
    decidedOn: dayInWords(e.notice.decidedOn, 'not recorded'),
    publishedOn: dayInWords(e.notice.publishedOn, 'not yet'),
    implementableFrom: dayInWords(e.notice.implementableFrom, 'not yet'),
    ...callInInWords(e.notice.callIn),
    rules: rulesInWords(e.notice.rulesVersion),
  };
}

/**
 * A decision as the register's JSON gives it: the notice (exempt content withheld) and the head of
 * its case's audit chain. Dates stay ISO here: a machine reads this.
 */
export function registerJson(e: RegisterEntry) {
  return {
    caseId: e.caseId,
    reference: e.reference,
    kind: e.kind,
    exempt: e.exempt,
    exemptReasons: e.exemptReasons,
    notice: e.notice,
    audit: e.audit,
  };
}
