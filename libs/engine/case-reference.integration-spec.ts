import { DirectoryChangeRepository } from '../directory/directory-change.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { withTenant } from '../core/tenant-context.service';
import { CouncilSettingsUseCase } from '../directory/council-settings.use-case';
import { defaultReferencePrefix } from '../governance/case-reference.service';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

/*
 * Case references (issue #12, docs/adr/0038): numbered per council and per year in London, given
 * in the transaction that opens the case, never shared, the prefix the council's own.
 */
describe('a case’s reference', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The prefix a council gets from its name until it sets one. */
  const namePrefix = async (world: BcfWorld) => {
    const [t]: { name: string }[] = await db.ds.query(
      'SELECT name FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    return defaultReferencePrefix(t.name);
  };

  const openIn = (
    world: BcfWorld,
    h: ReturnType<typeof engineHarness>,
    title = 'A plan',
    dates?: Record<string, string>,
  ) =>
    withTenant(world.tenantId, () =>
      h.open.open(openBcfCaseBody(world, { title, ...(dates && { dates }) }), world.actors.officer),
    );

  it('numbers a council’s cases in the order they open, each council from 0001, the prefix from its name', async () => {
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const prefixA = await namePrefix(a);
    const first = await openIn(a, h);
    const second = await openIn(a, h);
    const otherCouncil = await openIn(b, h);
    expect([first.reference, second.reference]).toEqual([
      `${prefixA}-2021-0001`,
      `${prefixA}-2021-0002`,
    ]);
    expect(otherCouncil.reference).toBe(`${await namePrefix(b)}-2021-0001`);
    const view = await withTenant(a.tenantId, () => h.views.get(a.tenantId, second.caseId));
    expect(view.reference).toBe(`${prefixA}-2021-0002`);
  });

  it('starts again at 0001 when the year turns in London', async () => {
    const world = await buildBcfWorld(db.ds);
    const prefix = await namePrefix(world);
    const h = engineHarness(db.ds, '2021-12-31T23:59:00Z');
    const dates = {
      submissionDeadline: '2022-02-16',
      notingDeadline: '2022-03-16',
      expectedAssuranceDate: '2022-04-09',
    };
    const last = await openIn(world, h, 'A plan', dates);
    h.clock.set(new Date('2022-01-01T00:00:30Z'));
    const next = await openIn(world, h, 'A plan', dates);
    expect([last.reference, next.reference]).toEqual([
      `${prefix}-2021-0001`,
      `${prefix}-2022-0001`,
    ]);
  });

  it('gives twelve cases opened at the same moment twelve references, one to twelve', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const opened = await Promise.all(
      Array.from({ length: 12 }, (_, i) => openIn(world, h, `Plan ${i + 1}`)),
    );
    const numbers = opened.map((o) => Number(o.reference.split('-')[2])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const [row]: { n: number }[] = await db.ds.query(
      'SELECT count(DISTINCT reference)::int AS n FROM cases WHERE tenant_id = $1',
      [world.tenantId],
    );
    expect(row.n).toBe(12);
  });

  it('uses the prefix the council’s administrators set, the numbers going on', async () => {
    const world = await buildBcfWorld(db.ds);
    const officer = world.actors.officer;
    if (officer.kind !== 'person') throw new Error('the officer is a person');
    await db.ds.query(
      `INSERT INTO staff_accounts (tenant_id, person_id, role, created_at) VALUES ($1, $2, 'administrator', now())`,
      [world.tenantId, officer.person.id],
    );
    const h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const first = await openIn(world, h);
    const settings = new CouncilSettingsUseCase(
      db.ds,
      h.clock,
      new DirectoryChangeRepository(),
      new TenantRepository(),
      new StaffAccountsRepository(),
    );
    await withTenant(world.tenantId, () =>
      settings.update(officer, (s) => ({ ...s, caseReferences: { prefix: 'HWB' } })),
    );
    const second = await openIn(world, h);
    expect(first.reference).toBe(`${await namePrefix(world)}-2021-0001`);
    expect(second.reference).toBe('HWB-2021-0002');
  });

  it('refuses a second case of the council with the same reference (the unique index)', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const first = await openIn(world, h);
    const second = await openIn(world, h);
    await expect(
      db.ds.query('UPDATE cases SET reference = $1 WHERE id = $2', [
        first.reference,
        second.caseId,
      ]),
    ).rejects.toThrow(/IDX_cases_tenant_reference/);
  });
});
