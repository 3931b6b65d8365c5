import { DomainError } from '../../errors/domain.errors';
import { buildJcbWorld, JCB_MEMBERS, type JcbWorld } from '../../testing/jcb-world.factory';
import { meetingsHarness } from '../../testing/meetings-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';

/*
 * Workflow 7: a JCB meeting approves the minutes of its previous meeting as a correct record
 * (Thu 4 Sep 2025, then Thu 2 Oct 2025), recorded on the evening of the second.
 */
describe('approving the previous meeting’s minutes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function twoMeetings() {
    const h = meetingsHarness(db.ds);
    const world = await buildJcbWorld(db.ds);
    const officer = world.actors.officer;
    const schedule = (meetingDate: string, title: string) =>
      h.schedule.schedule({ body: world.ids.bodies.jcb, meetingDate, title }, officer);
    const first = await schedule('2025-09-04', 'JCB, 4 September 2025');
    const second = await schedule('2025-10-02', 'JCB, 2 October 2025');
    h.clock.set(new Date('2025-10-02T18:00:00Z'));
    return { h, world, officer, first, second };
  }

  const attend = (world: JcbWorld, present: string[]) =>
    JCB_MEMBERS.map(([k]) => ({
      personId: world.id(k),
      status: present.includes(k) ? 'present' : 'apologies',
    }));
  const everyone = JCB_MEMBERS.map(([k]) => k);

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  const approvals = async (tenantId: string) =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM minutes_approvals WHERE tenant_id = $1', [
          tenantId,
        ])
      )[0].n,
    );

  it('approves the earlier meeting’s minutes with their amendments and the quorum it was taken under', async () => {
    const { h, world, officer, first, second } = await twoMeetings();
    await h.attendance.record(second, attend(world, everyone), officer);
    await h.approveMinutes.approve(
      second,
      { previousMeetingId: first, amendments: ['Minute 3: Dr Long sent apologies'] },
      officer,
    );
    const view = await h.read.view(world.tenantId, second);
    expect(view.minutesApproved).toEqual([
      expect.objectContaining({
        previousMeetingId: first,
        previousMeetingDate: '2025-09-04',
        amendments: ['Minute 3: Dr Long sent apologies'],
      }),
    ]);
    expect(view.minutesApproved[0].quorumExplanation.length).toBeGreaterThan(0);
  });

  it('approves minutes once: a second approval is refused and nothing more is written', async () => {
    const { h, world, officer, first, second } = await twoMeetings();
    await h.attendance.record(second, attend(world, everyone), officer);
    await h.approveMinutes.approve(second, { previousMeetingId: first, amendments: [] }, officer);
    const e = await refusal(() =>
      h.approveMinutes.approve(second, { previousMeetingId: first, amendments: [] }, officer),
    );
    expect(e.extra).toMatchObject({ rule: 'MINUTES_ALREADY_APPROVED' });
    expect(await approvals(world.tenantId)).toBe(1);
  });

  it('refuses the minutes of a later meeting, and approval at an inquorate meeting', async () => {
    const { h, world, officer, first, second } = await twoMeetings();
    await h.attendance.record(first, attend(world, everyone), officer);
    const later = await refusal(() =>
      h.approveMinutes.approve(first, { previousMeetingId: second, amendments: [] }, officer),
    );
    expect(later.extra).toMatchObject({ rule: 'MINUTES_NOT_OF_AN_EARLIER_MEETING' });
    await h.attendance.record(second, attend(world, ['cab1', 'ccg1']), officer);
    const inquorate = await refusal(() =>
      h.approveMinutes.approve(second, { previousMeetingId: first, amendments: [] }, officer),
    );
    expect(inquorate.extra).toMatchObject({ rule: 'MINUTES_WHEN_INQUORATE' });
    expect(await approvals(world.tenantId)).toBe(0);
  });

  it('refuses approval before the meeting has been held', async () => {
    const { h, world, officer, first, second } = await twoMeetings();
    h.clock.set(new Date('2025-09-20T10:00:00Z'));
    const e = await refusal(() =>
      h.approveMinutes.approve(second, { previousMeetingId: first, amendments: [] }, officer),
    );
    expect(e.extra).toMatchObject({ rule: 'MINUTES_APPROVED_BEFORE_THE_MEETING' });
    expect(await approvals(world.tenantId)).toBe(0);
  });
});
