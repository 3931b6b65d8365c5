import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../testing/world.factory';
import { BodyRepository } from './body.repository';
import { TenantDirectoryRepository } from './tenant-directory.repository';

/*
 * A new council's directory, written row by row with the ids its writer chose, lands in the
 * scope's council and no other: every row under the scope's id, the other councils' rows as they
 * were, and a row naming another council's office, person or seat refused by the composite foreign
 * keys (ADR 0015) that the row's council takes part in. The calls run outside every request's
 * scope, where row-level security lets every row through: what puts each row in its council is the
 * repository's own tenant_id.
 */
const TABLES = [
  'organisations',
  'people',
  'api_keys',
  'offices',
  'office_holders',
  'bodies',
  'memberships',
  'membership_substitutes',
  'delegations',
];

describe('the new council’s directory written in the scope’s council', () => {
  let db: TestDatabase;
  let a: BcfWorld;
  let b: BcfWorld;
  const directory = new TenantDirectoryRepository();
  const bodies = new BodyRepository();
  const scope = tenantScope(randomUUID());
  const ids = {
    organisation: randomUUID(),
    clerk: randomUUID(),
    member: randomUUID(),
    office: randomUUID(),
    body: randomUUID(),
    delegation: randomUUID(),
    seat: '',
  };
  let before: Record<string, number>;

  /** Each table's rows of the councils other than the new one, by council. */
  const othersRows = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const table of TABLES)
      for (const [name, world] of [
        ['A', a],
        ['B', b],
      ] as const) {
        const [{ n }]: { n: number }[] = await db.ds.query(
          `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`,
          [world.tenantId],
        );
        out[`${name} ${table}`] = n;
      }
    return out;
  };

  beforeAll(async () => {
    db = await openTestDatabase(2);
    a = await buildBcfWorld(db.ds);
    b = await buildBcfWorld(db.ds);
    before = await othersRows();
    await db.ds.transaction(async (m: EntityManager) => {
      await directory.insertCouncil(scope, m, { slug: `c-${randomUUID()}`, name: 'Council C' });
      await directory.insertOrganisation(scope, m, {
        id: ids.organisation,
        name: 'Council C',
        kind: 'local_authority',
      });
      for (const [id, name] of [
        [ids.clerk, 'Clerk of C'],
        [ids.member, 'Member of C'],
      ])
        await directory.insertPerson(scope, m, {
          id,
          organisationId: ids.organisation,
          name,
          email: `${id}@c.test`,
          isOfficer: id === ids.clerk,
          isElectedMember: id === ids.member,
        });
      await directory.insertApiKey(scope, m, {
        personId: ids.clerk,
        name: 'Clerk’s key',
        keyHash: `hash-${ids.clerk}`,
      });
      await directory.insertOffice(scope, m, {
        id: ids.office,
        title: 'Clerk',
        organisationId: ids.organisation,
      });
      await directory.insertHolder(scope, m, {
        officeId: ids.office,
        personId: ids.clerk,
        from: '2000-01-01',
      });
      await bodies.insert(scope, m, { id: ids.body, name: 'Board of C', kind: 'hwbb' });
      ids.seat = await directory.insertMembership(scope, m, {
        bodyId: ids.body,
        personId: ids.member,
        organisationId: ids.organisation,
        role: 'member',
        validFrom: '2020-01-01',
        constituency: null,
      });
      await directory.insertSubstitute(scope, m, {
        membershipId: ids.seat,
        personId: ids.clerk,
        validFrom: '2020-01-01',
        reference: 'C/SUB/1',
      });
      await directory.insertDelegation(scope, m, {
        id: ids.delegation,
        bodyId: ids.body,
        officeId: ids.office,
        scope: 'Everything',
        reference: 'C/DEL/1',
        validFrom: new Date('2020-01-01T00:00:00Z'),
        validUntil: null,
        amountLimit: 1000,
        conditions: [],
      });
    });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('writes every row under the scope’s council, with the ids it was given', async () => {
    const councilOf = async (table: string, where: string, id: string) => {
      const rows: { tenant_id: string }[] = await db.ds.query(
        `SELECT tenant_id FROM ${table} WHERE ${where} = $1`,
        [id],
      );
      return rows.map((r) => r.tenant_id);
    };
    const c = [scope.tenantId];
    await expect(councilOf('tenants', 'tenant_id', scope.tenantId)).resolves.toEqual(c);
    await expect(councilOf('organisations', 'id', ids.organisation)).resolves.toEqual(c);
    await expect(councilOf('people', 'id', ids.clerk)).resolves.toEqual(c);
    await expect(councilOf('people', 'id', ids.member)).resolves.toEqual(c);
    await expect(councilOf('api_keys', 'person_id', ids.clerk)).resolves.toEqual(c);
    await expect(councilOf('offices', 'id', ids.office)).resolves.toEqual(c);
    await expect(councilOf('office_holders', 'office_id', ids.office)).resolves.toEqual(c);
    await expect(councilOf('memberships', 'id', ids.seat)).resolves.toEqual(c);
    await expect(councilOf('membership_substitutes', 'membership_id', ids.seat)).resolves.toEqual(
      c,
    );
    await expect(councilOf('delegations', 'id', ids.delegation)).resolves.toEqual(c);
  });

  it('leaves every row of the other councils as it was', async () => {
    await expect(othersRows()).resolves.toEqual(before);
  });

  it('wrote each other council’s directory under its own id, with the ids its world names', async () => {
    for (const world of [a, b]) {
      const idsIn = async (table: string) => {
        const rows: { id: string }[] = await db.ds.query(
          `SELECT id FROM ${table} WHERE tenant_id = $1 ORDER BY id`,
          [world.tenantId],
        );
        return rows.map((r) => r.id);
      };
      const sorted = (m: Record<string, string>) => Object.values(m).sort();
      await expect(idsIn('organisations')).resolves.toEqual(sorted(world.ids.organisations));
      await expect(idsIn('people')).resolves.toEqual(sorted(world.ids.people));
      await expect(idsIn('offices')).resolves.toEqual(sorted(world.ids.offices));
      await expect(idsIn('bodies')).resolves.toEqual(sorted(world.ids.bodies));
      await expect(idsIn('delegations')).resolves.toEqual(sorted(world.ids.delegations));
    }
  });

  it('refuses, in the scope’s council, a row that names another council’s office, body or seat', async () => {
    const [seatOfA]: { id: string }[] = await db.ds.query(
      'SELECT id FROM memberships WHERE tenant_id = $1 LIMIT 1',
      [a.tenantId],
    );
    const refused = { code: '23503' }; // a foreign key: the row's council has no such row
    const m = db.ds.manager;
    await expect(
      directory.insertHolder(scope, m, {
        officeId: a.ids.offices.ceo,
        personId: ids.clerk,
        from: '2000-01-01',
      }),
    ).rejects.toMatchObject(refused);
    await expect(
      directory.insertMembership(scope, m, {
        bodyId: a.ids.bodies.hwbb,
        personId: ids.member,
        organisationId: null,
        role: 'member',
        validFrom: '2021-01-01',
        constituency: null,
      }),
    ).rejects.toMatchObject(refused);
    await expect(
      directory.insertSubstitute(scope, m, {
        membershipId: seatOfA.id,
        personId: ids.clerk,
        validFrom: '2021-01-01',
        reference: 'C/SUB/2',
      }),
    ).rejects.toMatchObject(refused);
    await expect(othersRows()).resolves.toEqual(before);
  });
});
