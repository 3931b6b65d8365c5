import { PersonRepository } from '../person.repository';
import { ManualClock } from '../../core/clock.service';
import type { Actor } from '../../core/actor.dto';
import { DomainError } from '../../errors/domain.errors';
import { buildDirectoryWorld, DirectoryWorld } from '../../testing/directory-world.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { verifyDirectoryChain } from '../directory-change-chain.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { ChangeOrganisationUseCase } from './change-organisation.use-case';
import { ChangePersonUseCase } from './change-person.use-case';
import { CreateOrganisationUseCase } from './create-organisation.use-case';
import { CreatePersonUseCase } from './create-person.use-case';
import { ReadPeopleUseCase } from './read-people.use-case';
import { tenantScope } from '../../core/tenant-scope';
import { directoryUseCases, directoryAccess } from '../../testing/directory-use-cases.factory';

describe('keeping organisations and people', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  let createOrg: CreateOrganisationUseCase;
  let changeOrg: ChangeOrganisationUseCase;
  let createPerson: CreatePersonUseCase;
  let changePerson: ChangePersonUseCase;
  let readPeople: ReadPeopleUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    createOrg = directoryUseCases(db.ds, clock).createOrganisation;
    changeOrg = directoryUseCases(db.ds, clock).changeOrganisation;
    createPerson = directoryUseCases(db.ds, clock).createPerson;
    changePerson = directoryUseCases(db.ds, clock).changePerson;
    readPeople = new ReadPeopleUseCase(db.ds, clock, directoryAccess(), new PersonRepository());
  });
  afterAll(async () => {
    await db.drop();
  });

  const admin = (w: DirectoryWorld) => w.actorOf('admin');

  /** The refusal `run` throws, and the proof that it wrote nothing to the record. */
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

  it('adds an organisation and puts who added it, and what, on the record', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const icb = await createOrg.create(
      { name: 'NHS Hampshire and Isle of Wight ICB', kind: 'icb', activeFrom: '2022-07-01' },
      admin(w),
    );
    expect(icb).toMatchObject({
      name: 'NHS Hampshire and Isle of Wight ICB',
      kind: 'icb',
      kindName: 'Integrated Care Board',
      activeFrom: '2022-07-01',
      activeUntil: null,
      active: true,
      version: 1,
    });
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      actor: { kind: 'person', personId: w.adminId, name: 'Riley Shaw' },
      subject: 'organisation',
      subjectId: icb.id,
      action: 'created',
      before: null,
      after: { name: icb.name, kind: 'icb', activeFrom: '2022-07-01', version: 1 },
    });
  });

  it('ends the CCG the ICB replaced, and still reads it as a CCG', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const ended = await changeOrg.end(
      w.ids.organisations.ccg,
      { expectedVersion: 1, on: '2022-06-30' },
      admin(w),
    );
    expect(ended).toMatchObject({
      kind: 'ccg',
      activeUntil: '2022-06-30',
      active: false,
      version: 2,
    });
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      action: 'ended',
      before: { activeUntil: null, version: 1 },
      after: { activeUntil: '2022-06-30', version: 2 },
    });
  });

  it('refuses a new CCG, a second organisation of one name and a last day before the first', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const ccg = await refusal(w, () =>
      createOrg.create({ name: 'NHS Somewhere CCG', kind: 'ccg' }, admin(w)),
    );
    expect(ccg.extra.problems).toEqual([
      { path: 'kind', message: expect.stringContaining('choose icb') },
    ]);
    const twice = await refusal(w, () =>
      createOrg.create(
        {
          name: 'southampton city council',
          kind: 'local_authority',
          activeFrom: '2026-01-01',
          activeUntil: '2025-12-31',
        },
        admin(w),
      ),
    );
    expect(twice.extra.problems).toEqual([
      {
        path: 'activeUntil',
        message: 'the last day (2025-12-31) is before the first (2026-01-01)',
      },
      { path: 'name', message: expect.stringContaining('already has an organisation called') },
    ]);
  });

  it('gives the second of two administrators editing one organisation a version conflict', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const id = w.ids.organisations.healthwatch;
    await changeOrg.change(
      id,
      { expectedVersion: 1, name: 'Healthwatch Southampton CIC' },
      admin(w),
    );
    const stale = await refusal(w, () =>
      changeOrg.change(id, { expectedVersion: 1, name: 'Healthwatch City' }, admin(w)),
    );
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', extra: { currentVersion: 2 } });
  });

  it('keeps one email per person per council, whatever its case', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const clash = await refusal(w, () =>
      createPerson.create({ name: 'Dana W', email: w.emailOf('officer').toUpperCase() }, admin(w)),
    );
    expect(clash.extra.problems).toEqual([
      { path: 'email', message: expect.stringContaining('is already the email of Dana Whitlock') },
    ]);
    // Another council's person may have it: councils' directories are their own.
    const other = await buildDirectoryWorld(db.ds);
    await expect(
      createPerson.create({ name: 'Dana Whitlock', email: w.emailOf('officer') }, admin(other)),
    ).resolves.toMatchObject({ email: w.emailOf('officer') });
  });

  it('refuses a person of an organisation in another council’s directory', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const other = await buildDirectoryWorld(db.ds);
    const e = await refusal(w, () =>
      createPerson.create(
        {
          name: 'Cllr Pat Quinn',
          email: 'pat.quinn@example.org',
          organisationId: other.ids.organisations.council,
        },
        admin(w),
      ),
    );
    expect(e.extra.problems).toEqual([
      { path: 'organisationId', message: 'choose an organisation of your council’s directory' },
    ]);
  });

  it('adds an elected member, changes them and marks them left, each change on the record', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const p = await createPerson.create(
      {
        name: 'Cllr Pat Quinn',
        email: 'Pat.Quinn@example.org',
        organisationId: w.ids.organisations.council,
        isElectedMember: true,
      },
      admin(w),
    );
    expect(p).toMatchObject({ isElectedMember: true, isOfficer: false, active: true, version: 1 });
    const changed = await changePerson.change(
      p.id,
      { expectedVersion: 1, name: 'Cllr Patricia Quinn' },
      admin(w),
    );
    const left = await changePerson.markLeft(
      p.id,
      { expectedVersion: changed.version, on: '2026-12-03' },
      admin(w),
    );
    expect(left).toMatchObject({ leftOn: '2026-12-03', active: false, version: 3 });
    const listed = await readPeople.list({ status: 'left' }, w.actors.officer);
    expect(listed.items.map((x) => x.id)).toEqual([p.id]);
    const record = await changes.list(tenantScope(w.tenantId), db.ds.manager, { subjectId: p.id });
    expect(record.map((c) => c.action)).toEqual(['left', 'changed', 'created']);
    const { changes: chain, head } = await changes.chain(tenantScope(w.tenantId), db.ds.manager);
    expect(verifyDirectoryChain(chain, head)).toMatchObject({ ok: true, changes: 3 });
  });

  it('lets only an administrator change the directory, and officers read it', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const officer: Actor = w.actors.officer;
    const e = await refusal(w, () =>
      createPerson.create({ name: 'A N Other', email: 'another@example.org' }, officer),
    );
    expect(e.code).toBe('NOT_AUTHORISED');
    await expect(readPeople.list({}, w.actors.gp)).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    await expect(readPeople.list({ q: 'whitlock' }, officer)).resolves.toMatchObject({
      items: [{ name: 'Dana Whitlock', isOfficer: true }],
    });
  });
});
