import {
  hasNotice,
  type RegisterEntry,
  type RegisterListing,
} from '../../../libs/register/decision-register.service';
import { callInInWords, rulesInWords } from '../cases/decision-notice.presenter';
import { DECISION_SHOWN_AFTER_UPDATE } from '../http/service-updating.presenter';
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
  /** The list's words for whether it is a key decision and where call-in stands, said once. */
  keyDecisionAndCallIn: string;
  /** The rules it was decided under, by the workflow's title. */
  rules: string;
}

export function registerRow(e: RegisterEntry): RegisterRow {
  const callIn = callInInWords(e.notice.callIn);
  return {
    caseId: e.caseId,
    reference: e.reference,
    entry: e,
    kindInWords: KIND_IN_WORDS[e.kind],
    decidedOn: dayInWords(e.notice.decidedOn, 'not recorded'),
    publishedOn: dayInWords(e.notice.publishedOn, 'not yet'),
    implementableFrom: dayInWords(e.notice.implementableFrom, 'not yet'),
    ...callIn,
    keyDecisionAndCallIn: keyDecisionAndCallIn(e.notice.keyDecision, callIn.callIn),
    rules: rulesInWords(e.notice.rulesVersion),
  };
}

const KIND_IN_WORDS = {
  officer: 'Officer decision under delegation',
  executive: 'Executive decision',
} as const;

/**
 * A decision as the register's list shows it: with its notice, or, on a template version this
 * build lacks, what is kept of it (unlinked: its page waits for the update too).
 */
export function registerListRow(l: RegisterListing) {
  if (hasNotice(l)) return { ...registerRow(l), updating: '' };
  return {
    caseId: l.caseId,
    reference: l.reference,
    kindInWords: KIND_IN_WORDS[l.kind],
    publishedOn: dayInWords(l.publishedOn),
    keyDecision:
      l.keyDecision === null ? '' : l.keyDecision ? 'key decision' : 'not a key decision',
    updating: DECISION_SHOWN_AFTER_UPDATE,
  };
}

/** A call-in status that starts by saying again whether the decision is key ("not a key decision, so …"). */
const RESTATES_KEY = /^(?:not )?a key decision(?: taken by an officer)?(?::|, so) /;

/**
 * Whether a decision is key and its call-in status as one phrase of the register's list: a status
 * that says again whether it is key (every decision that is not key: "not a key decision: not
 * subject to call-in") is not put after "not a key decision" a second time, and the two halves are
 * joined as a reader says them ("not a key decision, so not subject to call-in").
 */
export function keyDecisionAndCallIn(keyDecision: boolean, callIn: string): string {
  const key = keyDecision ? 'key decision' : 'not a key decision';
  const rest = callIn.replace(RESTATES_KEY, '');
  if (rest === callIn) return `${key}; ${callIn}`;
  return keyDecision ? `${key}; ${rest}` : `${key}, so ${rest}`;
}

/**
 * A decision as the register's JSON gives it: the notice (exempt content withheld) and the head of
 * its case's audit chain; one on a version this build lacks, what is kept of it, marked so (no
 * notice, not made up). Dates stay ISO here: a machine reads this.
 */
export function registerJson(l: RegisterListing) {
  return hasNotice(l) ? picked(l, NOTICE_JSON) : picked(l, NEWER_BUILD_JSON);
}

/** What the JSON gives of each kind of listing, in this order: nothing else an entry holds. */
const NOTICE_JSON = [
  'caseId',
  'reference',
  'kind',
  'exempt',
  'exemptReasons',
  'notice',
  'audit',
] as const;
const NEWER_BUILD_JSON = [
  'notInThisBuild',
  'caseId',
  'reference',
  'kind',
  'publishedOn',
  'keyDecision',
  'audit',
] as const;

function picked<T, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
