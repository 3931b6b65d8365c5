import type { DelegationView } from '../../../../libs/directory/use-cases/delegation-rules.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { dateInputItems, typedDateOf, type TypedDate } from '../forms/date-field.service';
import { FormErrors } from '../forms/form-errors.service';
import { dayInWords } from '../forms/words.service';
import { DirectoryChoices } from './directory-choices.service';
import { knownScopes, type DelegationForm } from './delegations-form.service';

/*
 * The scheme of delegation's pages as their templates draw them: the delegations in force on a
 * day with the filters as chosen, the form to grant one, and one delegation with its terms and
 * the forms to amend or revoke it. Each delegation in words: who delegated what to which office,
 * the limit in pounds, the conditions, the days it is in force and its status on London's day.
 */

/** What a page says after a delegation was granted, amended or revoked (`?done=`). */
export const DELEGATION_DONE: Record<string, string> = {
  granted: 'The delegation is granted and on the record.',
  amended: 'The delegation is amended; the record keeps its terms before and after.',
  revoked: 'The delegation is revoked; what was done under it before stands.',
};

/** The words for `?done=`, or nothing for a word the page does not know. */
export function delegationDone(done: unknown): string | undefined {
  return typeof done === 'string' && Object.hasOwn(DELEGATION_DONE, done)
    ? DELEGATION_DONE[done]
    : undefined;
}

/** A scope in words: the template's words for it, or its key as words. */
export function scopeInWords(scope: string): string {
  const words = scope.replace(/-/g, ' ');
  return (
    knownScopes().find((s) => s.value === scope)?.text ??
    words.charAt(0).toUpperCase() + words.slice(1)
  );
}

export function conditionsInWords(d: Pick<DelegationView, 'conditions'>): string[] {
  return d.conditions.map((c) =>
    c.kind === 'requiresJcbConsensus'
      ? 'Only with the consensus of the Joint Commissioning Board'
      : `Only when all ${c.count} Cabinet members on the body agree`,
  );
}

export function limitInWords(amount: number | null): string {
  return amount === null ? 'No financial limit' : `£${amount.toLocaleString('en-GB')}`;
}

/**
 * "In force", "Revoked from Monday 1 March 2027 (minute 12)", "To be revoked from …", "In force
 * from …", "Ended on …", on London's day `today`.
 */
export function statusInWords(d: DelegationView, today: string): string {
  if (d.revokedAt) {
    const day = londonDate(new Date(d.revokedAt));
    const why = d.revocationReference ? ` (${d.revocationReference})` : '';
    return `${day <= today ? 'Revoked' : 'To be revoked'} from ${dayInWords(day)}${why}`;
  }
  if (d.inForce) return 'In force';
  if (d.validFrom > today) return `In force from ${dayInWords(d.validFrom)}`;
  return `Ended on ${dayInWords(d.validUntil)}`;
}

/** The form of a delegation on record, to amend it. */
export function formOfDelegation(d: DelegationView): DelegationForm {
  const known = knownScopes().some((s) => s.value === d.scope);
  const cabinet = d.conditions.find((c) => c.kind === 'unanimousCabinetMembers');
  return {
    grantor: `${d.grantor.kind}:${d.grantor.id}`,
    delegate: d.delegateOfficeId,
    scope: known ? d.scope : 'other',
    scopeOther: known ? '' : d.scope.replace(/-/g, ' '),
    amountLimit: d.amountLimit === null ? '' : d.amountLimit.toLocaleString('en-GB'),
    jcbConsensus: d.conditions.some((c) => c.kind === 'requiresJcbConsensus'),
    cabinetUnanimous: cabinet && 'count' in cabinet ? String(cabinet.count) : '',
    from: typedDateOf(d.validFrom),
    until: typedDateOf(d.validUntil),
    reference: d.reference,
  };
}

/** A delegation as a row of the scheme and the head of its own page, in words. */
export function delegationRow(d: DelegationView, today: string) {
  return {
    id: d.id,
    delegate: d.delegateOfficeTitle,
    grantor: d.grantor.name,
    scope: scopeInWords(d.scope),
    limit: limitInWords(d.amountLimit),
    conditions: conditionsInWords(d),
    period: `from ${dayInWords(d.validFrom)}${d.validUntil ? ` until ${dayInWords(d.validUntil)}` : ', until revoked'}`,
    status: statusInWords(d, today),
    reference: d.reference,
  };
}

type Body = { id: string; name: string };
type Office = { id: string; title: string };

/** The bodies and offices that may delegate, as one select: "The Cabinet", "The office of …". */
export function grantorItems(bodies: Body[], offices: Office[], selected: string, prompt: string) {
  return DirectoryChoices.items(
    [
      ...bodies.map((b) => ({ id: `body:${b.id}`, text: `The ${b.name}` })),
      ...offices.map((o) => ({ id: `office:${o.id}`, text: `The office of ${o.title}` })),
    ],
    selected,
    prompt,
  );
}

/** What the scheme's page is drawn from: the filters as read, the page of delegations. */
export interface DelegationsPageInput {
  staff: SignedInStaff;
  /** London's day today. */
  today: string;
  /** The "in force on" day as typed, its ISO date when it is one. */
  on: { typed: TypedDate; iso?: string };
  errors: FormErrors;
  all: boolean;
  filters: { grantor: string; delegate: string; scope: string };
  bodies: Body[];
  offices: Office[];
  page: { items: DelegationView[]; next: number | null };
  done?: unknown;
}

/** directory/delegations.njk: the delegations in force on the day (or all), with the filters. */
export function delegationsPage(input: DelegationsPageInput) {
  const { staff, today, on, errors, all, filters } = input;
  const onError = errors.for('on-day');
  return {
    staff,
    canChange: staff.role === 'administrator',
    done: delegationDone(input.done),
    errors: errors.items,
    onError,
    onItems: dateInputItems('on', on.typed, Boolean(onError)),
    on: all ? null : dayInWords(on.iso ?? today),
    all,
    grantors: grantorItems(input.bodies, input.offices, filters.grantor, 'Any body or office'),
    delegates: DirectoryChoices.items(
      input.offices.map((o) => ({ id: o.id, text: o.title })),
      filters.delegate,
      'Any office',
    ),
    scopes: [
      { value: '', text: 'Any scope' },
      ...knownScopes().map((s) => ({ ...s, selected: s.value === filters.scope })),
    ],
    delegations: input.page.items.map((d) => delegationRow(d, today)),
    more: input.page.next !== null,
  };
}

/** The fields of a delegation's form (grant or amend) as typed, with their errors. */
function formView(form: DelegationForm, errors: FormErrors) {
  const has = (id: string) => Boolean(errors.for(id));
  return {
    form,
    errors: errors.items,
    fieldErrors: errors.byField(),
    scopes: [
      { value: '', text: 'Choose a scope' },
      ...knownScopes().map((s) => ({ ...s, selected: s.value === form.scope })),
      { value: 'other', text: 'Another scope (say it below)', selected: form.scope === 'other' },
    ],
    fromItems: dateInputItems('validFrom', form.from, has('validFrom-day')),
    untilItems: dateInputItems('validUntil', form.until, has('validUntil-day')),
  };
}

/** directory/delegations-form.njk: the form to grant a delegation, as typed. */
export function grantPage(input: {
  staff: SignedInStaff;
  form: DelegationForm;
  errors: FormErrors;
  bodies: Body[];
  offices: Office[];
}) {
  const { form, offices } = input;
  return {
    staff: input.staff,
    ...formView(form, input.errors),
    grantors: grantorItems(input.bodies, offices, form.grantor, 'Choose a body or office'),
    delegates: DirectoryChoices.items(
      offices.map((o) => ({ id: o.id, text: o.title })),
      form.delegate,
      'Choose an office',
    ),
  };
}

/** The revoke form as typed. */
export interface RevokeForm {
  reference: string;
  on: TypedDate;
}

/** What a delegation's page shows beyond the delegation: forms as typed, errors, a message. */
export interface DelegationPageView {
  form?: DelegationForm;
  revoke?: RevokeForm;
  errors?: FormErrors;
  done?: unknown;
}

/**
 * directory/delegations-one.njk: the delegation in words; for an administrator, while it is
 * neither revoked nor ended, the forms to amend it (as typed, else as recorded) and revoke it.
 */
export function delegationPage(input: {
  staff: SignedInStaff;
  d: DelegationView;
  today: string;
  view: DelegationPageView;
}) {
  const { staff, d, today, view } = input;
  const errors = view.errors ?? new FormErrors();
  const revoke = view.revoke ?? { reference: '', on: { day: '', month: '', year: '' } };
  const administrator = staff.role === 'administrator';
  return {
    staff,
    canChange: administrator && !d.revokedAt && (d.validUntil === null || d.validUntil >= today),
    isAdministrator: administrator,
    done: delegationDone(view.done),
    d: { ...delegationRow(d, today), version: d.version },
    ...formView(view.form ?? formOfDelegation(d), errors),
    revoke,
    revokeItems: dateInputItems('revokeOn', revoke.on, Boolean(errors.for('revokeOn-day'))),
  };
}
