import {
  authorityFor,
  isDelegationInForce,
  type ActorFacts,
  type DelegationFact,
  type OfficeFact,
} from './authority.service';

const AT = new Date('2021-11-10T10:00:00Z');
const SCOPE = 'bcf-plan-approval';

const chiefExecutiveOffice: OfficeFact = {
  id: 'office-ce',
  title: 'Chief Executive, Southampton City Council',
  holderPersonId: 'person-morgan',
};
const hwbbChairOffice: OfficeFact = {
  id: 'office-hwbb-chair',
  title: 'Chair of the Health and Wellbeing Board',
  holderPersonId: 'person-alex',
};

function delegation(overrides: Partial<DelegationFact> = {}): DelegationFact {
  return {
    id: 'delegation-bcf',
    delegateOfficeId: hwbbChairOffice.id,
    delegateOfficeTitle: hwbbChairOffice.title,
    delegatorBodyName: 'Health and Wellbeing Board',
    scope: SCOPE,
    reference: 'HWBB minute 8, 2021',
    validFrom: new Date('2021-09-01T00:00:00Z'),
    validUntil: new Date('2022-03-31T23:00:00Z'),
    revokedAt: null,
    ...overrides,
  };
}

function actor(overrides: Partial<ActorFacts> = {}): ActorFacts {
  return { personId: 'person-alex', isOfficer: false, offices: [], delegations: [], ...overrides };
}

const chair = (d: DelegationFact = delegation()) =>
  actor({ offices: [hwbbChairOffice], delegations: [d] });

const delegationBinding = { kind: 'delegation', delegationId: 'delegation-bcf' } as const;
const underDelegation = (a: ActorFacts, at: Date = AT) =>
  authorityFor('delegatedApprover', delegationBinding, a, at, SCOPE);

describe('authorityFor: office roles', () => {
  const binding = { kind: 'office', officeId: chiefExecutiveOffice.id } as const;

  it('gives office authority to the person who holds the bound office', () => {
    const morgan = actor({ personId: 'person-morgan', offices: [chiefExecutiveOffice] });
    expect(authorityFor('chiefExecutive', binding, morgan, AT, undefined)).toEqual({
      kind: 'office',
      role: 'chiefExecutive',
      officeId: 'office-ce',
      officeTitle: 'Chief Executive, Southampton City Council',
    });
  });

  it('gives none to a person who does not hold the bound office', () => {
    expect(authorityFor('chiefExecutive', binding, actor(), AT, undefined)).toBeNull();
  });

  it('gives none when the office is listed but now held by someone else', () => {
    const former = actor({
      personId: 'person-former-ce',
      offices: [{ ...chiefExecutiveOffice, holderPersonId: 'person-morgan' }],
    });
    expect(authorityFor('chiefExecutive', binding, former, AT, undefined)).toBeNull();
  });

  it('gives none when the office is vacant', () => {
    const vacant = actor({
      personId: 'person-morgan',
      offices: [{ ...chiefExecutiveOffice, holderPersonId: null }],
    });
    expect(authorityFor('chiefExecutive', binding, vacant, AT, undefined)).toBeNull();
  });

  it('gives none to the holder of a different office', () => {
    expect(authorityFor('chiefExecutive', binding, chair(), AT, undefined)).toBeNull();
  });

  it('gives none to a democratic support officer for an office role', () => {
    expect(
      authorityFor('chiefExecutive', binding, actor({ isOfficer: true }), AT, undefined),
    ).toBeNull();
  });
});

describe('authorityFor: delegated roles', () => {
  it('gives delegation authority, naming the body, office, scope and reference, when the delegation is in force and the actor holds the delegate office', () => {
    expect(underDelegation(chair())).toEqual({
      kind: 'delegation',
      role: 'delegatedApprover',
      delegationId: 'delegation-bcf',
      delegatorBody: 'Health and Wellbeing Board',
      officeTitle: 'Chair of the Health and Wellbeing Board',
      scope: SCOPE,
      reference: 'HWBB minute 8, 2021',
    });
  });

  it('gives none before the delegation comes into force', () => {
    expect(
      underDelegation(chair(delegation({ validFrom: new Date('2021-11-11T00:00:00Z') }))),
    ).toBeNull();
  });

  it('gives authority from the very instant the delegation comes into force', () => {
    expect(underDelegation(chair(delegation({ validFrom: AT })))).not.toBeNull();
  });

  it('gives none once the delegation has expired, from the instant it ends', () => {
    expect(
      underDelegation(chair(delegation({ validUntil: new Date('2021-11-01T00:00:00Z') }))),
    ).toBeNull();
    expect(underDelegation(chair(delegation({ validUntil: AT })))).toBeNull();
    expect(
      underDelegation(chair(delegation({ validUntil: new Date(AT.getTime() + 1) }))),
    ).not.toBeNull();
  });

  it('gives authority under an open-ended delegation', () => {
    expect(underDelegation(chair(delegation({ validUntil: null })))).not.toBeNull();
  });

  it('gives none once the delegation is revoked, but still before the revocation', () => {
    const revoked = chair(delegation({ revokedAt: new Date('2021-11-05T00:00:00Z') }));
    expect(underDelegation(revoked)).toBeNull();
    expect(underDelegation(chair(delegation({ revokedAt: AT })))).toBeNull();
    expect(underDelegation(revoked, new Date('2021-11-04T23:59:59Z'))).not.toBeNull();
  });

  it('gives none when the delegation is for another scope', () => {
    expect(underDelegation(chair(delegation({ scope: 'pharmacy-representation' })))).toBeNull();
  });

  it('gives none when the role names no delegation scope', () => {
    expect(authorityFor('delegatedApprover', delegationBinding, chair(), AT, undefined)).toBeNull();
  });

  it('gives none to a person who does not hold the delegate office', () => {
    const viceChair = actor({
      personId: 'person-vice-chair',
      offices: [hwbbChairOffice],
      delegations: [delegation()],
    });
    expect(underDelegation(viceChair)).toBeNull();
    expect(underDelegation(actor({ delegations: [delegation()] }))).toBeNull();
  });

  it('gives none when the bound delegation is not among the actor’s delegations', () => {
    expect(underDelegation(chair(delegation({ id: 'delegation-other' })))).toBeNull();
  });

  it('gives none to the office holder of the delegate office through an office binding to another office', () => {
    expect(
      authorityFor(
        'delegatedApprover',
        { kind: 'office', officeId: chiefExecutiveOffice.id },
        chair(),
        AT,
        SCOPE,
      ),
    ).toBeNull();
  });
});

describe('authorityFor: officers and missing bindings', () => {
  it('gives officer authority to a democratic support officer', () => {
    expect(
      authorityFor('officer', { kind: 'officers' }, actor({ isOfficer: true }), AT, undefined),
    ).toEqual({
      kind: 'officer',
      role: 'officer',
    });
  });

  it('gives none to someone who is not an officer, even an office holder', () => {
    expect(authorityFor('officer', { kind: 'officers' }, chair(), AT, undefined)).toBeNull();
  });

  it('gives none when the case has no binding for the role', () => {
    expect(
      authorityFor('chiefExecutive', undefined, actor({ isOfficer: true }), AT, undefined),
    ).toBeNull();
    expect(authorityFor('delegatedApprover', undefined, chair(), AT, SCOPE)).toBeNull();
  });
});

describe('isDelegationInForce', () => {
  it.each([
    ['in force', delegation(), true],
    ['not yet in force', delegation({ validFrom: new Date('2021-12-01T00:00:00Z') }), false],
    ['expired', delegation({ validUntil: new Date('2021-11-10T09:59:59Z') }), false],
    ['revoked', delegation({ revokedAt: new Date('2021-10-01T00:00:00Z') }), false],
    ['revoked later', delegation({ revokedAt: new Date('2021-12-01T00:00:00Z') }), true],
    ['for another scope', delegation({ scope: 'minutes-approval' }), false],
  ])('is %s', (_label, d, expected) => {
    expect(isDelegationInForce(d, AT, SCOPE)).toBe(expected);
  });
});
