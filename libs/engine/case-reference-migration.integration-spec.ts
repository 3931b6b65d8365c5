import {
  openMigrationTestDatabase,
  type MigrationTestDatabase,
} from '../testing/migration-test-database.service';

/*
 * Cases opened before references existed get them when the migration runs (issue #12,
 * docs/adr/0038): numbered per council and London year in the order they opened, the council's
 * prefix from its name, each counter starting after its last number.
 */
describe('migrating cases opened before references', () => {
  let db: MigrationTestDatabase;

  beforeAll(async () => {
    db = await openMigrationTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('numbers each council’s cases by year in the order they opened, and goes on from there', async () => {
    const { after: ds, given } = await db.across(
      'GiveCasesReferences1796427097620',
      async (before) => {
        const council = async (slug: string, title: string) =>
          (
            await before.query(
              `INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING tenant_id AS id`,
              [slug, title],
            )
          )[0].id as string;
        const scc = await council('scc', 'Southampton City Council');
        const ports = await council('ports', 'Portsmouth City Council');
        const open = async (tenant: string, title: string, at: string) =>
          (
            await before.query(
              `INSERT INTO cases (tenant_id, title, template_id, template_version, version, snapshot,
               state_key, summary, roles, dates, created_by, created_at, updated_at)
             VALUES ($1, $2, 'bcf-delegated-sign-off', 1, 1, '{}', 'drafting', 'Drafting', '{}', '{}',
               gen_random_uuid(), $3, $3) RETURNING id`,
              [tenant, title, at],
            )
          )[0].id as string;
        // Opened out of id order: numbered by when they opened.
        const second = await open(scc, 'Second of 2025', '2025-06-01T09:00:00Z');
        const first = await open(scc, 'First of 2025', '2025-03-01T09:00:00Z');
        const newYear = await open(scc, 'First of 2026', '2026-01-02T09:00:00Z');
        const theirs = await open(ports, 'Portsmouth’s', '2025-07-01T09:00:00Z');
        return { scc, ports, second, first, newYear, theirs };
      },
    );
    const { scc, ports, second, first, newYear, theirs } = given;
    const references = new Map(
      (
        (await ds.query('SELECT id, reference FROM cases')) as { id: string; reference: string }[]
      ).map((r) => [r.id, r.reference]),
    );
    expect([first, second, newYear, theirs].map((id) => references.get(id))).toEqual([
      'SCC-2025-0001',
      'SCC-2025-0002',
      'SCC-2026-0001',
      'PCC-2025-0001',
    ]);
    const counters = await ds.query(
      'SELECT tenant_id, year, last_number FROM case_reference_counters ORDER BY tenant_id = $1 DESC, year',
      [scc],
    );
    expect(counters).toEqual([
      { tenant_id: scc, year: 2025, last_number: 2 },
      { tenant_id: scc, year: 2026, last_number: 1 },
      { tenant_id: ports, year: 2025, last_number: 1 },
    ]);
  });
});
