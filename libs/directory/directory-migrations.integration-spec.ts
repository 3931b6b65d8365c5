import {
  openMigrationTestDatabase,
  type MigrationTestDatabase,
} from '../testing/migration-test-database.service';

/*
 * The directory's data as it stood before the council could keep it (one holder column per office,
 * elected members known only from their seats) moves into the new shape when the migrations run.
 */
describe('migrating a directory kept by code into one its administrators keep', () => {
  let db: MigrationTestDatabase;

  beforeAll(async () => {
    db = await openMigrationTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps each office’s holder as a holding since the council began, its elected members and their API keys', async () => {
    const { after, given } = await db.across(
      'KeepOrganisationsAndPeople1795608213847',
      async (before) => {
        const [t] = await before.query(
          `INSERT INTO tenants (slug, name, created_at) VALUES ('old-council', 'Old Council', '2024-03-01T12:00:00Z') RETURNING tenant_id`,
        );
        const tenant = t.tenant_id as string;
        const [council] = await before.query(
          `INSERT INTO organisations (tenant_id, name, kind) VALUES ($1, 'Old City Council', 'local_authority') RETURNING id`,
          [tenant],
        );
        const person = async (name: string) =>
          (
            await before.query(
              `INSERT INTO people (tenant_id, organisation_id, name, email) VALUES ($1, $2, $3, $4) RETURNING id`,
              [tenant, council.id, name, `${name.split(' ')[1].toLowerCase()}@old.example.org`],
            )
          )[0].id as string;
        const ceo = await person('Kim Ashe');
        const cllr = await person('Cllr Lee');
        await before.query(`UPDATE people SET api_key_hash = 'sha256-of-kims-key' WHERE id = $1`, [
          ceo,
        ]);
        const [office] = await before.query(
          `INSERT INTO offices (tenant_id, title, organisation_id, holder_person_id) VALUES ($1, 'Chief Executive', $2, $3) RETURNING id`,
          [tenant, council.id, ceo],
        );
        const [vacant] = await before.query(
          `INSERT INTO offices (tenant_id, title, organisation_id) VALUES ($1, 'Director of Public Health', $2) RETURNING id`,
          [tenant, council.id],
        );
        const [body] = await before.query(
          `INSERT INTO bodies (tenant_id, name, kind) VALUES ($1, 'Old HWBB', 'hwbb') RETURNING id`,
          [tenant],
        );
        await before.query(
          `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, valid_from) VALUES ($1, $2, $3, $4, 'chair', '2024-05-01')`,
          [tenant, body.id, cllr, council.id],
        );
        return { tenant, ceo, office, vacant };
      },
    );
    const { tenant, ceo, office, vacant } = given;
    expect(
      await after.query(
        `SELECT office_id AS "officeId", person_id AS "personId", held_from::text AS "from", held_until AS "until", kind
           FROM office_holders WHERE tenant_id = $1`,
        [tenant],
      ),
    ).toEqual([
      {
        officeId: office.id,
        personId: ceo,
        from: '2024-03-01',
        until: null,
        kind: 'substantive',
      },
    ]);
    expect(
      await after.query('SELECT count(*)::int AS n FROM office_holders WHERE office_id = $1', [
        vacant.id,
      ]),
    ).toEqual([{ n: 0 }]);
    expect(
      await after.query(
        'SELECT name, is_elected_member AS "isElectedMember", left_on AS "leftOn" FROM people WHERE tenant_id = $1 ORDER BY name',
        [tenant],
      ),
    ).toEqual([
      { name: 'Cllr Lee', isElectedMember: true, leftOn: null },
      { name: 'Kim Ashe', isElectedMember: false, leftOn: null },
    ]);
    expect(
      await after.query(
        'SELECT person_id AS "personId", key_hash AS "keyHash", revoked_at AS "revokedAt", expires_at AS "expiresAt" FROM api_keys WHERE tenant_id = $1',
        [tenant],
      ),
    ).toEqual([{ personId: ceo, keyHash: 'sha256-of-kims-key', revokedAt: null, expiresAt: null }]);
  });
});
