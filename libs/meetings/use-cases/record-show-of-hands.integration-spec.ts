import type { Actor } from '../../core/actor.dto';
import { tenantScope, type TenantScope } from '../../core/tenant-scope';
import { DomainError } from '../../errors/domain.errors';
import {
  buildJcbWorld,
  JCB_MEMBERS,
  jcbHands,
  type JcbWorld,
} from '../../testing/jcb-world.factory';
import { meetingsHarness } from '../../testing/meetings-harness.service';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { ItemOutcomesRepository } from '../item-outcomes.repository';
import type { Queryable } from '../../core/queryable';

/*
 * The show of hands on a JCB item (seed 002, ToR 8: quorate with at least 4 members, 2 from each
 * partner; consensus is every eligible member present and each partner). Scheduled and published
 * Fri 1 Aug 2025 for the meeting on Thu 4 Sep 2025, recorded on its evening.
 */
const MEETING = '2025-09-04';

/** An outcomes repository whose write fails after the hands are written: the write must be undone. */
class FailingAfterVotes extends ItemOutcomesRepository {
  override async record(
    scope: TenantScope,
    m: Queryable,
    r: Parameters<ItemOutcomesRepository['record']>[2],
  ): Promise<void> {
    await super.record(scope, m, r);
    throw new Error('the disk filled up after the votes were written');
  }
}

describe('recording the show of hands on an agenda item', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A JCB meeting with one published item, on its evening; `h` may carry replaced repositories. */
  async function meetingWithItem(h = meetingsHarness(db.ds)) {
    const world = await buildJcbWorld(db.ds);
    const officer = world.actors.officer;
    const meetingId = await h.schedule.schedule(
      { body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' },
      officer,
    );
    const itemId = await h.addItem.add(
      meetingId,
      { title: 'Carers support contract', keyDecision: false },
      officer,
    );
    await h.publication.record(meetingId, { agendaPublishedOn: '2025-08-01' }, officer);
    h.clock.set(new Date('2025-09-04T18:00:00Z'));
    return { h, world, officer, meetingId, itemId };
  }

  const attend = (world: JcbWorld, present: string[]) =>
    JCB_MEMBERS.map(([k]) => ({
      personId: world.id(k),
      status: present.includes(k) ? 'present' : 'apologies',
    }));

  const written = async (tenantId: string, meetingId: string) => ({
    votes: Number(
      (
        await db.ds.query(
          'SELECT count(*) AS n FROM votes WHERE tenant_id = $1 AND meeting_id = $2',
          [tenantId, meetingId],
        )
      )[0].n,
    ),
    outcomes: Number(
      (
        await db.ds.query(
          'SELECT count(*) AS n FROM item_outcomes WHERE tenant_id = $1 AND meeting_id = $2',
          [tenantId, meetingId],
        )
      )[0].n,
    ),
  });

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('records consensus when every member present is for, with each hand and the quorum it was taken under', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    const everyone = JCB_MEMBERS.map(([k]) => k);
    await h.attendance.record(meetingId, attend(world, everyone), officer);
    expect(await h.showOfHands.record(meetingId, itemId, { hands: jcbHands(world) }, officer)).toBe(
      'consensus',
    );
    const view = await h.read.view(world.tenantId, meetingId);
    const item = view.agenda.find((i) => i.id === itemId)!;
    expect(item.outcome).toMatchObject({ outcome: 'consensus' });
    expect(item.votes).toHaveLength(6);
    expect(item.outcome!.quorumExplanation.length).toBeGreaterThan(0);
    expect(await written(world.tenantId, meetingId)).toEqual({ votes: 6, outcomes: 1 });
  });

  it('refuses a vote at an inquorate meeting, naming the rule, and writes no hand', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    await h.attendance.record(meetingId, attend(world, ['cab1', 'cab2', 'ccg1']), officer);
    const present = jcbHands(world).filter((x) =>
      [world.id('cab1'), world.id('cab2'), world.id('ccg1')].includes(x.personId),
    );
    const e = await refusal(() =>
      h.showOfHands.record(meetingId, itemId, { hands: present }, officer),
    );
    expect(e.extra).toMatchObject({ rule: 'VOTE_WHEN_INQUORATE' });
    expect(await written(world.tenantId, meetingId)).toEqual({ votes: 0, outcomes: 0 });
  });

  it('refuses a second show of hands on a decided item: reconsidering it is a new item', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    await h.attendance.record(
      meetingId,
      attend(
        world,
        JCB_MEMBERS.map(([k]) => k),
      ),
      officer,
    );
    await h.showOfHands.record(meetingId, itemId, { hands: jcbHands(world) }, officer);
    const e = await refusal(() =>
      h.showOfHands.record(
        meetingId,
        itemId,
        { hands: jcbHands(world, { ccg2: 'against' }) },
        officer,
      ),
    );
    expect(e.extra).toMatchObject({ rule: 'ITEM_ALREADY_DECIDED' });
    expect(await written(world.tenantId, meetingId)).toEqual({ votes: 6, outcomes: 1 });
  });

  it('refuses a hand from someone who is not at the meeting, writing nothing', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    await h.attendance.record(
      meetingId,
      attend(world, ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
      officer,
    );
    const e = await refusal(() =>
      h.showOfHands.record(meetingId, itemId, { hands: jcbHands(world) }, officer),
    );
    expect(e.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(await written(world.tenantId, meetingId)).toEqual({ votes: 0, outcomes: 0 });
  });

  it('undoes the hands already written when the outcome cannot be stored (one transaction)', async () => {
    const h = meetingsHarness(db.ds, undefined, { outcomes: new FailingAfterVotes() });
    const { world, officer, meetingId, itemId } = await meetingWithItem(h);
    await h.attendance.record(
      meetingId,
      attend(
        world,
        JCB_MEMBERS.map(([k]) => k),
      ),
      officer,
    );
    await expect(
      h.showOfHands.record(meetingId, itemId, { hands: jcbHands(world) }, officer),
    ).rejects.toThrow('the disk filled up');
    expect(await written(world.tenantId, meetingId)).toEqual({ votes: 0, outcomes: 0 });
  });

  it('finds no meeting of another council: every read is scoped to the actor’s tenant', async () => {
    const { h, meetingId, itemId } = await meetingWithItem();
    const stranger = await buildJcbWorld(db.ds);
    const actor: Actor = stranger.actors.officer;
    const e = await refusal(() =>
      h.showOfHands.record(meetingId, itemId, { hands: jcbHands(stranger) }, actor),
    );
    expect(e.code).toBe('MEETING_NOT_FOUND');
    expect(
      await h.repositories.meetings.meeting(
        tenantScope(stranger.tenantId),
        db.ds.manager,
        meetingId,
      ),
    ).toBeNull();
  });
});
