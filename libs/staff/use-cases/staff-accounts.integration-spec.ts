import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../core/clock.service';
import { tenantScope } from '../../core/tenant-scope';
import { PersonRepository } from '../../directory/person.repository';
import { DomainError } from '../../errors/domain.errors';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { type BcfWorld, buildBcfWorld } from '../../testing/world.factory';
import { PasswordHashing } from '../password-hashing.service';
import { StaffAccountsRepository } from '../staff-accounts.repository';
import { StaffAdministration } from '../staff-administration.service';
import { StaffAuthService } from '../staff-auth.service';
import { StaffSessionsRepository } from '../staff-sessions.repository';
import { ChangeStaffRoleUseCase } from './change-staff-role.use-case';
import { CreateStaffAccountUseCase } from './create-staff-account.use-case';
import { SetStaffAccountDisabledUseCase } from './set-staff-account-disabled.use-case';

/*
 * An administrator keeps the council's staff accounts: gives a person of the directory a sign-in,
 * changes its role, disables it (ending its sessions) and enables it again. Someone of another
 * council, a second account for one person, a body that does not fit, a member of staff who is not
 * an administrator and a change to one's own account are refused, with nothing written. The use
 * cases wired by hand as StaffAccountsModule wires them, on a real database; no HTTP.
 */
const PASSWORD = 'a long enough password';

describe('keeping the council’s staff accounts', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  function useCases() {
    const accounts = new StaffAccountsRepository();
    const administration = new StaffAdministration(accounts);
    const people = new PersonRepository();
    return {
      create: new CreateStaffAccountUseCase(
        db.ds,
        clock,
        administration,
        accounts,
        people,
        new PasswordHashing({ PASSWORD_CHECKS_AT_ONCE: 1, REQUEST_TIMEOUT_MS: 30_000 }),
      ),
      changeRole: new ChangeStaffRoleUseCase(db.ds, administration, accounts),
      setDisabled: new SetStaffAccountDisabledUseCase(
        db.ds,
        clock,
        administration,
        accounts,
        new StaffSessionsRepository(),
        people,
      ),
    };
  }

  /** A council whose GP, Dr Okafor, administers its staff accounts. */
  async function council(): Promise<BcfWorld> {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password: PASSWORD,
      at: clock.now(),
    });
    return world;
  }

  const accountsOf = async (world: BcfWorld) =>
    (await db.ds.query(
      `SELECT id, person_id AS "personId", role, disabled_at IS NOT NULL AS disabled
         FROM staff_accounts WHERE tenant_id = $1 ORDER BY created_at, id`,
      [world.tenantId],
    )) as { id: string; personId: string; role: string; disabled: boolean }[];

  const sessionsOf = async (accountId: string) =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM staff_sessions WHERE account_id = $1', [
          accountId,
        ])
      )[0].n,
    );

  async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

  it('gives a person of the directory an account, changes its role, disables it with its sessions ended, and enables it again', async () => {
    const world = await council();
    const admin = world.actors.gp;
    const uc = useCases();
    const { accountId } = await uc.create.create(
      { personId: world.ids.people.officer, role: 'officer', password: PASSWORD },
      admin,
    );
    expect((await accountsOf(world)).find((a) => a.id === accountId)).toEqual({
      id: accountId,
      personId: world.ids.people.officer,
      role: 'officer',
      disabled: false,
    });
    await uc.changeRole.change(accountId, 'governance_lead', admin);
    expect((await accountsOf(world)).find((a) => a.id === accountId)?.role).toBe('governance_lead');

    await new StaffSessionsRepository().start(tenantScope(world.tenantId), db.ds, {
      accountId,
      tokenHash: randomBytes(32).toString('hex'),
      csrfToken: 'csrf',
      method: 'password',
      at: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
      userAgent: null,
      secondFactorPending: false,
    });
    expect(await sessionsOf(accountId)).toBe(1);
    await uc.setDisabled.set(accountId, true, admin);
    expect((await accountsOf(world)).find((a) => a.id === accountId)?.disabled).toBe(true);
    expect(await sessionsOf(accountId)).toBe(0);
    await uc.setDisabled.set(accountId, false, admin);
    expect((await accountsOf(world)).find((a) => a.id === accountId)?.disabled).toBe(false);
  });

  it('refuses someone of another council, a second account for one person and a body that does not fit, writing nothing', async () => {
    const world = await council();
    const other = await council();
    const admin = world.actors.gp;
    const uc = useCases();
    await uc.create.create(
      { personId: world.ids.people.officer, role: 'officer', password: PASSWORD },
      admin,
    );
    const before = await accountsOf(world);
    const stranger = await refusal(() =>
      uc.create.create(
        { personId: other.ids.people.officer, role: 'officer', password: PASSWORD },
        admin,
      ),
    );
    expect(stranger).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'personId' }] });
    const twice = await refusal(() =>
      uc.create.create(
        { personId: world.ids.people.officer, role: 'administrator', password: PASSWORD },
        admin,
      ),
    );
    expect(twice.detail).toBe('That person already has a staff account.');
    const short = await refusal(() =>
      uc.create.create(
        { personId: world.ids.people.ceo, role: 'officer', password: 'short' },
        admin,
      ),
    );
    expect(short).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'password' }] });
    const role = await refusal(() =>
      uc.changeRole.change(
        before.find((a) => a.personId === world.ids.people.officer)!.id,
        'chief executive',
        admin,
      ),
    );
    expect(role).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'role' }] });
    expect(await accountsOf(world)).toEqual(before);
    expect(await accountsOf(other)).toHaveLength(1);
  });

  it('refuses a member of staff who is not an administrator, and an administrator changing their own account', async () => {
    const world = await council();
    const admin = world.actors.gp;
    const uc = useCases();
    await uc.create.create(
      { personId: world.ids.people.officer, role: 'officer', password: PASSWORD },
      admin,
    );
    const before = await accountsOf(world);
    const accountOf = (key: string) => before.find((a) => a.personId === world.ids.people[key])!;
    const [own, officer] = [accountOf('gp'), accountOf('officer')];
    const notAdmin = await refusal(() =>
      uc.create.create(
        { personId: world.ids.people.ceo, role: 'administrator', password: PASSWORD },
        world.actors.officer,
      ),
    );
    expect(notAdmin.code).toBe('NOT_AUTHORISED');
    const raise = await refusal(() =>
      uc.changeRole.change(officer.id, 'administrator', world.actors.officer),
    );
    expect(raise.code).toBe('NOT_AUTHORISED');
    const ownDisabled = await refusal(() => uc.setDisabled.set(own.id, true, admin));
    expect(ownDisabled).toMatchObject({
      code: 'NOT_AUTHORISED',
      extra: { rule: 'OWN_ACCOUNT_PROTECTED' },
    });
    const ownRole = await refusal(() => uc.changeRole.change(own.id, 'officer', admin));
    expect(ownRole.extra).toMatchObject({ rule: 'OWN_ACCOUNT_PROTECTED' });
    expect(await accountsOf(world)).toEqual(before);
  });
});
