import { authenticator } from 'otplib';
import { loadSettings } from '../config/settings.service';
import { ManualClock } from '../core/clock.service';
import { tenantScope } from '../core/tenant-scope';
import { EncryptSecondFactorSeeds1796375161369 } from '../../migrations/1796375161369-encrypt-second-factor-seeds';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, BcfWorld } from '../testing/world.factory';
import { SecondFactorKey } from './second-factor-key.service';
import { SecondFactorRepository } from './second-factor.repository';
import { SecondFactorUseCase } from './second-factor.use-case';
import { StaffAuthService } from './staff-auth.service';
import { StaffAccountsRepository } from './staff-accounts.repository';

const KEY = '3c'.repeat(32);

/** The authenticator seed on a real database: sealed at rest, and the migration that seals old ones. */
describe('authenticator seeds encrypted at rest', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const settings = loadSettings({ SECOND_FACTOR_KEY: KEY, SEED_DEMO: 'false' });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function accountOf(person: string): Promise<string> {
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people[person],
      role: 'officer',
      password: 'a-local-password-1',
      at: clock.now(),
    });
    const [a]: { id: string }[] = await db.ds.query(
      'SELECT id FROM staff_accounts WHERE person_id = $1',
      [world.ids.people[person]],
    );
    return a.id;
  }

  const storedSeed = async (accountId: string) =>
    (
      (await db.ds.query('SELECT secret FROM staff_second_factors WHERE account_id = $1', [
        accountId,
      ])) as { secret: string }[]
    )[0].secret;

  const codeAt = (seed: string, at: Date) =>
    authenticator.clone({ epoch: at.getTime() }).generate(seed);

  it('keeps the seed sealed, never as itself, and still takes the app’s codes', async () => {
    const accountId = await accountOf('officer');
    const twoFactor = new SecondFactorUseCase(db.ds, clock, settings, new SecondFactorRepository());
    const { secret } = await twoFactor.begin({
      accountId,
      tenantId: world.tenantId,
      email: world.emailOf('officer'),
    });
    const stored = await storedSeed(accountId);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(secret);
    // The page shown again before confirming gives the same seed, read back through the key.
    await expect(
      twoFactor.begin({ accountId, tenantId: world.tenantId, email: world.emailOf('officer') }),
    ).resolves.toMatchObject({ secret });
    await expect(
      twoFactor.confirm(tenantScope(world.tenantId), accountId, codeAt(secret, clock.now())),
    ).resolves.toHaveLength(10);
    clock.advance(60_000);
    await expect(
      twoFactor.verify(tenantScope(world.tenantId), accountId, codeAt(secret, clock.now())),
    ).resolves.toBe('ok');
  });

  it('seals seeds kept as themselves before the migration, with the key the app then reads them with', async () => {
    const accountId = await accountOf('ceo');
    const seed = authenticator.generateSecret(20);
    await db.ds.query(
      `INSERT INTO staff_second_factors (account_id, tenant_id, secret, confirmed_at, created_at)
       VALUES ($1, $2, $3, $4, $4)`,
      [accountId, world.tenantId, seed, clock.now()],
    );
    const before = process.env.SECOND_FACTOR_KEY;
    process.env.SECOND_FACTOR_KEY = KEY;
    const runner = db.ds.createQueryRunner();
    try {
      await new EncryptSecondFactorSeeds1796375161369().up(runner);
      const sealed = await storedSeed(accountId);
      expect(sealed).toMatch(/^v1:/);
      expect(new SecondFactorKey(Buffer.from(KEY, 'hex')).open(accountId, sealed)).toBe(seed);
      // Run again, it leaves sealed seeds as they are.
      await new EncryptSecondFactorSeeds1796375161369().up(runner);
      expect(await storedSeed(accountId)).toBe(sealed);
    } finally {
      await runner.release();
      if (before === undefined) delete process.env.SECOND_FACTOR_KEY;
      else process.env.SECOND_FACTOR_KEY = before;
    }
    clock.advance(60_000);
    const twoFactor = new SecondFactorUseCase(db.ds, clock, settings, new SecondFactorRepository());
    await expect(
      twoFactor.verify(tenantScope(world.tenantId), accountId, codeAt(seed, clock.now())),
    ).resolves.toBe('ok');
  });
});
