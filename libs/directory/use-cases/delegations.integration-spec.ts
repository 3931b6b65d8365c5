import { DelegationRepository } from '../delegation.repository';
import { DomainError } from '../../errors/domain.errors';
import { hwbbRules } from '../../governance/body-rules.schema';
import { buildDirectoryWorld, DirectoryWorld } from '../../testing/directory-world.factory';
import { engineHarness } from '../../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { openBcfCaseBody } from '../../testing/world.factory';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { RevokeDelegationUseCase } from './revoke-delegation.use-case';
import { tenantScope } from '../../core/tenant-scope';
import { directoryUseCases, directoryAccess } from '../../testing/directory-use-cases.factory';

/*
 * The scheme of delegation kept by the council's administrator (issue #10): the HWBB delegates
 * approval of the BCF plan to its Chair (seed 001: "the HWBB chair approves under delegated
 * authority"); a delegate may not delegate onward; a revocation does not rewrite history.
 * Invented people; today is Fri 1 Oct 2021 unless a test moves the clock.
 */
describe('the scheme of delegation', () => {
  let db: TestDatabase;
  const changes = new DirectoryChangeRepository();

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A council with an administrator, a scrutiny panel that may not delegate, and a loose body. */
  async function world() {
    const w = await buildDirectoryWorld(db.ds, (spec) => {
      spec.bodies.push(
        {
          key: 'scrutiny',
          name: 'Health Overview and Scrutiny Panel',
          kind: 'committee',
          rules: (org) => ({
            ...hwbbRules({ council: org('council'), ccg: null, healthwatch: null }),
            delegation: { allowed: false, source: 'Overview and Scrutiny Procedure Rules 4' },
          }),
        },
        { key: 'group', name: 'Better Care Finance and Performance Group', kind: 'group' },
      );
    });
    const h = engineHarness(db.ds);
    return {
      w,
      h,
      grant: directoryUseCases(db.ds, h.clock).grantDelegation,
      amend: directoryUseCases(db.ds, h.clock).amendDelegation,
      revoke: new RevokeDelegationUseCase(
        db.ds,
        h.clock,
        directoryAccess(),
        new DelegationRepository(),
        new DirectoryChangeRepository(),
      ),
      admin: w.actorOf('admin'),
    };
  }

  async function refusal(w: DirectoryWorld, run: () => Promise<unknown>): Promise<DomainError> {
    const rows = () =>
      Promise.all([
        changes.list(tenantScope(w.tenantId), db.ds.manager),
        db.ds.query('SELECT * FROM delegations WHERE tenant_id = $1 ORDER BY id', [w.tenantId]),
      ]);
    const before = await rows();
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(await rows()).toEqual(before);
    return error as DomainError;
  }

  it('grants a body’s delegation to an office, with its limit, conditions and minute, on the record', async () => {
    const { w, grant, admin } = await world();
    const granted = await grant.grant(
      {
        delegatorBodyId: w.ids.bodies.hwbb,
        delegateOfficeId: w.ids.offices.ceo,
        scope: 'bcf-quarterly-report-sign-off',
        reference: 'HWBB 30 Sep 2021, minute 14',
        amountLimit: 250_000,
        conditions: [{ kind: 'requiresJcbConsensus' }],
        validFrom: '2021-10-01',
        validUntil: '2022-03-31',
      },
      admin,
    );
    expect(granted).toMatchObject({
      grantor: {
        kind: 'body',
        id: w.ids.bodies.hwbb,
        name: 'Southampton Health and Wellbeing Board',
      },
      delegateOfficeTitle: 'Chief Executive, Southampton City Council',
      amountLimit: 250_000,
      validFrom: '2021-10-01',
      validUntil: '2022-03-31',
      revokedAt: null,
      inForce: true,
      version: 1,
    });
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      subject: 'delegation',
      subjectId: granted.id,
      action: 'granted',
      before: null,
      after: { reference: 'HWBB 30 Sep 2021, minute 14', amountLimit: 250_000 },
    });
  });

  it('refuses a delegation from a body that may not delegate or has no rules, or to an office that does not exist', async () => {
    const { w, grant, admin } = await world();
    const base = {
      delegateOfficeId: w.ids.offices.ceo,
      scope: 'scrutiny-report',
      reference: 'minute 3',
      validFrom: '2021-10-01',
    };
    expect(
      await refusal(w, () =>
        grant.grant({ ...base, delegatorBodyId: w.ids.bodies.scrutiny }, admin),
      ),
    ).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: {
        rule: 'BODY_CANNOT_DELEGATE',
        explanation: [
          'the Health Overview and Scrutiny Panel may not delegate under its rules (Overview and Scrutiny Procedure Rules 4)',
        ],
      },
    });
    expect(
      await refusal(w, () => grant.grant({ ...base, delegatorBodyId: w.ids.bodies.group }, admin)),
    ).toMatchObject({ extra: { rule: 'BODY_CANNOT_DELEGATE' } });
    const nowhere = await refusal(w, () =>
      grant.grant(
        {
          ...base,
          delegatorBodyId: w.ids.bodies.hwbb,
          delegateOfficeId: '6f1d0c3e-1111-4111-8111-111111111111',
        },
        admin,
      ),
    );
    expect(nowhere).toMatchObject({
      code: 'INVALID_INPUT',
      extra: {
        problems: [
          {
            path: 'delegateOfficeId',
            message:
              'no such office in your council’s directory: add the office first, or choose one',
          },
        ],
      },
    });
    const both = await refusal(w, () =>
      grant.grant(
        { ...base, delegatorBodyId: w.ids.bodies.hwbb, delegatorOfficeId: w.ids.offices.ao },
        admin,
      ),
    );
    expect((both as unknown as { problems: { path: string }[] }).problems).toEqual([
      {
        path: 'delegatorBodyId',
        message:
          'give delegatorBodyId (a body delegates) or delegatorOfficeId (an office does), one of them',
      },
    ]);
  });

  it('lets an office delegate a power of its own, never one delegated to it (no cascade)', async () => {
    const { w, grant, admin } = await world();
    const own = await grant.grant(
      {
        delegatorOfficeId: w.ids.offices.ao,
        delegateOfficeId: w.ids.offices.deputyAo,
        scope: 'bcf-plan-agreement',
        reference: 'CCG scheme of reservation and delegation 5.2',
        validFrom: '2021-10-01',
      },
      admin,
    );
    expect(own.grantor).toEqual({
      kind: 'office',
      id: w.ids.offices.ao,
      name: 'Accountable Officer, NHS Southampton City CCG',
    });
    // The Chair holds BCF plan approval only under the HWBB's delegation.
    const onward = await refusal(w, () =>
      grant.grant(
        {
          delegatorOfficeId: w.ids.offices.chair,
          delegateOfficeId: w.ids.offices.ceo,
          scope: 'bcf-plan-approval',
          reference: 'Chair’s letter',
          validFrom: '2021-10-01',
        },
        admin,
      ),
    );
    expect(onward).toMatchObject({
      extra: {
        rule: 'CASCADE_FORBIDDEN',
        explanation: [
          'the Chair, Southampton Health and Wellbeing Board holds this power itself under delegation from the Southampton Health and Wellbeing Board (HWBB resolution delegating BCF plan sign-off to the Chair (demo minute 21/07)) from Wed 1 Jan 2020: a delegate may not delegate onward what was delegated to it',
        ],
      },
    });
    // Nor may an office receive by delegation what it has itself delegated onward.
    const received = await refusal(w, () =>
      grant.grant(
        {
          delegatorBodyId: w.ids.bodies.hwbb,
          delegateOfficeId: w.ids.offices.ao,
          scope: 'bcf-plan-agreement',
          reference: 'HWBB minute 22/02',
          validFrom: '2022-01-01',
        },
        admin,
      ),
    );
    expect(received).toMatchObject({
      extra: {
        rule: 'CASCADE_FORBIDDEN',
        explanation: [
          'the Accountable Officer, NHS Southampton City CCG has itself delegated this power onward (CCG scheme of reservation and delegation 5.2): a delegate may not delegate onward, so it cannot receive this power by delegation while that stands; revoke the onward delegation first',
        ],
      },
    });
  });

  it('amends a delegation in force at the version read, but not its start, and keeps the terms before on the record', async () => {
    const { w, amend, admin } = await world();
    const id = w.ids.delegations.bcfApproval;
    const amended = await amend.amend(id, { expectedVersion: 1, amountLimit: 0 }, admin);
    expect(amended).toMatchObject({ amountLimit: 0, version: 2 });
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      action: 'amended',
      before: { amountLimit: null, version: 1 },
      after: { amountLimit: 0, version: 2 },
    });
    expect(
      await refusal(w, () => amend.amend(id, { expectedVersion: 1, amountLimit: 5 }, admin)),
    ).toMatchObject({ code: 'VERSION_CONFLICT', extra: { currentVersion: 2 } });
    expect(
      await refusal(w, () =>
        amend.amend(id, { expectedVersion: 2, validFrom: '2021-01-01' }, admin),
      ),
    ).toMatchObject({
      extra: {
        rule: 'HISTORY_STANDS',
        explanation: [
          'it has been in force since Wed 1 Jan 2020: its start cannot move, since acts under it rely on it',
        ],
      },
    });
    expect(
      await refusal(w, () =>
        amend.amend(id, { expectedVersion: 2, validUntil: '2021-09-30' }, admin),
      ),
    ).toMatchObject({ extra: { rule: 'HISTORY_STANDS' } });
  });

  it('revokes a delegation without rewriting what was done under it: the case keeps the authority it acted under', async () => {
    const { w, h, amend, revoke, admin } = await world();
    const id = w.ids.delegations.bcfApproval;
    const approved = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    const waiting = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    for (const caseId of [approved.caseId, waiting.caseId]) {
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
        expectedVersion: 1,
      });
      await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ao, {
        expectedVersion: 2,
      });
      await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ceo, {
        expectedVersion: 3,
      });
    }
    await h.send.send(approved.caseId, { type: 'APPROVE', payload: {} }, w.actors.chair, {
      expectedVersion: 4,
    });

    h.clock.set(new Date('2021-10-05T09:00:00Z'));
    await amend.amend(
      id,
      { expectedVersion: 1, reference: 'HWBB minute 21/07 as amended 5 Oct' },
      admin,
    );
    expect(
      await refusal(w, () =>
        revoke.revoke(
          id,
          { expectedVersion: 2, reference: 'HWBB minute 21/19', on: '2021-10-04' },
          admin,
        ),
      ),
    ).toMatchObject({
      extra: {
        rule: 'HISTORY_STANDS',
        explanation: [
          'a revocation cannot be back-dated to Mon 4 Oct 2021: acts under the delegation before today stand',
        ],
      },
    });
    const revoked = await revoke.revoke(
      id,
      { expectedVersion: 2, reference: 'HWBB 5 Oct 2021, minute 21/19' },
      admin,
    );
    expect(revoked).toMatchObject({
      revokedAt: '2021-10-05T09:00:00.000Z',
      revocationReference: 'HWBB 5 Oct 2021, minute 21/19',
      inForce: false,
      version: 3,
    });

    const trail = await h.audit.trail(w.tenantId, approved.caseId);
    expect(trail.at(-1)?.authority).toEqual({
      kind: 'delegation',
      role: 'delegatedApprover',
      delegationId: id,
      delegatorBody: 'Southampton Health and Wellbeing Board',
      officeTitle: 'Chair, Southampton Health and Wellbeing Board',
      scope: 'bcf-plan-approval',
      reference: 'HWBB resolution delegating BCF plan sign-off to the Chair (demo minute 21/07)',
    });
    expect(await h.audit.verifyCase(w.tenantId, approved.caseId)).toMatchObject({ ok: true });
    // From the revocation on, nobody acts under it: not on the case waiting, not on a new one.
    await expect(
      h.send.send(waiting.caseId, { type: 'APPROVE', payload: {} }, w.actors.chair, {
        expectedVersion: 4,
      }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    await expect(h.open.open(openBcfCaseBody(w), w.actors.officer)).rejects.toMatchObject({
      code: 'INVALID_ROLE_HOLDER',
    });
    expect(
      await refusal(w, () => revoke.revoke(id, { expectedVersion: 3, reference: 'again' }, admin)),
    ).toMatchObject({ extra: { rule: 'DELEGATION_REVOKED' } });
    expect(
      await refusal(w, () => amend.amend(id, { expectedVersion: 3, amountLimit: 1 }, admin)),
    ).toMatchObject({ extra: { rule: 'DELEGATION_REVOKED' } });
  });

  it('keeps one council’s scheme from another’s administrator', async () => {
    const a = await world();
    const b = await world();
    expect(
      await refusal(a.w, () =>
        b.amend.amend(
          a.w.ids.delegations.bcfApproval,
          { expectedVersion: 1, amountLimit: 1 },
          b.admin,
        ),
      ),
    ).toMatchObject({ code: 'DIRECTORY_RECORD_NOT_FOUND' });
    const theirs = await refusal(a.w, () =>
      b.grant.grant(
        {
          delegatorBodyId: a.w.ids.bodies.hwbb,
          delegateOfficeId: a.w.ids.offices.ceo,
          scope: 'anything',
          reference: 'x',
          validFrom: '2021-10-01',
        },
        b.admin,
      ),
    );
    expect(
      (theirs as unknown as { problems: { path: string }[] }).problems.map((p) => p.path),
    ).toEqual(['delegatorBodyId', 'delegateOfficeId']);
    expect(
      await refusal(a.w, () =>
        a.revoke.revoke(
          a.w.ids.delegations.bcfApproval,
          { expectedVersion: 1, reference: 'x' },
          a.w.actorOf('officer'),
        ),
      ),
    ).toMatchObject({ code: 'NOT_AUTHORISED' });
  });
});
