import { afterColon } from '../../../libs/errors/after-colon.errors';
import { DomainError, GovernanceRuleError } from '../../../libs/errors/domain.errors';
import { changedFirstSentence } from '../../../libs/errors/changed-first.errors';
import { ruleName } from '../../../libs/errors/rule-names.errors';
import { datesInWords } from '../pages/forms/words.service';

/**
 * A refusal in one shape wherever it is shown (every staff page's error summary and field, the
 * emailed link's page, problem+json's `detail`): which rule refused, by its name, what it means
 * in this case, and what the person can do. Pages and the API both read it from here, so one
 * rule refused from two places reads the same.
 */
export interface Refusal {
  /** Which rule (or what) refused, in people's words. */
  rule: string;
  /** What it means in this case: the rule's own lines (a template's stay its data), dates in words. */
  why: string[];
  /** What the person can do next. */
  next: string;
}

const QUORUM_NEXT =
  'correct the attendance if someone present is missing from it; otherwise the item waits for a quorate meeting';

/** What to do after a governance rule's refusal, where the rule's own lines may not say it. */
const RULE_NEXT: Readonly<Record<string, string>> = {
  CASE_PAUSED: 'resume the case first, then record the step',
  CASE_WITHDRAWN: 'the case is closed; open a new case if the matter goes on',
  CASE_FINISHED: 'the case is closed; open a new case if the matter goes on',
  CASE_NOT_PAUSED: 'read the case again to see where it stands',
  PERSONAL_DATA_ALREADY_HELD: 'the hold in force stays as it is; choose another case to hold',
  PERSONAL_DATA_NOT_HELD: 'the holds in force are listed under Retention, Legal holds',
  OWN_ACCOUNT_PROTECTED: 'ask another administrator to do it',
  PASSWORDS_OFF_NEEDS_A_PROVIDER: 'connect an identity provider and turn it on first',
  LEAVER_HOLDS_OFFICE:
    'end each holding on a day before they left, or appoint the next holder first, then mark them as left',
  // A meeting that is not quorate: nothing typed can fix it, unless the attendance is wrong.
  VOTE_WHEN_INQUORATE: QUORUM_NEXT,
  INQUORATE: QUORUM_NEXT,
  MINUTES_WHEN_INQUORATE:
    'correct the attendance if someone present is missing from it; otherwise the minutes are approved at the next quorate meeting',
  NO_QUORUM_RULE:
    'ask an administrator to record the body’s rules in the directory from that day, then record the meeting',
  // What to do once the meeting's hands were refused: reconsider, then record them again.
  CASE_DEFERRED:
    'record on the case that the item was reconsidered (when the Chair and the partner lead talked), then record the show of hands again',
};

/** What the holder of an emailed link can do: the link stays open, and the council asked them. */
export const LINK_REFUSAL_NEXT =
  'this link stays open, so you can answer again once the rule allows it, or ask the council officer who sent it';

const RULE_NEXT_OTHERWISE =
  'change what you entered so the rule is met, or ask your governance lead';

/**
 * The refusal a domain error states, or null for one that is not a refusal of what the person
 * asked (bad input is listed at its fields, a missing record is the not-found page).
 */
export function refusalOf(error: DomainError): Refusal | null {
  if (error instanceof GovernanceRuleError) {
    const r = ruleRefusal(
      String(error.extra.rule ?? ''),
      (error.extra.explanation as string[] | undefined) ?? [],
      error.detail,
    );
    // A refusal about a linked case says which case first: the rule's lines are about it.
    const context = error.extra.context;
    return typeof context === 'string' ? { ...r, why: [inWords(context), ...r.why] } : r;
  }
  // A rule outside governance that names itself the same way (an administrator's own account).
  if (typeof error.extra.rule === 'string')
    return ruleRefusal(
      error.extra.rule,
      (error.extra.explanation as string[] | undefined) ?? [],
      error.detail,
    );
  if (error.code === 'NOT_AUTHORISED')
    return {
      rule: 'You have no authority for this',
      why: [inWords(error.detail)],
      next: 'ask someone who holds the authority, or your governance lead',
    };
  return null;
}

/**
 * A governance rule's refusal from its code and lines (the detail when it gave none). `next` is
 * what the person can do: by default a member of staff's; an emailed link's holder is told theirs.
 */
export function ruleRefusal(
  code: string,
  lines: string[],
  detail: string,
  next = RULE_NEXT[code] ?? RULE_NEXT_OTHERWISE,
): Refusal {
  return {
    rule: `The rule “${ruleName(code)}” refuses this`,
    why: (lines.length ? lines : [detail]).map(inWords),
    next,
  };
}

/**
 * The refusal as one paragraph: "The rule “…” refuses this: <why>. <more why>. Nothing was
 * recorded: <next>." The same words in an error summary, at a field and in `detail`.
 */
export function refusalText(r: Refusal): string {
  const [first = '', ...more] = r.why.map(bare);
  const lines = [first ? `${r.rule}: ${afterColon(first)}` : r.rule, ...more.map(capital)];
  return `${lines.join('. ')}. Nothing was recorded: ${r.next}.`;
}

/**
 * A domain error's refusal in words, or its own detail when it is not a refusal. A version conflict
 * is one sentence of its own everywhere (libs/errors/changed-first.errors.ts): no rule refused.
 */
export function refusalSentence(error: DomainError, subject = 'case'): string {
  if (error.code === 'VERSION_CONFLICT') return changedFirstSentence(`this ${subject}`);
  const r = refusalOf(error);
  return r ? refusalText(r) : inWords(error.detail);
}

/**
 * The detail a form shows for a refusal without fields: a rule's refusal in its one shape, any
 * other refusal in its own words.
 */
export function refusalDetail(error: DomainError): string {
  return error instanceof GovernanceRuleError || typeof error.extra.rule === 'string'
    ? refusalSentence(error)
    : error.detail;
}

function inWords(line: string): string {
  return datesInWords(line.trim());
}

/** A line without its closing full stop, so lines join as sentences. */
function bare(line: string): string {
  return line.trim().replace(/[.\s]+$/, '');
}

function capital(line: string): string {
  return line.charAt(0).toUpperCase() + line.slice(1);
}
