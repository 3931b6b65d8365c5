import { DomainError } from '../../errors/domain.errors';
import { buildJcbWorld } from '../../testing/jcb-world.factory';
import { meetingsHarness } from '../../testing/meetings-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';

/*
 * The day a meeting's agenda was published: never after today, nor before the meeting was
 * scheduled, nor after the meeting. Scheduled Fri 1 Aug 2025 for Thu 4 Sep 2025.
 */
describe('recording the agenda’s publication', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function scheduled() {
    const h = meetingsHarness(db.ds, '2025-08-01T09:00:00Z');
    const world = await buildJcbWorld(db.ds);
    const meetingId = await h.schedule.schedule(
      { body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB, 4 September 2025' },
      world.actors.officer,
    );
    const published = async () =>
      (await h.read.view(world.tenantId, meetingId)).agendaPublishedOn ?? null;
    return { h, world, meetingId, published };
  }

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('records the day the agenda was published, and a later correction', async () => {
    const { h, world, meetingId, published } = await scheduled();
    h.clock.set(new Date('2025-08-27T10:00:00Z'));
    await h.publication.record(
      meetingId,
      { agendaPublishedOn: '2025-08-22' },
      world.actors.officer,
    );
    expect(await published()).toBe('2025-08-22');
    await h.publication.record(
      meetingId,
      { agendaPublishedOn: '2025-08-21' },
      world.actors.officer,
    );
    expect(await published()).toBe('2025-08-21');
  });

  it('refuses a publication after today, naming the rule, and records nothing', async () => {
    const { h, world, meetingId, published } = await scheduled();
    h.clock.set(new Date('2025-08-20T10:00:00Z'));
    const e = await refusal(() =>
      h.publication.record(meetingId, { agendaPublishedOn: '2025-08-22' }, world.actors.officer),
    );
    expect(e).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: { rule: 'RECORDED_DATE_IN_THE_FUTURE' },
    });
    expect(JSON.stringify(e.extra.explanation)).toMatch(/20 Aug/);
    expect(await published()).toBeNull();
  });

  it('refuses a publication before the meeting was scheduled, and after the meeting', async () => {
    const { h, world, meetingId, published } = await scheduled();
    h.clock.set(new Date('2025-09-10T10:00:00Z'));
    const early = await refusal(() =>
      h.publication.record(meetingId, { agendaPublishedOn: '2025-07-31' }, world.actors.officer),
    );
    expect(early.extra).toMatchObject({ rule: 'AGENDA_BEFORE_THE_MEETING_EXISTED' });
    const late = await refusal(() =>
      h.publication.record(meetingId, { agendaPublishedOn: '2025-09-05' }, world.actors.officer),
    );
    expect(late).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: 'agendaPublishedOn', message: 'must be on or before the meeting date' }],
    });
    expect(await published()).toBeNull();
  });

  it('refuses a member who is not an officer, and another council’s meeting', async () => {
    const { h, world, meetingId, published } = await scheduled();
    const other = await buildJcbWorld(db.ds);
    h.clock.set(new Date('2025-08-27T10:00:00Z'));
    const member = await refusal(() =>
      h.publication.record(meetingId, { agendaPublishedOn: '2025-08-22' }, world.jcbActors.cab1),
    );
    expect(member.code).toBe('NOT_AUTHORISED');
    const stranger = await refusal(() =>
      h.publication.record(meetingId, { agendaPublishedOn: '2025-08-22' }, other.actors.officer),
    );
    expect(stranger.code).toMatch(/NOT_FOUND/);
    expect(await published()).toBeNull();
  });
});
