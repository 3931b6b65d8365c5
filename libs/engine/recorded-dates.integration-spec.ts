import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

/** Dates that cannot have happened are refused by the engine, naming the rule; nothing is written. */
describe('recorded dates on a case', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A BCF plan approved under delegation on Fri 1 Oct 2021, ready to submit. */
  async function approvedCase() {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const steps = [
      ['SEEK_AGREEMENT', world.actors.officer],
      ['AGREE', world.actors.ao],
      ['AGREE', world.actors.ceo],
      ['APPROVE', world.actors.chair],
    ] as const;
    for (const [i, [type, actor]] of steps.entries())
      await h.send.send(caseId, { type, payload: {} }, actor, { expectedVersion: i + 1 });
    return { world, h, caseId };
  }

  async function refusal(p: Promise<unknown>) {
    try {
      await p;
    } catch (e) {
      return e as { code: string; extra: Record<string, unknown> };
    }
    throw new Error('expected a refusal');
  }

  it('refuses a submission dated after today in London, and records nothing', async () => {
    const { world, h, caseId } = await approvedCase();
    // 23:30 UTC on 4 Oct 2021 is already 5 Oct in London (BST).
    h.clock.set('2021-10-04T23:30:00Z');
    const e = await refusal(
      h.send.send(
        caseId,
        { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-10-06' } },
        world.actors.officer,
        { expectedVersion: 5 },
      ),
    );
    expect(e.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(e.extra).toMatchObject({
      rule: 'RECORDED_DATE_IN_THE_FUTURE',
      explanation: [
        'the submission is dated Wed 6 Oct 2021, after today, Tue 5 Oct 2021 (London)',
        expect.any(String),
      ],
      problems: [{ path: 'submittedOn', message: expect.stringContaining('after today') }],
    });
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(5);
    // Today in London is accepted.
    await h.send.send(
      caseId,
      { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-10-05' } },
      world.actors.officer,
      { expectedVersion: 5 },
    );
  });

  it('refuses a submission before the approval it follows, naming both days', async () => {
    const { world, h, caseId } = await approvedCase();
    h.clock.set('2021-10-08T09:00:00Z');
    const e = await refusal(
      h.send.send(
        caseId,
        { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-09-23' } },
        world.actors.officer,
        { expectedVersion: 5 },
      ),
    );
    expect(e.extra).toMatchObject({
      rule: 'RECORDED_DATE_BEFORE_ITS_STEP',
      explanation: [
        'the submission is dated Thu 23 Sep 2021, before the delegated approval on Fri 1 Oct 2021',
        'the submission follows the delegated approval: check the date',
      ],
    });
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(5);
  });

  it('refuses an assurance outcome received before the submission, from the case’s own record', async () => {
    const { world, h, caseId } = await approvedCase();
    h.clock.set('2021-10-20T09:00:00Z');
    await h.send.send(
      caseId,
      { type: 'RECORD_SUBMISSION', payload: { submittedOn: '2021-10-15' } },
      world.actors.officer,
      { expectedVersion: 5 },
    );
    const e = await refusal(
      h.send.send(
        caseId,
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'approved', receivedOn: '2021-10-14' } },
        world.actors.officer,
        { expectedVersion: 6 },
      ),
    );
    expect(e.extra).toMatchObject({
      rule: 'RECORDED_DATE_BEFORE_ITS_STEP',
      explanation: [
        'the assurance outcome is dated Thu 14 Oct 2021, before the submission on Fri 15 Oct 2021',
        expect.any(String),
      ],
    });
  });

  it('names the date rule even where the case could not take the event now', async () => {
    const { world, h, caseId } = await approvedCase();
    // Noting is allowed from approval on; an assurance before any submission is not: still, a
    // date in the future is refused as such first.
    const e = await refusal(
      h.send.send(
        caseId,
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'approved', receivedOn: '2022-01-09' } },
        world.actors.officer,
        { expectedVersion: 5 },
      ),
    );
    expect(e.extra).toMatchObject({ rule: 'RECORDED_DATE_IN_THE_FUTURE' });
    // A possible date in a state that cannot take the event is the only EVENT_NOT_ALLOWED.
    await expect(
      h.send.send(
        caseId,
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'approved', receivedOn: '2021-10-01' } },
        world.actors.officer,
        { expectedVersion: 5 },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
  });
});
