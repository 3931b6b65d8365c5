import { ManualClock } from '../../core/clock.service';
import { DomainError } from '../../errors/domain.errors';
import { buildDirectoryWorld, DirectoryWorld } from '../../testing/directory-world.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { AddMembershipUseCase } from './add-membership.use-case';
import { ChangeMembershipUseCase } from './change-membership.use-case';
import { tenantScope } from '../../core/tenant-scope';
import { directoryUseCases } from '../../testing/directory-use-cases.factory';

/*
 * Seats on a body with terms (issue #10): the HWBB's chair and vice-chair are elected each
 * municipal year (seed 002), so an annual appointment ends at the next annual meeting. Invented
 * people; today is Thu 3 Dec 2026.
 */
describe('memberships with terms', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  let adding: AddMembershipUseCase;
  let changing: ChangeMembershipUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    adding = directoryUseCases(db.ds, clock).addMembership;
    changing = directoryUseCases(db.ds, clock).changeMembership;
  });
  afterAll(async () => {
    await db.drop();
  });

  const admin = (w: DirectoryWorld) => w.actorOf('admin');
  const directoryVersion = async (w: DirectoryWorld) =>
    (
      await db.ds.query('SELECT directory_version AS v FROM tenants WHERE tenant_id = $1', [
        w.tenantId,
      ])
    )[0].v as string;

  /** The refusal `run` throws, and the proof that nothing was written. */
  async function refusal(w: DirectoryWorld, run: () => Promise<unknown>): Promise<DomainError> {
    const before = [
      await changes.list(tenantScope(w.tenantId), db.ds.manager),
      await db.ds.query('SELECT * FROM memberships WHERE tenant_id = $1 ORDER BY id', [w.tenantId]),
    ];
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect([
      await changes.list(tenantScope(w.tenantId), db.ds.manager),
      await db.ds.query('SELECT * FROM memberships WHERE tenant_id = $1 ORDER BY id', [w.tenantId]),
    ]).toEqual(before);
    return error as DomainError;
  }

  it('seats a member for a term, for the constituency’s organisation, on the record', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const version = await directoryVersion(w);
    const seat = await adding.add(
      w.ids.bodies.hwbb,
      {
        personId: w.ids.people.governanceLead,
        constituency: 'council',
        role: 'co_opted',
        validFrom: '2026-05-21',
        validUntil: '2027-05-20',
      },
      admin(w),
    );
    expect(seat).toMatchObject({
      bodyId: w.ids.bodies.hwbb,
      personName: 'Lee Morgan',
      constituency: 'council',
      organisationId: w.ids.organisations.council,
      role: 'co_opted',
      voting: true,
      validFrom: '2026-05-21',
      validUntil: '2027-05-20',
      version: 1,
    });
    expect(await directoryVersion(w)).not.toBe(version);
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      actor: { kind: 'person', personId: w.adminId, name: 'Riley Shaw' },
      subject: 'membership',
      subjectId: seat.id,
      action: 'created',
      before: null,
      after: { personId: w.ids.people.governanceLead, role: 'co_opted', validUntil: '2027-05-20' },
    });
    const nonVoting = await adding.add(
      w.ids.bodies.hwbb,
      {
        personId: w.ids.people.ao,
        constituency: 'ccg',
        role: 'non_voting',
        validFrom: '2026-06-01',
      },
      admin(w),
    );
    expect(nonVoting).toMatchObject({ voting: false, validUntil: null });
  });

  it('refuses a second seat for one person at overlapping dates, naming both terms', async () => {
    const w = await buildDirectoryWorld(db.ds);
    // The chair's seat on the HWBB runs from 1 May 2021 with no end.
    const e = await refusal(w, () =>
      adding.add(
        w.ids.bodies.hwbb,
        { personId: w.ids.people.chair, constituency: 'council', validFrom: '2026-05-21' },
        admin(w),
      ),
    );
    expect(e).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: {
        rule: 'OVERLAPPING_TERMS',
        explanation: [
          'Cllr Alex Rowe already holds a seat on the Southampton Health and Wellbeing Board from Sat 1 May 2021 with no end, which overlaps the term from Thu 21 May 2026 with no end: one person holds one seat at a time; end the earlier term first or start this one after it',
        ],
      },
    });
  });

  it('refuses two chairs at once, and takes the next chair from the day after the last one’s term ends', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const cabinet = w.ids.people.cabinet;
    const chairSeat = (
      await db.ds.query(
        `SELECT id FROM memberships WHERE tenant_id = $1 AND person_id = $2 AND body_id = $3`,
        [w.tenantId, w.ids.people.chair, w.ids.bodies.hwbb],
      )
    )[0].id as string;
    const cabinetSeat = (
      await db.ds.query(
        `SELECT id FROM memberships WHERE tenant_id = $1 AND person_id = $2 AND body_id = $3`,
        [w.tenantId, cabinet, w.ids.bodies.hwbb],
      )
    )[0].id as string;
    const e = await refusal(w, () =>
      changing.change(cabinetSeat, { expectedVersion: 1, role: 'chair' }, admin(w)),
    );
    expect(e).toMatchObject({
      extra: {
        rule: 'TWO_CHAIRS_AT_ONCE',
        explanation: [
          'Cllr Alex Rowe is chair of the Southampton Health and Wellbeing Board from Sat 1 May 2021 with no end, which overlaps Cllr Chris Lane’s term from Sat 1 May 2021 with no end: a body has one chair at a time',
        ],
      },
    });
    // The annual meeting of 20 May 2027 elects a new chair: the old chair's term ends the day before.
    const ended = await changing.end(chairSeat, { expectedVersion: 1, on: '2027-05-19' }, admin(w));
    expect(ended).toMatchObject({ validUntil: '2027-05-19', version: 2 });
    const moved = await changing.change(
      cabinetSeat,
      { expectedVersion: 1, validUntil: '2027-05-19' },
      admin(w),
    );
    const next = await adding.add(
      w.ids.bodies.hwbb,
      { personId: cabinet, constituency: 'council', role: 'chair', validFrom: '2027-05-20' },
      admin(w),
    );
    expect([moved.validUntil, next.role, next.validFrom]).toEqual([
      '2027-05-19',
      'chair',
      '2027-05-20',
    ]);
    const recorded = await changes.list(tenantScope(w.tenantId), db.ds.manager, {
      subject: 'membership',
    });
    expect(recorded.map((c) => c.action)).toEqual(['created', 'changed', 'ended']);
    expect(recorded[2]).toMatchObject({
      before: { validUntil: null, version: 1 },
      after: { validUntil: '2027-05-19', version: 2 },
    });
  });

  it('keeps where a seat comes from, changes it on the record and refuses one too long', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const seat = await adding.add(
      w.ids.bodies.hwbb,
      {
        personId: w.ids.people.governanceLead,
        constituency: 'council',
        validFrom: '2026-05-21',
        source: '  Council 21 May 2026, minute 12 ',
      },
      admin(w),
    );
    expect(seat.source).toBe('Council 21 May 2026, minute 12');
    const changed = await changing.change(
      seat.id,
      { expectedVersion: 1, source: 'HWBB terms of reference, 4.2' },
      admin(w),
    );
    expect(changed).toMatchObject({ source: 'HWBB terms of reference, 4.2', version: 2 });
    const [latest] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(latest).toMatchObject({
      subject: 'membership',
      action: 'changed',
      before: { source: 'Council 21 May 2026, minute 12' },
      after: { source: 'HWBB terms of reference, 4.2' },
    });
    // Blank is "not named", not an empty reference.
    expect(
      (await changing.change(seat.id, { expectedVersion: 2, source: '   ' }, admin(w))).source,
    ).toBeNull();
    const e = await refusal(w, () =>
      changing.change(seat.id, { expectedVersion: 3, source: 'x'.repeat(201) }, admin(w)),
    );
    expect(e).toMatchObject({ code: 'INVALID_INPUT' });
    expect((e as unknown as { problems: { path: string; message: string }[] }).problems).toEqual([
      { path: 'source', message: 'use at most 200 characters for the source' },
    ]);
  });

  it('refuses a change sent for a version another administrator has changed', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const seat = await adding.add(
      w.ids.bodies.hwbb,
      { personId: w.ids.people.governanceLead, constituency: 'council', validFrom: '2026-05-21' },
      admin(w),
    );
    await changing.change(seat.id, { expectedVersion: 1, role: 'co_opted' }, admin(w));
    const e = await refusal(w, () =>
      changing.change(seat.id, { expectedVersion: 1, voting: false }, admin(w)),
    );
    expect(e).toMatchObject({ code: 'VERSION_CONFLICT', extra: { currentVersion: 2 } });
  });

  it('names every field to fix in a seat that cannot be, and writes nothing', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const e = await refusal(w, () =>
      adding.add(
        w.ids.bodies.hwbb,
        {
          personId: w.ids.people.governanceLead,
          constituency: 'icb',
          role: 'non_voting',
          voting: true,
          validFrom: '2026-05-21',
          validUntil: '2026-05-20',
        },
        admin(w),
      ),
    );
    expect(e).toMatchObject({
      code: 'INVALID_INPUT',
      extra: {
        problems: [
          {
            path: 'constituency',
            message:
              'choose one of the Southampton Health and Wellbeing Board’s constituencies: council, ccg, healthwatch',
          },
          { path: 'voting', message: 'a non_voting member does not vote: leave voting out' },
          {
            path: 'validUntil',
            message: 'the last day of the term comes before its first day (2026-05-21)',
          },
        ],
      },
    });
    const shape = await refusal(w, () =>
      adding.add(
        w.ids.bodies.hwbb,
        { personId: 'lee', role: 'leader', validFrom: '2026-02-30' },
        admin(w),
      ),
    );
    expect(
      (shape as unknown as { problems: { path: string }[] }).problems.map((p) => p.path),
    ).toEqual(['personId', 'role', 'validFrom']);
  });

  it('lets only an administrator seat a member, and only on a body of their own council', async () => {
    const a = await buildDirectoryWorld(db.ds);
    const b = await buildDirectoryWorld(db.ds);
    const seat = { personId: a.ids.people.governanceLead, validFrom: '2026-05-21' };
    expect(
      await refusal(a, () => adding.add(a.ids.bodies.hwbb, seat, a.actorOf('officer'))),
    ).toMatchObject({ code: 'NOT_AUTHORISED' });
    expect(await refusal(a, () => adding.add(a.ids.bodies.hwbb, seat, admin(b)))).toMatchObject({
      code: 'DIRECTORY_RECORD_NOT_FOUND',
    });
    const own = await adding.add(a.ids.bodies.hwbb, seat, admin(a));
    expect(
      await refusal(a, () =>
        changing.end(own.id, { expectedVersion: 1, on: '2026-12-31' }, admin(b)),
      ),
    ).toMatchObject({ code: 'DIRECTORY_RECORD_NOT_FOUND' });
  });
});
