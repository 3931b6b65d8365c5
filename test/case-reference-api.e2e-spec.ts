import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/*
 * A case found through the API by the reference people quote (issue #12, docs/adr/0038): the same
 * body as by id, bound to the caller's council; text that is no reference refused with what to fix.
 */
describe('cases API by reference', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const get = (world: BcfWorld, path: string, key = 'officer') =>
    request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${world.keys[key]}`);

  async function openCase(world: BcfWorld, title: string) {
    const res = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world, { title }))
      .expect(201);
    return res.body as { id: string; reference: string };
  }

  it('reads a case by its reference, in any case, as by its id', async () => {
    const world = await buildBcfWorld(db.ds);
    await openCase(world, 'First plan');
    const c = await openCase(world, 'Second plan');
    const byId = await get(world, `/api/cases/${c.id}`).expect(200);
    const byRef = await get(world, `/api/cases/by-reference/${c.reference.toLowerCase()}`).expect(
      200,
    );
    expect(byRef.body).toEqual(byId.body);
    expect(byRef.body).toMatchObject({ id: c.id, reference: c.reference, title: 'Second plan' });
  });

  it('refuses text that is no reference with what to fix, and answers an unknown one as not found', async () => {
    const world = await buildBcfWorld(db.ds);
    const c = await openCase(world, 'A plan');
    const bad = await get(world, '/api/cases/by-reference/SCC-42').expect(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ path: 'reference', message: 'give a case reference such as SCC-2026-0042' }],
    });
    expect(bad.body.detail).toContain('for example SCC-2026-0042');

    const unknown = c.reference.replace(/\d+$/, '9999');
    const missing = await get(world, `/api/cases/by-reference/${unknown}`).expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({
      code: 'CASE_NOT_FOUND',
      detail: `There is no case ${unknown} in your organisation: check the reference.`,
    });
  });

  it('does not find another council’s case, nor one the caller has no part in', async () => {
    const ours = await buildBcfWorld(db.ds);
    const theirs = await buildBcfWorld(db.ds);
    await db.ds.query(
      `UPDATE tenants SET settings = settings || '{"caseReferences":{"prefix":"THEIRS"}}' WHERE tenant_id = $1`,
      [theirs.tenantId],
    );
    const their = await openCase(theirs, 'Their plan');
    expect(their.reference).toMatch(/^THEIRS-/);
    await get(theirs, `/api/cases/by-reference/${their.reference}`).expect(200);
    const refused = await get(ours, `/api/cases/by-reference/${their.reference}`).expect(404);
    expect(refused.body.code).toBe('CASE_NOT_FOUND');
    expect(JSON.stringify(refused.body)).not.toContain(their.id);
    // A member with no part in a case reads it neither by id nor by reference; no id is given away.
    const c = await openCase(ours, 'Our plan');
    await get(ours, `/api/cases/${c.id}`, 'gp').expect(404);
    const hidden = await get(ours, `/api/cases/by-reference/${c.reference}`, 'gp').expect(404);
    expect(JSON.stringify(hidden.body)).not.toContain(c.id);
  });

  it('filters the list by reference, and refuses a reference that cannot be one', async () => {
    const world = await buildBcfWorld(db.ds);
    await openCase(world, 'One');
    const two = await openCase(world, 'Two');
    const list = await get(world, `/api/cases?reference=${two.reference.toLowerCase()}`).expect(
      200,
    );
    expect((list.body.items as { id: string }[]).map((i) => i.id)).toEqual([two.id]);
    const bad = await get(world, '/api/cases?reference=two').expect(422);
    expect(bad.body.problems).toEqual([
      { path: 'reference', message: 'reference is a case reference such as SCC-2026-0042' },
    ]);
  });
});
