import { OfficeRepository } from '../office.repository';
import { ManualClock } from '../../core/clock.service';
import { DomainError } from '../../errors/domain.errors';
import { buildDirectoryWorld, DirectoryWorld } from '../../testing/directory-world.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRepository } from '../directory.repository';
import { AppointOfficeHolderUseCase } from './appoint-office-holder.use-case';
import { ChangeOfficeHoldingUseCase } from './change-office-holding.use-case';
import { ChangePersonUseCase } from './change-person.use-case';
import { CreateOfficeUseCase } from './create-office.use-case';
import { ReadOfficesUseCase } from './read-offices.use-case';
import { tenantScope } from '../../core/tenant-scope';
import { directoryUseCases, directoryAccess } from '../../testing/directory-use-cases.factory';

describe('offices and who held them', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  let createOffice: CreateOfficeUseCase;
  let appoint: AppointOfficeHolderUseCase;
  let changeHolding: ChangeOfficeHoldingUseCase;
  let readOffices: ReadOfficesUseCase;
  let changePerson: ChangePersonUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    createOffice = directoryUseCases(db.ds, clock).createOffice;
    appoint = directoryUseCases(db.ds, clock).appointOfficeHolder;
    changeHolding = directoryUseCases(db.ds, clock).changeOfficeHolding;
    readOffices = new ReadOfficesUseCase(db.ds, clock, directoryAccess(), new OfficeRepository());
    changePerson = directoryUseCases(db.ds, clock).changePerson;
  });
  afterAll(async () => {
    await db.drop();
  });

  const admin = (w: DirectoryWorld) => w.actorOf('admin');
  const holderOn = async (w: DirectoryWorld, officeId: string, on: string) =>
    (await readOffices.get(officeId, { on }, w.actors.officer)).holder?.personName ?? null;

  async function refusal(w: DirectoryWorld, run: () => Promise<unknown>): Promise<DomainError> {
    const before = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(await changes.list(tenantScope(w.tenantId), db.ds.manager)).toEqual(before);
    return error as DomainError;
  }

  it('answers who held an office on the day, across a change of holder', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const dph = await createOffice.create(
      { title: 'Director of Public Health', organisationId: w.ids.organisations.council },
      admin(w),
    );
    const first = await appoint.appoint(
      dph.id,
      { personId: w.ids.people.ceo, from: '2025-04-01' },
      admin(w),
    );
    await changeHolding.change(
      dph.id,
      first.id,
      { expectedVersion: 1, until: '2026-12-02' },
      admin(w),
    );
    await appoint.appoint(dph.id, { personId: w.ids.people.gp, from: '2026-12-03' }, admin(w));
    expect(await holderOn(w, dph.id, '2025-03-31')).toBeNull();
    expect(await holderOn(w, dph.id, '2026-12-02')).toBe('Morgan Hale');
    expect(await holderOn(w, dph.id, '2026-12-03')).toBe('Dr Sam Okafor');
    const record = await changes.list(tenantScope(w.tenantId), db.ds.manager, {
      subject: 'officeHolder',
    });
    expect(record.map((c) => c.action)).toEqual(['appointed', 'ended', 'appointed']);
    expect(record[1]).toMatchObject({
      before: { personName: 'Morgan Hale', until: null, officeTitle: 'Director of Public Health' },
      after: { until: '2026-12-02', version: 2 },
    });
  });

  it('refuses a second substantive holder on a day the first holds it, naming the days', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const e = await refusal(w, () =>
      appoint.appoint(
        w.ids.offices.ceo,
        { personId: w.ids.people.gp, from: '2026-12-03', kind: 'substantive' },
        admin(w),
      ),
    );
    expect(e).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: {
        rule: 'OFFICE_HELD_TWICE',
        explanation: expect.arrayContaining([
          'Morgan Hale holds Chief Executive, Southampton City Council (substantive) from Sat 1 Jan 2000 with no end',
          'both would hold it from Thu 3 Dec 2026 onwards: an office has one substantive holder on any day',
        ]),
      },
    });
  });

  it('lets an acting holder stand in for the days they act, and the directory read follows', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await appoint.appoint(
      w.ids.offices.ceo,
      { personId: w.ids.people.gp, from: '2026-12-07', until: '2026-12-11', kind: 'acting' },
      admin(w),
    );
    const holders = (on: string) =>
      new DirectoryRepository().roleHolders(
        tenantScope(w.tenantId),
        db.ds.manager,
        { chiefExecutive: { kind: 'office', officeId: w.ids.offices.ceo } },
        w.ids.people.officer,
        on,
        undefined,
      );
    expect((await holders('2026-12-06')).chiefExecutive).toMatchObject({
      person: { name: 'Morgan Hale' },
      actingAs: 'Chief Executive, Southampton City Council',
    });
    expect((await holders('2026-12-08')).chiefExecutive).toMatchObject({
      person: { name: 'Dr Sam Okafor' },
      actingAs: 'Chief Executive, Southampton City Council (acting)',
    });
  });

  it('refuses to mark left someone who still holds an office', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const e = await refusal(w, () =>
      changePerson.markLeft(w.ids.people.ceo, { expectedVersion: 1, on: '2026-12-31' }, admin(w)),
    );
    expect(e).toMatchObject({
      extra: {
        rule: 'LEAVER_HOLDS_OFFICE',
        explanation: [
          'Morgan Hale holds Chief Executive, Southampton City Council (substantive) from Sat 1 Jan 2000 with no end',
        ],
      },
    });
  });

  it('refuses a holding by someone who has left, or that ends before it begins', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await changePerson.markLeft(
      w.ids.people.healthwatch,
      { expectedVersion: 1, on: '2026-11-01' },
      admin(w),
    );
    const left = await refusal(w, () =>
      appoint.appoint(
        w.ids.offices.deputyAo,
        { personId: w.ids.people.healthwatch, from: '2026-12-03', kind: 'acting' },
        admin(w),
      ),
    );
    expect(left.extra.problems).toEqual([
      {
        path: 'personId',
        message: 'Jo Barnes left on 2026-11-01: a holding of theirs ends before that day',
      },
    ]);
    const backwards = await refusal(w, () =>
      appoint.appoint(
        w.ids.offices.deputyAo,
        { personId: w.ids.people.ceo, from: '2026-12-03', until: '2026-12-01', kind: 'acting' },
        admin(w),
      ),
    );
    expect(backwards.extra.problems).toEqual([
      { path: 'until', message: 'the last day (2026-12-01) is before the first (2026-12-03)' },
    ]);
  });
});
