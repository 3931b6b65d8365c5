import {
  PASSWORDS_SUBJECT,
  SECRET_NEW,
  type SignInChange,
} from '../../../../libs/staff/sign-in-changes.service';
import { whenInWords } from '../forms/words.service';

/** Who may use a password, as the page's choices say it. */
export const PASSWORDS_IN_WORDS: Record<string, string> = {
  everyone: 'Everyone may sign in with a password',
  administrators: 'Only administrators may sign in with a password',
  nobody: 'Nobody may sign in with a password',
};

/** A provider's settings in the order and words of its form. */
const FIELDS: [string, string][] = [
  ['name', 'Button says'],
  ['enabled', 'Status'],
  ['issuer', 'Issuer'],
  ['clientId', 'Client ID'],
  ['clientSecret', 'Client secret'],
  ['emailDomains', 'Email domains'],
  ['verifiedEmailClaim', 'Verified email claim'],
];

export interface SignInChangeRow {
  when: string;
  by: string;
  what: string;
  /** Each setting that changed, "Issuer: https://… to https://…"; every one for a connection. */
  details: string[];
}

function valueInWords(field: string, v: unknown): string {
  if (field === 'enabled') return v ? 'On' : 'Off';
  if (field === 'name') return `Sign in with ${String(v)}`;
  if (Array.isArray(v)) return v.join(', ');
  if (v === null || v === undefined || v === '') return 'None';
  return String(v);
}

/**
 * The council's record of changes to its sign-in, in people's words: the time in London, who, and
 * what changed from what to what. The client secret reads only "changed": it is never recorded.
 */
export function signInChangeRows(changes: SignInChange[]): SignInChangeRow[] {
  return changes.map((c) => {
    const base = { when: whenInWords(c.at), by: c.by };
    if (c.subject === PASSWORDS_SUBJECT) {
      const words = (r: Record<string, unknown> | null) =>
        PASSWORDS_IN_WORDS[String(r?.localPasswords)] ?? 'Everyone may sign in with a password';
      return {
        ...base,
        what: 'Changed who may sign in with a password',
        details: [`From “${words(c.before)}” to “${words(c.after)}”`],
      };
    }
    const after = c.after ?? {};
    const before = c.before;
    const organisation = String(after.organisationName ?? 'an organisation');
    if (!before)
      return {
        ...base,
        what: `Connected ${organisation} to its sign-in`,
        details: FIELDS.filter(([f]) => f !== 'clientSecret').map(
          ([f, label]) => `${label}: ${valueInWords(f, after[f])}`,
        ),
      };
    const details = FIELDS.filter(
      ([f]) => JSON.stringify(before[f]) !== JSON.stringify(after[f]),
    ).map(([f, label]) =>
      f === 'clientSecret'
        ? `${label}: ${after[f] === SECRET_NEW ? 'changed' : 'unchanged'}`
        : `${label}: ${valueInWords(f, before[f])} to ${valueInWords(f, after[f])}`,
    );
    return { ...base, what: `Changed the sign-in of ${organisation}`, details };
  });
}
