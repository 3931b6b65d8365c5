import { StoreBodyRules1795608263519 } from '../../migrations/1795608263519-store-body-rules';
import { hwbbRules, jcbRules } from '../governance/body-rules.schema';
import { buildJcbWorld } from '../testing/jcb-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld } from '../testing/world.factory';

/*
 * Existing councils keep the rules the code applied to their boards before the rules became data:
 * the migration writes them onto each Health and Wellbeing Board and Joint Commissioning Board,
 * and names each seat's constituency from its organisation.
 */
describe('storing the rules of existing bodies', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives existing boards today’s rules and each seat its constituency; other bodies none', async () => {
    const jcbWorld = await buildJcbWorld(db.ds);
    const regional = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        spec.bodies.push({ key: 'group', name: 'Finance and Performance Group', kind: 'group' });
        spec.people.push({
          key: 'region',
          name: 'Kit Moran',
          email: `kit.moran@${spec.slug}.test`,
          organisation: 'region',
        });
        spec.memberships.push({
          body: 'hwbb',
          person: 'region',
          role: 'member',
          organisation: 'region',
          validFrom: '2021-05-01',
        });
      },
    });
    // As the database stood before: no rules, no constituencies.
    const migration = new StoreBodyRules1795608263519();
    const q = (await db.owner()).createQueryRunner();
    try {
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
    }

    const rulesOf = async (bodyId: string) =>
      (await db.ds.query('SELECT rules FROM bodies WHERE id = $1', [bodyId]))[0].rules as unknown;
    const org = jcbWorld.ids.organisations;
    expect(await rulesOf(jcbWorld.ids.bodies.jcb)).toEqual(
      jcbRules({ council: org.council, ccg: org.ccg }, 'partnerDeputies'),
    );
    expect(await rulesOf(jcbWorld.ids.bodies.hwbb)).toEqual(
      hwbbRules(
        { council: org.council, ccg: org.ccg, healthwatch: org.healthwatch },
        'partnerDeputies',
      ),
    );
    const withRegion = hwbbRules(
      {
        council: regional.ids.organisations.council,
        ccg: regional.ids.organisations.ccg,
        healthwatch: regional.ids.organisations.healthwatch,
      },
      'partnerDeputies',
    );
    expect(await rulesOf(regional.ids.bodies.hwbb)).toEqual({
      ...withRegion,
      constituencies: [
        ...withRegion.constituencies,
        {
          key: 'nhsRegion',
          name: 'NHS region',
          organisationId: regional.ids.organisations.region,
          categories: ['health'],
        },
      ],
    });
    expect(await rulesOf(regional.ids.bodies.group)).toBeNull();

    const seats: { person: string; constituency: string | null }[] = await db.ds.query(
      `SELECT p.name AS person, ms.constituency FROM memberships ms JOIN people p ON p.id = ms.person_id
        WHERE ms.body_id = ANY($1::uuid[]) ORDER BY p.name`,
      [[jcbWorld.ids.bodies.jcb, regional.ids.bodies.hwbb]],
    );
    expect(seats).toEqual([
      { person: 'Cllr Ada Fox', constituency: 'council' },
      { person: 'Cllr Alex Rowe', constituency: 'council' },
      { person: 'Cllr Ben Hart', constituency: 'council' },
      { person: 'Cllr Cara Moss', constituency: 'council' },
      { person: 'Cllr Chris Lane', constituency: 'council' },
      { person: 'Dr Dev Shah', constituency: 'ccg' },
      { person: 'Dr Eve Long', constituency: 'ccg' },
      { person: 'Dr Finn Roy', constituency: 'ccg' },
      { person: 'Dr Sam Okafor', constituency: 'ccg' },
      { person: 'Jo Barnes', constituency: 'healthwatch' },
      { person: 'Kit Moran', constituency: 'nhsRegion' },
    ]);
  });
});
