import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { ExportRecordsRepository } from './export-records.repository';

/*
 * An export's snapshot is opened in the council's scope: the council it names is the scope's own,
 * whichever council is asked for (outside every request's scope, where row-level security lets
 * every row through, ADR 0015), and the snapshot takes no write and reads timestamps in UTC.
 */
describe('export records repository: the snapshot opened for one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const records = new ExportRecordsRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('names the scope’s own council, not another', async () => {
    const opened = (scope: TwoCouncils['scopeA']) =>
      db.ds.transaction('REPEATABLE READ', (m) => records.openSnapshot(scope, m));
    const ofA = await opened(w.scopeA);
    const ofB = await opened(w.scopeB);
    expect(ofA.id).toBe(w.a.tenantId);
    expect(ofB.id).toBe(w.b.tenantId);
    expect(ofA.slug).not.toBe(ofB.slug);
  });

  it('opens a snapshot that refuses writes and reads timestamps in UTC', async () => {
    await expect(
      db.ds.transaction('REPEATABLE READ', async (m) => {
        // Another zone first (no snapshot taken yet): the export's own setting wins.
        await m.query(`SET LOCAL TimeZone = 'Europe/London'`);
        await records.openSnapshot(w.scopeA, m);
        const [zone]: { TimeZone: string }[] = await m.query('SHOW TimeZone');
        expect(zone.TimeZone).toBe('UTC');
        await m.query(`UPDATE tenants SET name = name || '!' WHERE tenant_id = $1`, [w.a.tenantId]);
      }),
    ).rejects.toThrow(/read-only transaction/);
    const [unchanged]: { name: string }[] = await db.ds.query(
      'SELECT name FROM tenants WHERE tenant_id = $1',
      [w.a.tenantId],
    );
    expect(unchanged.name).not.toMatch(/!$/);
  });
});
