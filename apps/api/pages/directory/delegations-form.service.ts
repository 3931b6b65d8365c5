import { listTemplates } from '../../../../libs/workflows/template.registry';
import { readDateField, type TypedDate } from '../forms/date-field.service';
import type { FieldWords, FormErrors } from '../forms/form-errors.service';
import { formText } from '../staff-pages.service';
import { keyOf } from './bodies-form.service';

/**
 * The scheme of delegation's forms in people's words: the scope chosen from what the council's
 * templates act under (or named in a few words), the limit in pounds as typed ("£250,000"), the
 * conditions as choices, the days with the GOV.UK date input.
 */

export interface DelegationForm {
  grantor: string;
  delegate: string;
  scope: string;
  scopeOther: string;
  amountLimit: string;
  jcbConsensus: boolean;
  cabinetUnanimous: string;
  from: TypedDate;
  until: TypedDate;
  reference: string;
}

/** The scopes the templates act under, in words: a delegation for one of them fills its role. */
export function knownScopes(): { value: string; text: string }[] {
  const seen = new Map<string, string>();
  for (const t of listTemplates())
    for (const r of Object.values(t.roles))
      if (r.binding === 'delegation' && r.delegationScope && !seen.has(r.delegationScope))
        seen.set(r.delegationScope, `${t.title}: ${r.label}`);
  return [...seen].map(([value, text]) => ({ value, text }));
}

export const blankDelegationForm = (): DelegationForm => ({
  grantor: '',
  delegate: '',
  scope: '',
  scopeOther: '',
  amountLimit: '',
  jcbConsensus: false,
  cabinetUnanimous: '',
  from: { day: '', month: '', year: '' },
  until: { day: '', month: '', year: '' },
  reference: '',
});

/** The form as typed, and what the use cases take from it; the page's own errors into `errors`. */
export function readDelegationForm(body: Record<string, unknown>, errors: FormErrors) {
  const s = (k: string) => formText(body, k);
  const f = readDateField(body, 'validFrom', 'the first day in force');
  const u = readDateField(body, 'validUntil', 'the last day in force');
  const conditions = ([] as string[]).concat(
    (body.conditions as string | string[] | undefined) ?? [],
  );
  const form: DelegationForm = {
    grantor: s('grantor'),
    delegate: s('delegate'),
    scope: s('scope'),
    scopeOther: s('scopeOther'),
    amountLimit: s('amountLimit'),
    jcbConsensus: conditions.includes('jcb'),
    cabinetUnanimous: s('cabinetUnanimous'),
    from: f.typed,
    until: u.typed,
    reference: s('reference'),
  };
  let scope = form.scope === 'other' ? '' : form.scope;
  if (form.scope === 'other' || (!form.scope && form.scopeOther)) {
    if (!form.scopeOther) errors.add('scopeOther', 'Say in a few words what may be done under it');
    else scope = keyOf(form.scopeOther);
  } else if (!form.scope) errors.add('scope', 'Choose what may be done under the delegation');
  const pounds = form.amountLimit.replace(/^£/, '').replace(/,/g, '').trim();
  let amountLimit: number | null = null;
  if (pounds) {
    if (!/^\d{1,13}$/.test(pounds))
      errors.add(
        'amountLimit',
        'Enter the limit in whole pounds, like £250,000, or leave it blank',
      );
    else amountLimit = Number(pounds);
  }
  const list: unknown[] = [];
  if (form.jcbConsensus) list.push({ kind: 'requiresJcbConsensus' });
  if (form.cabinetUnanimous) {
    if (!/^\d{1,2}$/.test(form.cabinetUnanimous))
      errors.add('cabinetUnanimous', 'Enter how many Cabinet members must all agree, like 3');
    else list.push({ kind: 'unanimousCabinetMembers', count: Number(form.cabinetUnanimous) });
  }
  errors
    .date('validFrom', f, 'Enter the first day the delegation is in force')
    .date('validUntil', u);
  errors.required(
    'reference',
    form.reference,
    'Enter the minute or the part of the constitution that grants it',
  );
  return {
    form,
    values: {
      scope,
      reference: form.reference,
      amountLimit,
      conditions: list,
      validFrom: f.iso,
      validUntil: u.iso ?? null,
    },
  };
}

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

export const DELEGATION_WORDS: FieldWords = {
  delegatorBodyId: { id: 'grantor', message: () => 'Choose the body or office that delegates' },
  delegatorOfficeId: { id: 'grantor', message: () => 'Choose the body or office that delegates' },
  delegateOfficeId: { id: 'delegate', message: () => 'Choose the office the delegation is to' },
  scope: { id: 'scopeOther', message: capital },
  reference: { id: 'reference', message: capital },
  amountLimit: { id: 'amountLimit', message: capital },
  'conditions.*.count': { id: 'cabinetUnanimous', message: capital },
  conditions: { id: 'cabinetUnanimous', message: capital },
  validFrom: { id: 'validFrom-day', message: capital },
  validUntil: { id: 'validUntil-day', message: capital },
};

export const DELEGATION_RULES: Record<string, string> = {
  BODY_CANNOT_DELEGATE: 'grantor',
  DELEGATION_TO_ITSELF: 'delegate',
  CASCADE_FORBIDDEN: 'delegate',
  HISTORY_STANDS: 'validFrom-day',
  DELEGATION_ENDED: 'validUntil-day',
  DELEGATION_REVOKED: 'validUntil-day',
};

/** The revoke form as typed. */
export function typedRevoke(post: Record<string, unknown>): { reference: string; on: TypedDate } {
  return {
    reference: formText(post, 'revokeReference'),
    on: readDateField(post, 'revokeOn', 'the first day it is no longer in force').typed,
  };
}
