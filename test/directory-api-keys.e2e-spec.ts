import { INestApplication } from '@nestjs/common';
import { statementsSent } from '../libs/testing/statements-sent.service';
import request from 'supertest';
import { apiKeyHash } from '../libs/directory/api-key.repository';
import { ManualClock } from '../libs/core/clock.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * An administrator makes a person's API key (shown once, kept hashed), sees when it was last used,
 * and revokes it; expired and revoked keys authenticate nobody; councils keep their keys apart.
 */
describe('the directory API: API keys', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const START = '2026-12-03T10:00:00Z';
  const clock = new ManualClock(new Date(START));
  const server = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });
  afterEach(() => clock.set(START));

  it('makes a key shown once, kept only as its hash, and notes its use at most once a minute', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const made = await server()
      .post('/api/directory/api-keys')
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, name: 'Board papers app' })
      .expect(201);
    const key = made.body.key as string;
    expect(made.body).toMatchObject({
      personName: 'Dr Sam Okafor',
      name: 'Board papers app',
      createdAt: '2026-12-03T10:00:00.000Z',
      lastUsedAt: null,
      expiresAt: null,
      status: 'active',
    });
    const stored = JSON.stringify(
      await db.ds.query('SELECT * FROM api_keys WHERE id = $1', [made.body.id]),
    );
    expect(stored).not.toContain(key);
    expect(stored).toContain(apiKeyHash(key));
    const recorded = JSON.stringify(
      await db.ds.query('SELECT before, after FROM directory_changes WHERE subject_id = $1', [
        made.body.id,
      ]),
    );
    expect(recorded).toContain('Board papers app');
    expect(recorded).not.toContain(key);
    expect(recorded).not.toContain(apiKeyHash(key));

    const lastUsed = async () =>
      (
        await server()
          .get(`/api/directory/api-keys?personId=${w.ids.people.gp}`)
          .set(as(w.adminKey))
          .expect(200)
      ).body.items.find((k: { id: string }) => k.id === made.body.id);
    await server().get('/api/cases').set(as(key)).expect(200);
    expect(await lastUsed()).toMatchObject({ lastUsedAt: '2026-12-03T10:00:00.000Z' });
    expect((await lastUsed()).key).toBeUndefined();
    clock.set('2026-12-03T10:00:59Z');
    await server().get('/api/cases').set(as(key)).expect(200);
    expect((await lastUsed()).lastUsedAt).toBe('2026-12-03T10:00:00.000Z');
    clock.set('2026-12-03T10:01:01Z');
    await server().get('/api/cases').set(as(key)).expect(200);
    expect((await lastUsed()).lastUsedAt).toBe('2026-12-03T10:01:01.000Z');
  });

  it('refuses a revoked key at once and lists it as revoked', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const made = await server()
      .post('/api/directory/api-keys')
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.officer, name: 'Old laptop' })
      .expect(201);
    await server().get('/api/cases').set(as(made.body.key)).expect(200);
    const revoked = await server()
      .post(`/api/directory/api-keys/${made.body.id}/revoke`)
      .set(as(w.adminKey))
      .expect(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-12-03T10:00:00.000Z',
    });
    const refused = await server().get('/api/cases').set(as(made.body.key)).expect(401);
    expect(refused.body).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: expect.stringContaining('This API key was revoked'),
    });
    // The officer's other key still works.
    await server().get('/api/cases').set(as(w.keys.officer)).expect(200);
    const listed = await server()
      .get('/api/directory/api-keys?status=revoked')
      .set(as(w.adminKey))
      .expect(200);
    expect(listed.body.items.map((k: { id: string }) => k.id)).toEqual([made.body.id]);
    const changes = await db.ds.query(
      `SELECT action FROM directory_changes WHERE subject_id = $1 ORDER BY seq`,
      [made.body.id],
    );
    expect(changes).toEqual([{ action: 'created' }, { action: 'revoked' }]);
  });

  it('lets a key work to the end of its last day, London time, and no longer', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const made = await server()
      .post('/api/directory/api-keys')
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, name: 'Pilot', expiresOn: '2026-12-03' })
      .expect(201);
    expect(made.body.expiresAt).toBe('2026-12-04T00:00:00.000Z');
    clock.set('2026-12-03T23:59:00Z');
    await server().get('/api/cases').set(as(made.body.key)).expect(200);
    clock.set('2026-12-04T00:00:00Z');
    const refused = await server().get('/api/cases').set(as(made.body.key)).expect(401);
    expect(refused.body.detail).toContain('This API key expired');
  });

  it.each([
    ['no name', (p: string) => ({ personId: p }), ['name']],
    [
      'a last day already past',
      (p: string) => ({ personId: p, name: 'X', expiresOn: '2026-12-02' }),
      ['expiresOn'],
    ],
    [
      'an unknown field',
      (p: string) => ({ personId: p, name: 'X', key: 'my-own-key' }),
      ['(body)'],
    ],
  ])('refuses a key with %s as 422 naming the field', async (_w, body, paths) => {
    const w = await buildDirectoryWorld(db.ds);
    const res = await server()
      .post('/api/directory/api-keys')
      .set(as(w.adminKey))
      .send(body(w.ids.people.gp))
      .expect(422);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(paths);
    expect(
      await db.ds.query('SELECT id FROM api_keys WHERE person_id = $1', [w.ids.people.gp]),
    ).toHaveLength(1);
  });

  /** The statements on api_keys PostgreSQL is sent while `fn` runs, every connection's. */
  async function keyStatements(fn: () => Promise<unknown>): Promise<string[]> {
    return (await statementsSent(fn)).filter((text) => text.includes('api_keys'));
  }

  it('reads a key with its person once a request, and refuses it the moment its person has left', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await server().get('/api/cases').set(as(w.keys.officer)).expect(200);
    const read = await keyStatements(() =>
      server().get('/api/cases').set(as(w.keys.officer)).expect(200),
    );
    expect(read).toEqual([
      expect.stringMatching(/FROM api_keys k JOIN people p ON p.id = k.person_id/),
    ]);
    await db.superuser('UPDATE people SET left_on = $2 WHERE id = $1', [
      w.ids.people.officer,
      '2026-12-02',
    ]);
    const refused = await server().get('/api/cases').set(as(w.keys.officer)).expect(401);
    expect(refused.body.detail).toContain(
      'The person this API key is for left the council on Wednesday 2 December 2026:',
    );
  });

  it('lets only administrators keep keys, each council its own', async () => {
    const a = await buildDirectoryWorld(db.ds);
    const b = await buildDirectoryWorld(db.ds);
    await server().get('/api/directory/api-keys').set(as(a.keys.officer)).expect(403);
    await server()
      .post('/api/directory/api-keys')
      .set(as(a.keys.officer))
      .send({ personId: a.ids.people.officer, name: 'Mine' })
      .expect(403);
    const [aKey] = await db.ds.query('SELECT id FROM api_keys WHERE person_id = $1', [
      a.ids.people.ceo,
    ]);
    const listed = await server()
      .get('/api/directory/api-keys?limit=200')
      .set(as(b.adminKey))
      .expect(200);
    expect(listed.body.items.map((k: { id: string }) => k.id)).not.toContain(aKey.id);
    const revoke = await server()
      .post(`/api/directory/api-keys/${aKey.id}/revoke`)
      .set(as(b.adminKey))
      .expect(404);
    expect(revoke.body.code).toBe('DIRECTORY_RECORD_NOT_FOUND');
    const foreign = await server()
      .post('/api/directory/api-keys')
      .set(as(b.adminKey))
      .send({ personId: a.ids.people.ceo, name: 'Someone else’s' })
      .expect(422);
    expect(foreign.body.problems).toEqual([
      { path: 'personId', message: 'choose a person of your council’s directory' },
    ]);
    await server().get('/api/cases').set(as(a.keys.ceo)).expect(200);
  });
});
