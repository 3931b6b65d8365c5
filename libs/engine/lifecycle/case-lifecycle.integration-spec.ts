import type { Actor } from '../../core/actor.dto';
import { LinkTokens } from '../../links/link-token.service';
import {
  engineHarness,
  lifecycleWriter,
  reassignRoleUseCase,
} from '../../testing/engine-harness.service';
import { DirectoryRepository } from '../../directory/directory.repository';
import { LifecycleRepository } from './lifecycle.repository';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../../testing/world.factory';
import { PauseCaseUseCase } from './pause-case.use-case';
import { ReassignRoleUseCase } from './reassign-role.use-case';
import { ResumeCaseUseCase } from './resume-case.use-case';
import { WithdrawCaseUseCase } from './withdraw-case.use-case';

/*
 * The lifecycle around every workflow (ADR 0012): withdraw, pause and resume, reassign a role,
 * each on the case's own record and hash chain, the machine untouched.
 */
describe('a case’s lifecycle around its workflow', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let withdraw: WithdrawCaseUseCase;
  let pause: PauseCaseUseCase;
  let resume: ResumeCaseUseCase;
  let reassign: ReassignRoleUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const writer = lifecycleWriter(db.ds, h.clock);
    const lifecycle = new LifecycleRepository();
    withdraw = new WithdrawCaseUseCase(writer, lifecycle, new DirectoryRepository());
    pause = new PauseCaseUseCase(writer, lifecycle);
    resume = new ResumeCaseUseCase(writer, lifecycle);
    reassign = reassignRoleUseCase(db.ds, h.clock, LinkTokens.ephemeral());
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(() => h.clock.set('2021-10-01T09:00:00Z'));

  /** A BCF case sent for agreement: links out to the Chief Executive and the Accountable Officer. */
  async function caseAwaitingAgreement(w: BcfWorld): Promise<string> {
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
      expectedVersion: 1,
    });
    return caseId;
  }

  const links = (caseId: string) =>
    db.ds.query(
      `SELECT p.name, l.role, l.status, l.outcome->>'reason' AS reason
         FROM action_links l JOIN people p ON p.id = l.person_id WHERE l.case_id = $1 ORDER BY l.created_at, p.name`,
      [caseId],
    );
  const deadlines = (caseId: string) =>
    db.ds.query(
      `SELECT key, kind, status, due_at AS "dueAt" FROM deadlines WHERE case_id = $1 ORDER BY due_at`,
      [caseId],
    ) as Promise<{ key: string; kind: string; status: string; dueAt: Date }[]>;
  const caseRow = async (caseId: string) =>
    (
      await db.ds.query(
        `SELECT version, closed_at AS "closedAt", lifecycle_status AS status, lifecycle_reason AS reason,
                awaiting_person_ids AS awaiting, state_key AS "stateKey"
           FROM cases WHERE id = $1`,
        [caseId],
      )
    )[0];
  const refusalOf = async (p: Promise<unknown>) => {
    const e = (await p.then(
      () => null,
      (x: unknown) => x,
    )) as { code?: string; extra?: { rule?: string } } | null;
    return e && { code: e.code, rule: e.extra?.rule };
  };

  it('withdraws a case with a reason: it closes, its requests are voided and their holders told, and it takes nothing more', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    const before = await caseRow(caseId);

    await withdraw.withdraw(
      caseId,
      { expectedVersion: 2, reason: 'The national guidance changed.' },
      w.actors.officer,
    );

    const after = await caseRow(caseId);
    expect(after).toMatchObject({ version: 3, status: 'withdrawn', awaiting: [] });
    expect(after.reason).toBe('The national guidance changed.');
    expect(after.closedAt).not.toBeNull();
    // The machine's state is left as it was: the lifecycle is around it.
    expect(after.stateKey).toBe(before.stateKey);
    expect(await links(caseId)).toEqual([
      expect.objectContaining({
        role: 'chiefExecutive',
        status: 'voided',
        reason: 'the case was withdrawn',
      }),
      expect.objectContaining({
        role: 'accountableOfficer',
        status: 'voided',
        reason: 'the case was withdrawn',
      }),
    ]);
    const told: { to: string; note: string }[] = await db.ds.query(
      `SELECT payload->'to'->>'name' AS to, payload->>'note' AS note FROM effects
        WHERE case_id = $1 AND payload->>'message' = 'case-withdrawn' ORDER BY 1`,
      [caseId],
    );
    expect(told).toEqual([
      { to: 'Morgan Hale', note: 'The reason given: The national guidance changed.' },
      { to: 'Priya Natarajan', note: 'The reason given: The national guidance changed.' },
    ]);
    expect((await deadlines(caseId)).every((d) => d.status === 'cancelled')).toBe(true);

    // Whoever sends, and whatever the state would take: refused by its rule, nothing recorded.
    expect(
      await refusalOf(
        h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ceo, { expectedVersion: 3 }),
      ),
    ).toEqual({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_WITHDRAWN' });
    expect(
      await refusalOf(
        withdraw.withdraw(caseId, { expectedVersion: 3, reason: 'Again.' }, w.actors.officer),
      ),
    ).toEqual({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_WITHDRAWN' });
    expect(
      await refusalOf(pause.pause(caseId, { expectedVersion: 3, reason: 'x' }, w.actors.officer)),
    ).toEqual({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_FINISHED' });
    expect((await caseRow(caseId)).version).toBe(3);

    const chain: { type: string }[] = await db.ds.query(
      `SELECT event->>'type' AS type FROM audit_records WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    expect(chain.map((c) => c.type).at(-1)).toBe('CASE_WITHDRAWN');
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true, records: 3 });
  });

  it('refuses a stale version, a missing reason and anyone but an officer, changing nothing', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    expect(
      await refusalOf(
        withdraw.withdraw(caseId, { expectedVersion: 1, reason: 'Stale.' }, w.actors.officer),
      ),
    ).toEqual({ code: 'VERSION_CONFLICT', rule: undefined });
    expect(
      await refusalOf(
        withdraw.withdraw(caseId, { expectedVersion: 2, reason: '  ' }, w.actors.officer),
      ),
    ).toEqual({ code: 'INVALID_INPUT', rule: undefined });
    expect(
      await refusalOf(
        withdraw.withdraw(caseId, { expectedVersion: 2, reason: 'Mine.' }, w.actors.ceo),
      ),
    ).toEqual({ code: 'NOT_AUTHORISED', rule: undefined });
    expect(
      await refusalOf(resume.resume(caseId, { expectedVersion: 2 }, w.actors.officer)),
    ).toEqual({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_NOT_PAUSED' });
    expect(await caseRow(caseId)).toMatchObject({ version: 2, status: 'active' });
    expect((await links(caseId)).map((l: { status: string }) => l.status)).toEqual([
      'open',
      'open',
    ]);
  });

  it('pauses a case: it takes no event and its deadlines wait; resuming moves them on by the working days paused', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    const armed = await deadlines(caseId);
    const submission = armed.find((d) => d.key === 'submission' && d.kind === 'deadline');
    expect(submission?.dueAt.toISOString()).toBe('2021-11-17T00:00:00.000Z'); // the end of 16 Nov

    await pause.pause(
      caseId,
      { expectedVersion: 2, reason: 'Awaiting legal advice.' },
      w.actors.officer,
    );
    expect(await caseRow(caseId)).toMatchObject({ version: 3, status: 'paused' });
    expect(
      await refusalOf(
        h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ceo, { expectedVersion: 3 }),
      ),
    ).toEqual({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_PAUSED' });

    // The national deadline passes while paused: nothing fires.
    h.clock.set('2021-11-17T10:00:00Z');
    await h.sweep.sweep();
    const fired: unknown[] = await db.ds.query(
      `SELECT 1 FROM case_events WHERE case_id = $1 AND type IN ('DEADLINE_PASSED', 'REMINDER_DUE')`,
      [caseId],
    );
    expect(fired).toEqual([]);
    expect((await deadlines(caseId)).every((d) => d.status === 'suspended')).toBe(true);

    // Paused from Fri 1 Oct to Wed 17 Nov 2021: 33 working days. 16 Nov plus 33 working days,
    // over Christmas's and New Year's substitute bank holidays (27, 28 Dec and 3 Jan), is 5 Jan.
    await resume.resume(caseId, { expectedVersion: 3 }, w.actors.officer);
    const [resumed]: {
      payload: {
        workingDaysPaused: number;
        deadlines: { key: string; kind: string; from: string; to: string }[];
      };
    }[] = await db.ds.query(
      `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'CASE_RESUMED'`,
      [caseId],
    );
    expect(resumed.payload.workingDaysPaused).toBe(33);
    expect(resumed.payload.deadlines).toContainEqual({
      key: 'submission',
      kind: 'deadline',
      from: '2021-11-16',
      to: '2022-01-05',
    });
    const moved = (await deadlines(caseId)).find(
      (d) => d.key === 'submission' && d.kind === 'deadline',
    );
    expect(moved).toMatchObject({ status: 'pending' });
    expect(moved?.dueAt.toISOString()).toBe('2022-01-06T00:00:00.000Z');

    // Active again: the links answer, and the moved deadline fires when its new day ends.
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ceo, { expectedVersion: 4 });
    h.clock.set('2022-01-06T00:00:01Z');
    await h.sweep.sweep();
    const passed: unknown[] = await db.ds.query(
      `SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_PASSED'`,
      [caseId],
    );
    expect(passed).toHaveLength(1);
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('holds back, rather than loses, a deadline the worker reaches on a paused case', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    await pause.pause(caseId, { expectedVersion: 2, reason: 'Held.' }, w.actors.officer);
    // As if a row escaped the pause (a worker held it at that moment): pending again, and due.
    await db.ds.query(
      `UPDATE deadlines SET status = 'pending' WHERE case_id = $1 AND key = 'submission' AND kind = 'deadline'`,
      [caseId],
    );
    h.clock.set('2021-11-17T10:00:00Z');
    await h.sweep.sweep();
    expect((await deadlines(caseId)).map((d) => d.status)).not.toContain('pending');
    expect((await deadlines(caseId)).map((d) => d.status)).not.toContain('stale');
    expect(await caseRow(caseId)).toMatchObject({ version: 3, status: 'paused' });
  });

  it('hands a role to another office: the old link voided, the new holder asked afresh, and their answer is the role’s', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    await reassign.reassign(
      caseId,
      'accountableOfficer',
      { expectedVersion: 2, holderId: w.ids.offices.deputyAo, reason: 'On leave.' },
      w.actors.officer,
    );
    const byName = (await links(caseId)).sort((a: { name: string }, b: { name: string }) =>
      a.name.localeCompare(b.name),
    );
    expect(byName).toEqual([
      { name: 'Dr Sam Okafor', role: 'accountableOfficer', status: 'open', reason: null },
      { name: 'Morgan Hale', role: 'chiefExecutive', status: 'open', reason: null },
      {
        name: 'Priya Natarajan',
        role: 'accountableOfficer',
        status: 'voided',
        reason: 'the role was reassigned',
      },
    ]);
    const row = await caseRow(caseId);
    expect(row.awaiting).toContain(w.ids.people.gp);
    expect(row.awaiting).not.toContain(w.ids.people.ao);
    const [event]: { payload: Record<string, unknown> }[] = await db.ds.query(
      `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'ROLE_REASSIGNED'`,
      [caseId],
    );
    expect(event.payload).toMatchObject({
      role: 'accountableOfficer',
      reason: 'On leave.',
      from: { person: 'Priya Natarajan' },
      to: { person: 'Dr Sam Okafor' },
      requests: [{ role: 'accountableOfficer', message: 'agreement-requested' }],
    });

    // The old holder no longer holds the role; the new one answers for it.
    const ao: Actor = w.actors.ao;
    expect(
      await refusalOf(
        h.send.send(caseId, { type: 'AGREE', payload: {} }, ao, { expectedVersion: 3 }),
      ),
    ).toMatchObject({ code: 'NOT_AUTHORISED' });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.gp, { expectedVersion: 3 });
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true, records: 4 });
  });

  it('refuses a role the template does not have, and an office that has no holder', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    expect(
      await refusalOf(
        reassign.reassign(
          caseId,
          'treasurer',
          { expectedVersion: 2, holderId: w.ids.offices.ceo },
          w.actors.officer,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_ROLE_HOLDER' });
    expect(
      await refusalOf(
        reassign.reassign(
          caseId,
          'chiefExecutive',
          { expectedVersion: 2, holderId: w.ids.offices.ceo },
          w.actors.officer,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await caseRow(caseId)).version).toBe(2);
  });
});
