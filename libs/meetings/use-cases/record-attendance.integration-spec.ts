import { DomainError } from '../../errors/domain.errors';
import { buildJcbWorld, JCB_MEMBERS, type JcbWorld } from '../../testing/jcb-world.factory';
import { meetingsHarness, type MeetingsRepositories } from '../../testing/meetings-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { MeetingAttendanceRepository } from '../meeting-attendance.repository';

/*
 * A meeting's attendance, replaced whole: only the body's members and the substitutes its scheme
 * names (JCB ToR 7.1), refused whole when impossible. Board meeting Thu 4 Sep 2025.
 */
describe('recording a meeting’s attendance', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function meeting(replace: Partial<MeetingsRepositories> = {}) {
    const h = meetingsHarness(db.ds, '2025-08-01T09:00:00Z', replace);
    const world = await buildJcbWorld(db.ds);
    const meetingId = await h.schedule.schedule(
      { body: world.ids.bodies.jcb, meetingDate: '2025-09-04', title: 'JCB, 4 September 2025' },
      world.actors.officer,
    );
    h.clock.set(new Date('2025-09-04T18:00:00Z'));
    const attendance = async () =>
      (await h.read.view(world.tenantId, meetingId)).attendance
        .map((a) => `${a.name}: ${a.status}`)
        .sort();
    return { h, world, meetingId, attendance };
  }

  const everyoneBut = (world: JcbWorld, away: string[]) =>
    JCB_MEMBERS.map(([k]) => ({
      personId: world.id(k),
      status: away.includes(k) ? 'apologies' : 'present',
    }));

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('records the members present, with apologies and a substitute from the scheme', async () => {
    const { h, world, meetingId, attendance } = await meeting();
    await h.attendance.record(
      meetingId,
      [
        ...everyoneBut(world, ['ccg2']),
        { personId: world.id('sub'), status: 'present', substituteFor: world.id('ccg2') },
      ],
      world.actors.officer,
    );
    expect(await attendance()).toEqual([
      'Cllr Ada Fox: present',
      'Cllr Ben Hart: present',
      'Cllr Cara Moss: present',
      'Dr Dev Shah: present',
      'Dr Eve Long: apologies',
      'Dr Finn Roy: present',
      'Dr Gus Lee: present',
    ]);
    const view = await h.read.view(world.tenantId, meetingId);
    expect(view.quorum.quorate).toBe(true);
  });

  it('refuses a substitute for a member who is present and a person who is not a member, keeping the attendance before', async () => {
    const { h, world, meetingId, attendance } = await meeting();
    await h.attendance.record(meetingId, everyoneBut(world, []), world.actors.officer);
    const before = await attendance();
    const forPresent = await refusal(() =>
      h.attendance.record(
        meetingId,
        [
          { personId: world.id('ccg2'), status: 'present' },
          { personId: world.id('sub'), status: 'present', substituteFor: world.id('ccg2') },
        ],
        world.actors.officer,
      ),
    );
    expect(forPresent.extra).toMatchObject({
      rule: 'SUBSTITUTE_FOR_PRESENT_MEMBER',
      explanation: ['Dr Gus Lee cannot substitute for Dr Eve Long, who is present'],
    });
    const stranger = await refusal(() =>
      h.attendance.record(
        meetingId,
        [{ personId: world.ids.people.officer, status: 'present' }],
        world.actors.officer,
      ),
    );
    expect(stranger.extra).toMatchObject({ rule: 'NOT_A_MEMBER' });
    expect(await attendance()).toEqual(before);
  });

  it('refuses a person of another council by their place in the list', async () => {
    const { h, world, meetingId, attendance } = await meeting();
    const other = await buildJcbWorld(db.ds);
    const e = await refusal(() =>
      h.attendance.record(
        meetingId,
        [...everyoneBut(world, []), { personId: other.id('cab1'), status: 'present' }],
        world.actors.officer,
      ),
    );
    expect(e).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: '[6].personId', message: 'not a person in your council’s directory' }],
    });
    // The sentence a page shows above the entries: no "ids", which a person never typed.
    expect(e.detail).toBe(
      'Some of the people named are not in your council’s directory: choose only people it holds.',
    );
    // Before: "no person <uuid>", an id the meeting page would show.
    expect(JSON.stringify(e)).not.toContain(other.id('cab1'));
    expect(await attendance()).toEqual([]);
  });

  it('keeps the attendance before when writing the new one fails part way', async () => {
    class FailingAfterDelete extends MeetingAttendanceRepository {
      failing = false;
      override async replace(...args: Parameters<MeetingAttendanceRepository['replace']>) {
        await super.replace(...args);
        if (this.failing) throw new Error('the disk filled up');
      }
    }
    const repo = new FailingAfterDelete();
    const { h, world, meetingId, attendance } = await meeting({ attendance: repo });
    await h.attendance.record(meetingId, everyoneBut(world, []), world.actors.officer);
    const before = await attendance();
    repo.failing = true;
    await expect(
      h.attendance.record(meetingId, everyoneBut(world, ['cab1', 'ccg1']), world.actors.officer),
    ).rejects.toThrow('the disk filled up');
    expect(await attendance()).toEqual(before);
  });
});
