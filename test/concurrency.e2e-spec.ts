import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Actor } from '../libs/core/actor.dto';
import type { IncomingEvent } from '../libs/engine/send-event.use-case';
import { DomainError } from '../libs/errors/domain.errors';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

const CONTENDERS = 20;

describe('concurrent events on one case', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;

  // A database per test (a sweep fires every due row, not one case's), with a connection for
  // each of the 20 senders and a few for the test's own reads.
  beforeEach(async () => {
    db = await openTestDatabase(CONTENDERS + 5);
    h = engineHarness(db.ds);
  });
  afterEach(async () => {
    await db.drop();
  });

  async function openCase(): Promise<{ world: BcfWorld; caseId: string }> {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    return { world, caseId };
  }

  /** The case's version and the seqs of its events and audit records, in insertion order. */
  async function ledger(caseId: string) {
    const [c]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    const events: { seq: number }[] = await db.ds.query(
      'SELECT seq FROM case_events WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    const audit: { seq: number }[] = await db.ds.query(
      'SELECT seq FROM audit_records WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    return {
      version: c.version,
      eventSeqs: events.map((e) => e.seq).sort((a, b) => a - b),
      auditSeqs: audit.map((a) => a.seq),
    };
  }

  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  /** Asserts the chain verifies and both ledgers hold exactly 1..version, once each. */
  async function expectCleanHistory(world: BcfWorld, caseId: string, version: number) {
    const l = await ledger(caseId);
    expect(l.version).toBe(version);
    expect(l.auditSeqs).toEqual(oneTo(version)); // in insertion order: no gap, no fork, no reordering
    expect(l.eventSeqs).toEqual(oneTo(version));
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({
      ok: true,
      records: version,
    });
  }

  /** Sends every event at once through the engine; returns each outcome. */
  function sendAllAtOnce(
    caseId: string,
    sends: { event: IncomingEvent; actor: Actor }[],
    expectedVersion: number,
  ) {
    return Promise.allSettled(
      sends.map((s) => h.send.send(caseId, s.event, s.actor, { expectedVersion })),
    );
  }

  function codesOf(results: PromiseSettledResult<unknown>[]): string[] {
    return results.flatMap((r) =>
      r.status === 'rejected'
        ? [
            r.reason instanceof DomainError
              ? r.reason.code
              : `not a DomainError: ${String(r.reason)}`,
          ]
        : [],
    );
  }

  it('accepts exactly one of 20 conflicting events per transition and refuses the rest with VERSION_CONFLICT', async () => {
    const { world, caseId } = await openCase();
    const { officer, ceo, ao } = world.actors;

    // Round 1: twenty officers' clicks on "seek agreement" at version 1.
    const round1 = await sendAllAtOnce(
      caseId,
      Array.from({ length: CONTENDERS }, () => ({
        event: { type: 'SEEK_AGREEMENT', payload: {} },
        actor: officer,
      })),
      1,
    );
    expect(round1.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(codesOf(round1)).toEqual(Array(CONTENDERS - 1).fill('VERSION_CONFLICT'));
    await expectCleanHistory(world, caseId, 2);

    // Round 2: agreements and rejections from both signatories, all presenting version 2.
    const mix: { event: IncomingEvent; actor: Actor }[] = Array.from(
      { length: CONTENDERS },
      (_, i) =>
        [
          { event: { type: 'AGREE', payload: {} }, actor: ceo },
          { event: { type: 'AGREE', payload: {} }, actor: ao },
          { event: { type: 'REJECT', payload: { reasons: `objection ${i}` } }, actor: ceo },
          { event: { type: 'REJECT', payload: { reasons: `objection ${i}` } }, actor: ao },
        ][i % 4],
    );
    const round2 = await sendAllAtOnce(caseId, mix, 2);
    const winners = round2.flatMap((r, i) => (r.status === 'fulfilled' ? [mix[i]] : []));
    expect(winners).toHaveLength(1);
    expect(codesOf(round2)).toEqual(Array(CONTENDERS - 1).fill('VERSION_CONFLICT'));
    await expectCleanHistory(world, caseId, 3);

    // The one recorded event is the winner's, and the state is the one it leads to.
    const [last]: { type: string; actor_person_id: string }[] = await db.ds.query(
      'SELECT type, actor_person_id FROM case_events WHERE case_id = $1 AND seq = 3',
      [caseId],
    );
    const winner = winners[0];
    expect(last.type).toBe(winner.event.type);
    expect(last.actor_person_id).toBe(
      winner.actor.kind === 'person' ? winner.actor.person.id : null,
    );
    const view = await h.views.get(world.tenantId, caseId);
    expect(view.state.key).toMatch(
      winner.event.type === 'REJECT' ? /^preSubmission\.drafting$/ : /^preSubmission\.agreement\./,
    );

    // The losers wrote nothing else: no effects beyond those of the three accepted transitions.
    const effects: { version: number; n: number }[] = await db.ds.query(
      `SELECT (payload->>'caseVersion')::int AS version, count(*)::int AS n FROM effects
        WHERE case_id = $1 GROUP BY 1 ORDER BY 1`,
      [caseId],
    );
    expect(effects.every((e) => e.version >= 1 && e.version <= 3)).toBe(true);
    // SEEK_AGREEMENT asked the two signatories, once each.
    expect(effects.find((e) => e.version === 2)?.n).toBe(2);
  });

  it('answers 20 simultaneous HTTP requests with one 200 and nineteen 409 VERSION_CONFLICT problems', async () => {
    const app: INestApplication = await buildTestApp(db.ds, h.clock);
    try {
      await app.listen(0, '127.0.0.1');
      const base = await app.getUrl();
      const { world, caseId } = await openCase();
      await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
      const responses = await Promise.all(
        Array.from({ length: CONTENDERS }, (_, i) =>
          request(base)
            .post(`/api/cases/${caseId}/events`)
            .set('Authorization', `Bearer ${i % 2 ? world.keys.ceo : world.keys.ao}`)
            .send({ type: 'AGREE', expectedVersion: 2 }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array(CONTENDERS - 1).fill(409)]);
      for (const r of responses.filter((x) => x.status === 409)) {
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
      }
      await expectCleanHistory(world, caseId, 3);
    } finally {
      await app.close();
    }
  });

  it('keeps one unbroken chain when 20 senders without an expected version re-read and retry on conflict', async () => {
    const { world, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    const system: Actor = { kind: 'system', tenantId: world.tenantId, job: 'concurrency-test' };
    // Both agreements and eighteen reminders: every one of them is accepted in whatever order
    // they land (a reminder is accepted while agreement or approval is awaited).
    const sends: { event: IncomingEvent; actor: Actor }[] = [
      { event: { type: 'AGREE', payload: {} }, actor: world.actors.ceo },
      { event: { type: 'AGREE', payload: {} }, actor: world.actors.ao },
      ...Array.from({ length: CONTENDERS - 2 }, (_, i) => ({
        event: { type: 'REMINDER_DUE', payload: { key: 'submission', workingDaysLeft: i } },
        actor: system,
      })),
    ];
    let conflicts = 0;
    const sendWithRetry = async (s: { event: IncomingEvent; actor: Actor }) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await h.send.send(caseId, s.event, s.actor);
        } catch (e) {
          if (!(e instanceof DomainError && e.code === 'VERSION_CONFLICT') || attempt >= 200)
            throw e;
          conflicts++;
        }
      }
    };
    const results = await Promise.all(sends.map(sendWithRetry));

    // Each send committed exactly one new version, all different.
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: CONTENDERS }, (_, i) => i + 3),
    );
    expect(conflicts).toBeGreaterThan(0); // they did contend
    await expectCleanHistory(world, caseId, 2 + CONTENDERS);
    const view = await h.views.get(world.tenantId, caseId);
    expect(view.state.key).toBe('preSubmission.chairApproval');
    expect(view.context).toMatchObject({
      agreements: { chiefExecutive: true, accountableOfficer: true },
    });
    const reminders: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'REMINDER_DUE'`,
      [caseId],
    );
    expect(reminders[0].n).toBe(CONTENDERS - 2);
  });

  /** Whether a session of this database is waiting for a lock another holds. */
  const waitsOnALock = async () =>
    (
      (await db.ds.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )) as { n: number }[]
    )[0].n > 0;

  it('lets a person leave a state while a worker is firing that state’s reminder, without a deadlock', async () => {
    const { world, caseId } = await openCase();
    for (const [type, who] of [
      ['SEEK_AGREEMENT', 'officer'],
      ['AGREE', 'ao'],
      ['AGREE', 'ceo'],
      ['APPROVE', 'chair'],
    ] as const)
      await h.send.send(caseId, { type, payload: {} }, world.actors[who]);
    // 9 Nov 09:30: the 5-day submission reminder is due, and the officer records the submission.
    h.clock.set('2021-11-09T09:30:00Z');

    let person: PromiseSettledResult<{ version: number; stateKey: string }> | undefined;
    let worker: unknown;
    // What the deadline sweep does (DeadlineSweepService.fireOne): claim the due row with
    // FOR UPDATE SKIP LOCKED, then send its event in the same transaction.
    await db.ds
      .transaction(async (m) => {
        const [row]: { id: string; event: { type: string } & Record<string, unknown> }[] =
          await m.query(
            `SELECT id, event FROM deadlines WHERE status = 'pending' AND due_at <= $1
              ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [h.clock.now()],
          );
        expect(row.event).toMatchObject({ type: 'REMINDER_DUE', key: 'submission' });
        // Meanwhile the officer's RECORD_SUBMISSION leaves preSubmission, whose exit cancels the
        // submission deadline and its reminders, the claimed one among them.
        const submitting = h.send
          .send(
            caseId,
            { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-11-09' } },
            world.actors.officer,
            { expectedVersion: 5 },
          )
          .then(
            (value) => (person = { status: 'fulfilled', value }),
            (reason: unknown) => (person = { status: 'rejected', reason }),
          );
        // Go on once the person's send is over or stuck behind a lock (the claimed row, were its
        // cancel to wait for it): a condition, not a time, so a busy machine cannot reorder the two.
        let over = false;
        void submitting.then(() => (over = true));
        while (!over && !(await waitsOnALock())) await new Promise((r) => setTimeout(r, 20));
        const { type, ...payload } = row.event;
        try {
          await h.send.send(
            caseId,
            { type, payload },
            { kind: 'system', tenantId: world.tenantId, job: 'deadline-sweep' },
            { manager: m },
          );
          worker = 'sent';
        } catch (e) {
          worker = e;
        }
        await submitting;
        throw new Error('roll back the claim, as fireOne does when its send fails');
      })
      .catch(() => undefined);

    // The person is not the victim of a deadlock: the submission is recorded.
    expect(
      person?.status === 'rejected' ? `rejected: ${String(person.reason)}` : person?.value,
    ).toMatchObject({ version: 6, stateKey: expect.stringMatching(/^postSubmission/) });
    // The worker's reminder lost the race: the case no longer accepts it.
    expect(worker).toBeInstanceOf(DomainError);
    expect((worker as DomainError).code).toBe('EVENT_NOT_ALLOWED');
    // The next sweep settles the reminder the person could not cancel as stale; nothing fires.
    expect(await h.sweep.sweep()).toEqual({ fired: 0, stale: 1 });
    const rows: { kind: string; status: string }[] = await db.ds.query(
      `SELECT kind, status FROM deadlines WHERE case_id = $1 AND key = 'submission' ORDER BY due_at`,
      [caseId],
    );
    expect(rows).toEqual([
      { kind: 'reminder', status: 'stale' },
      { kind: 'reminder', status: 'cancelled' },
      { kind: 'deadline', status: 'cancelled' },
    ]);
    await expectCleanHistory(world, caseId, 6);
  });
});
