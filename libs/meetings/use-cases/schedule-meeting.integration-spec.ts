import { DomainError } from '../../errors/domain.errors';
import { buildJcbWorld } from '../../testing/jcb-world.factory';
import { meetingsHarness } from '../../testing/meetings-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';

/* An officer schedules a meeting of one of the council's bodies that has rules to hold it under. */
describe('scheduling a meeting', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const meetings = async (tenantId: string) =>
    Number(
      (await db.ds.query('SELECT count(*) AS n FROM meetings WHERE tenant_id = $1', [tenantId]))[0]
        .n,
    );

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('schedules a JCB meeting with the Board’s quorum rule, listed by its body', async () => {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds);
    const id = await h.schedule.schedule(
      { body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB, 4 September 2025' },
      world.actors.officer,
    );
    const view = await h.read.view(world.tenantId, id);
    expect(view).toMatchObject({ bodyKind: 'jcb', meetingDate: '2025-09-04', agenda: [] });
    expect(view.quorumRule.total).toBe(4);
    const listed = await h.list.list(world.tenantId, { body: world.ids.bodies.jcb });
    expect(listed.items.map((m) => m.id)).toEqual([id]);
  });

  it('lists each meeting with the day its agenda is to be published by, as the meeting reads it', async () => {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds);
    const id = await h.schedule.schedule(
      { body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB, 4 September 2025' },
      world.actors.officer,
    );
    const [listed] = (await h.list.list(world.tenantId, { body: world.ids.bodies.jcb })).items;
    // Five clear working days before Thursday 4 September 2025 (reg 7): Wednesday 27 August.
    expect(listed.publishAgendaBy).toMatchObject({ lastWorkingDay: '2025-08-27' });
    expect(listed.publishAgendaBy).toEqual((await h.read.view(world.tenantId, id)).publishAgendaBy);
  });

  it('refuses a person who is not an officer, writing nothing', async () => {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds);
    const e = await refusal(() =>
      h.schedule.schedule(
        { body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB' },
        world.jcbActors.cab1,
      ),
    );
    expect(e.code).toBe('NOT_AUTHORISED');
    expect(await meetings(world.tenantId)).toBe(0);
  });

  it('refuses another council’s body as if it did not exist, and bad input naming its fields', async () => {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds);
    const other = await buildJcbWorld(db.ds);
    const theirs = await refusal(() =>
      h.schedule.schedule(
        { body: other.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB' },
        world.actors.officer,
      ),
    );
    expect(theirs).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: 'body', message: 'not a body of your organisation' }],
    });
    const bad = await refusal(() =>
      h.schedule.schedule(
        { body: 'the-jcb', meetingDate: '04/09/2025', title: '' },
        world.actors.officer,
      ),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(
      (bad as DomainError & { problems: { path: string }[] }).problems.map((p) => p.path).sort(),
    ).toEqual(['body', 'meetingDate', 'title']);
    expect(await meetings(world.tenantId)).toBe(0);
    expect(await meetings(other.tenantId)).toBe(0);
  });

  it('refuses a body without rules in the directory, naming the rule, writing nothing', async () => {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds, {
      tweak: (s) => s.bodies.push({ key: 'cabinet', name: 'Cabinet', kind: 'cabinet' }),
    });
    const e = await refusal(() =>
      h.schedule.schedule(
        { body: world.ids.bodies.cabinet, meetingDate: '2025-09-04', title: 'Cabinet' },
        world.actors.officer,
      ),
    );
    expect(e).toMatchObject({ code: 'GOVERNANCE_RULE_BROKEN', extra: { rule: 'NO_QUORUM_RULE' } });
    expect(e.detail).toContain('Cabinet has no rules');
    expect(await meetings(world.tenantId)).toBe(0);
  });
});
