import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { verifyDirectoryChain } from '../libs/directory/directory-change-chain.service';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { tenantScope } from '../libs/core/tenant-scope';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

/*
 * The demo council is set up as any council would set itself up: created as tenant:create creates
 * one, then every organisation, person, office and holder, body, seat, substitute and delegation
 * added by its administrator through the directory's use cases, each on its record of changes.
 */
describe('the demo’s directory', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  const server = () => request(app.getHttpServer());
  let tenantId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    [{ tenantId }] = await db.ds.query<{ tenantId: string }[]>(
      `SELECT tenant_id AS "tenantId" FROM tenants WHERE slug = 'southampton-demo'`,
    );
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('has every record of its directory on an intact record of changes, made by its administrator', async () => {
    const { changes: chain, head } = await changes.chain(tenantScope(tenantId), db.ds.manager);
    expect(verifyDirectoryChain(chain, head)).toMatchObject({ ok: true });
    const created = (subject: string) =>
      new Set(
        chain
          .filter(
            (c) =>
              c.subject === subject &&
              ['created', 'appointed', 'granted', 'named'].includes(c.action),
          )
          .map((c) => c.subjectId),
      );
    const idsOf = async (table: string) =>
      (
        await db.ds.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE tenant_id = $1`, [
          tenantId,
        ])
      ).map((r) => r.id);
    for (const [table, subject] of [
      ['organisations', 'organisation'],
      ['people', 'person'],
      ['offices', 'office'],
      ['office_holders', 'officeHolder'],
      ['bodies', 'body'],
      ['memberships', 'membership'],
      ['membership_substitutes', 'substitute'],
      ['delegations', 'delegation'],
      ['api_keys', 'apiKey'],
    ]) {
      const ids = await idsOf(table);
      expect(ids.length).toBeGreaterThan(0);
      expect({ subject, missing: ids.filter((id) => !created(subject).has(id)) }).toEqual({
        subject,
        missing: [],
      });
    }
    // The council was created by the seed as tenant:create creates one; all else by its administrator.
    expect(chain[0].actor).toEqual({ kind: 'system', tool: 'demo seed' });
    const byAdministrator = chain.filter(
      (c) => (c.actor as { name?: string }).name === 'Riley Shaw',
    );
    expect(byAdministrator.length).toBeGreaterThan(40);
    expect(chain.filter((c) => (c.actor as { kind: string }).kind === 'system')).toHaveLength(3);
    // The changes never name a key itself or its hash.
    expect(JSON.stringify(chain)).not.toContain(DEMO_API_KEYS.officer);
  });

  it('shows a Cabinet beside the two boards: decided by majority, chaired by the Leader, with its four members', async () => {
    const headers = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
    const bodies = await server().get('/api/directory/bodies').set(headers).expect(200);
    const kinds = (bodies.body.items as { kind: string; name: string }[]).map((b) => b.kind).sort();
    expect(kinds).toEqual(['cabinet', 'council', 'hwbb', 'jcb']);
    const cabinet = (bodies.body.items as { id: string; kind: string }[]).find(
      (b) => b.kind === 'cabinet',
    )!;
    const read = await server().get(`/api/directory/bodies/${cabinet.id}`).set(headers).expect(200);
    expect(read.body.rules).toMatchObject({
      decision: { kind: 'majority' },
      quorum: { total: 3, minimums: [{ category: 'elected', min: 1 }] },
    });
    const members = read.body.members as { personName: string; role: string }[];
    expect(members.map((m) => `${m.personName}: ${m.role}`).sort()).toEqual([
      'Cllr Chris Lane: member',
      'Cllr Rosa Patel: member',
      'Cllr Sasha Reed: chair',
      'Cllr Tom Ellis: member',
    ]);
  });

  it('shows Full Council: every elected member, the Mayor in the chair, a quarter of them a quorum, decided by majority', async () => {
    const headers = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
    const bodies = await server().get('/api/directory/bodies').set(headers).expect(200);
    const council = (bodies.body.items as { id: string; kind: string }[]).find(
      (b) => b.kind === 'council',
    )!;
    const read = await server().get(`/api/directory/bodies/${council.id}`).set(headers).expect(200);
    const members = read.body.members as { personName: string; role: string }[];
    expect(members.map((m) => `${m.personName}: ${m.role}`).sort()).toEqual([
      'Cllr Alex Rowe: member',
      'Cllr Chris Lane: member',
      'Cllr Dev Sharma: chair',
      'Cllr Jan Cole: member',
      'Cllr Maya Green: member',
      'Cllr Rosa Patel: member',
      'Cllr Sasha Reed: member',
      'Cllr Tom Ellis: member',
    ]);
    expect(read.body.rules).toMatchObject({
      decision: { kind: 'majority', source: expect.stringContaining('Schedule 12, para 39') },
      quorum: { total: 2, minimums: [] },
    });
  });
});
