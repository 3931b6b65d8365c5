import type { DelegationView } from '../../../../libs/directory/use-cases/delegation-rules.service';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { FormErrors } from '../forms/form-errors.service';
import { blankDelegationForm, knownScopes } from './delegations-form.service';
import {
  delegationPage,
  delegationsPage,
  grantPage,
  statusInWords,
  type DelegationsPageInput,
} from './delegations.presenter';

const CABINET = '0b5e2c1a-3d4f-4a6b-8c7d-9e0f1a2b3c4d';
const DASS = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const DELEGATION = '2f1a7d4e-0b3c-4c2e-9a51-7d0c3e2b9f10';
const admin = { role: 'administrator', name: 'Ada Admin' } as unknown as SignedInStaff;
const officer = { role: 'officer', name: 'Olu Officer' } as unknown as SignedInStaff;
const TODAY = '2026-12-05';

function delegation(over: Partial<DelegationView> = {}): DelegationView {
  return {
    id: DELEGATION,
    grantor: { kind: 'body', id: CABINET, name: 'Cabinet' },
    delegateOfficeId: DASS,
    delegateOfficeTitle: 'Director of Adult Social Services',
    scope: 'care-home-fees',
    reference: 'Cabinet minute 44/2026',
    amountLimit: 250000,
    conditions: [{ kind: 'unanimousCabinetMembers', count: 3 }],
    validFrom: '2026-04-01',
    validUntil: null,
    revokedAt: null,
    revocationReference: null,
    inForce: true,
    version: 2,
    ...over,
  };
}

function listInput(over: Partial<DelegationsPageInput> = {}): DelegationsPageInput {
  return {
    staff: officer,
    today: TODAY,
    on: { typed: { day: '', month: '', year: '' } },
    errors: new FormErrors(),
    all: false,
    filters: { grantor: '', delegate: '', scope: '' },
    bodies: [{ id: CABINET, name: 'Cabinet' }],
    offices: [{ id: DASS, title: 'Director of Adult Social Services' }],
    page: { items: [delegation()], next: null },
    ...over,
  };
}

/** The view's words, without the ids a template puts only in addresses and option values. */
const words = (view: unknown) =>
  JSON.stringify(view, (k: string, v: unknown) => (k === 'id' || k === 'value' ? undefined : v));

describe('the scheme of delegation page presenter', () => {
  it('says each delegation in words: who, to whom, what, the limit, conditions and days', () => {
    const view = delegationsPage(listInput());
    expect(view.delegations).toEqual([
      {
        id: DELEGATION,
        delegate: 'Director of Adult Social Services',
        grantor: 'Cabinet',
        scope: 'Care home fees',
        limit: '£250,000',
        conditions: ['Only when all 3 Cabinet members on the body agree'],
        period: 'from Wednesday 1 April 2026, until revoked',
        status: 'In force',
        reference: 'Cabinet minute 44/2026',
      },
    ]);
    expect(view.on).toBe('Saturday 5 December 2026');
    expect(words(view)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}/);
  });

  it('keeps the filters as chosen and offers changes to administrators only', () => {
    const view = delegationsPage(
      listInput({ filters: { grantor: `body:${CABINET}`, delegate: DASS, scope: '' } }),
    );
    expect(view.canChange).toBe(false);
    expect(view.grantors).toContainEqual({
      value: `body:${CABINET}`,
      text: 'The Cabinet',
      selected: true,
    });
    expect(view.grantors).toContainEqual({
      value: `office:${DASS}`,
      text: 'The office of Director of Adult Social Services',
      selected: false,
    });
    expect(view.delegates[1]).toEqual({
      value: DASS,
      text: 'Director of Adult Social Services',
      selected: true,
    });
    expect(delegationsPage(listInput({ staff: admin })).canChange).toBe(true);
  });

  it('heads every delegation ever granted when all are asked for, and says a day typed wrong', () => {
    const errors = new FormErrors().add('on-day', 'The day must include a month');
    const view = delegationsPage(
      listInput({ all: true, errors, on: { typed: { day: '3', month: '', year: '2026' } } }),
    );
    expect(view.on).toBeNull();
    expect(view.onError).toEqual({ text: 'The day must include a month' });
    // Only the month is missing: only its box is marked.
    expect(view.onItems[0]).toMatchObject({ value: '3', classes: 'govuk-input--width-2' });
    expect(view.onItems[1].classes).toContain('govuk-input--error');
    expect(view.onItems[2].classes).not.toContain('error');
  });

  it('says what was done only for the words it knows', () => {
    expect(delegationsPage(listInput({ done: 'granted' })).done).toBe(
      'The delegation is granted and on the record.',
    );
    expect(delegationsPage(listInput({ done: '<script>' })).done).toBeUndefined();
    expect(delegationsPage(listInput({ done: ['revoked'] })).done).toBeUndefined();
  });
});

describe('a delegation’s status in words', () => {
  it('says when it was or will be revoked on London’s day, with the decision that revoked it', () => {
    // 23:30 UTC on 30 June is 1 July in London.
    const revoked = delegation({
      revokedAt: '2026-06-30T23:30:00.000Z',
      revocationReference: 'Cabinet minute 60/2026',
      inForce: false,
    });
    expect(statusInWords(revoked, TODAY)).toBe(
      'Revoked from Wednesday 1 July 2026 (Cabinet minute 60/2026)',
    );
    expect(statusInWords(revoked, '2026-06-30')).toBe(
      'To be revoked from Wednesday 1 July 2026 (Cabinet minute 60/2026)',
    );
  });

  it('leaves out the decision when none is recorded, rather than empty brackets', () => {
    const revoked = delegation({ revokedAt: '2026-07-01T10:00:00.000Z', inForce: false });
    expect(statusInWords(revoked, TODAY)).toBe('Revoked from Wednesday 1 July 2026');
  });

  it('says a delegation not yet in force from when, and one ended on its last day', () => {
    const later = delegation({ validFrom: '2027-01-04', inForce: false });
    expect(statusInWords(later, TODAY)).toBe('In force from Monday 4 January 2027');
    const ended = delegation({ validUntil: '2026-11-30', inForce: false });
    expect(statusInWords(ended, TODAY)).toBe('Ended on Monday 30 November 2026');
  });
});

describe('a delegation’s page presenter', () => {
  it('fills the amend form from the record when nothing was typed', () => {
    const view = delegationPage({ staff: admin, d: delegation(), today: TODAY, view: {} });
    expect(view.canChange).toBe(true);
    expect(view.d).toMatchObject({ grantor: 'Cabinet', limit: '£250,000', version: 2 });
    expect(view.form).toMatchObject({
      grantor: `body:${CABINET}`,
      delegate: DASS,
      scope: 'other',
      scopeOther: 'care home fees',
      amountLimit: '250,000',
      cabinetUnanimous: '3',
      jcbConsensus: false,
      from: { day: '1', month: '4', year: '2026' },
      reference: 'Cabinet minute 44/2026',
    });
    expect(view.fromItems.map((i) => i.value)).toEqual(['1', '4', '2026']);
  });

  it('chooses a scope a template acts under from the list', () => {
    const scope = knownScopes()[0];
    const view = delegationPage({
      staff: admin,
      d: delegation({ scope: scope.value }),
      today: TODAY,
      view: {},
    });
    expect(view.d.scope).toBe(scope.text);
    expect(view.scopes.find((s) => 'selected' in s && s.selected)).toMatchObject({
      value: scope.value,
    });
  });

  it('offers no forms on a revoked or ended delegation, nor to an officer', () => {
    const revoked = delegation({ revokedAt: '2026-07-01T10:00:00.000Z', inForce: false });
    expect(delegationPage({ staff: admin, d: revoked, today: TODAY, view: {} }).canChange).toBe(
      false,
    );
    const ended = delegation({ validUntil: '2026-11-30', inForce: false });
    const view = delegationPage({ staff: admin, d: ended, today: TODAY, view: {} });
    expect(view.canChange).toBe(false);
    expect(view.isAdministrator).toBe(true);
    expect(
      delegationPage({ staff: officer, d: delegation(), today: TODAY, view: {} }).canChange,
    ).toBe(false);
  });

  it('shows the revoke form again as typed with its error', () => {
    const errors = new FormErrors().add('revokeReference', 'Enter the minute that revokes it');
    const view = delegationPage({
      staff: admin,
      d: delegation(),
      today: TODAY,
      view: { revoke: { reference: '', on: { day: '31', month: '12', year: '' } }, errors },
    });
    expect(view.errors).toEqual([
      { text: 'Enter the minute that revokes it', href: '#revokeReference' },
    ]);
    expect(view.fieldErrors.revokeReference).toEqual({ text: 'Enter the minute that revokes it' });
    expect(view.revokeItems.map((i) => i.value)).toEqual(['31', '12', '']);
  });
});

describe('the grant form presenter', () => {
  it('keeps what was typed, marks the chosen scope and offers bodies and offices to delegate', () => {
    const form = { ...blankDelegationForm(), grantor: `office:${DASS}`, scope: 'other' };
    const errors = new FormErrors().add('scopeOther', 'Say in a few words what may be done');
    const view = grantPage({
      staff: admin,
      form,
      errors,
      bodies: [{ id: CABINET, name: 'Cabinet' }],
      offices: [{ id: DASS, title: 'Director of Adult Social Services' }],
    });
    expect(view.grantors.find((g) => g.selected)?.text).toBe(
      'The office of Director of Adult Social Services',
    );
    expect(view.scopes.find((s) => 'selected' in s && s.selected)?.text).toBe(
      'Another scope (say it below)',
    );
    expect(view.delegates[0]).toEqual({ value: '', text: 'Choose an office' });
    expect(view.fieldErrors.scopeOther).toEqual({ text: 'Say in a few words what may be done' });
  });
});
