import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * A council's administrator keeps its organisations and people through the API; officers read
 * them; another council's administrator neither sees nor changes them.
 */
describe('the directory API: organisations and people', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
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

  const changeCount = async (w: DirectoryWorld) =>
    (
      await db.ds.query<{ n: number }[]>(
        'SELECT directory_changes AS n FROM tenants WHERE tenant_id = $1',
        [w.tenantId],
      )
    )[0].n;

  it('adds an ICB and a person of it, and officers find them by filter, a page at a time', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const icb = await server()
      .post('/api/directory/organisations')
      .set(as(w.adminKey))
      .send({ name: 'NHS Hampshire and Isle of Wight ICB', kind: 'icb', activeFrom: '2022-07-01' })
      .expect(201);
    const person = await server()
      .post('/api/directory/people')
      .set(as(w.adminKey))
      .send({
        name: 'Dr Ola Reid',
        email: 'ola.reid@example.org',
        organisationId: icb.body.id,
        isOfficer: false,
      })
      .expect(201);
    expect(person.body).toMatchObject({ organisationId: icb.body.id, active: true, version: 1 });

    const icbs = await server()
      .get('/api/directory/organisations?kind=icb')
      .set(as(w.keys.officer))
      .expect(200);
    expect(icbs.body).toEqual({ items: [icb.body], limit: 50, offset: 0, next: null });
    const ofIcb = await server()
      .get(`/api/directory/people?organisationId=${icb.body.id}`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(ofIcb.body.items).toEqual([person.body]);

    const page1 = await server()
      .get('/api/directory/people?limit=2')
      .set(as(w.keys.officer))
      .expect(200);
    const page2 = await server()
      .get(`/api/directory/people?limit=2&offset=${page1.body.next}`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(page1.body.next).toBe(2);
    expect(page2.body.items[0].name > page1.body.items[1].name).toBe(true);
    await server()
      .get(`/api/directory/people/${person.body.id}`)
      .set(as(w.keys.officer))
      .expect(200, person.body);
  });

  it('gives the second of two administrators changing one person a 409, not an overwrite', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const id = w.ids.people.gp;
    await server()
      .patch(`/api/directory/people/${id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, name: 'Dr Samuel Okafor' })
      .expect(200);
    const second = await server()
      .patch(`/api/directory/people/${id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, name: 'Dr S Okafor' })
      .expect(409);
    expect(second.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const now = await server().get(`/api/directory/people/${id}`).set(as(w.adminKey)).expect(200);
    expect(now.body).toMatchObject({ name: 'Dr Samuel Okafor', version: 2 });
  });

  it.each([
    ['no name', { email: 'x@example.org' }, ['name']],
    ['an email that is not one', { name: 'X', email: 'not-an-email' }, ['email']],
    ['an unknown field', { name: 'X', email: 'x@example.org', role: 'chair' }, ['(body)']],
    [
      'an organisation id that is not one',
      { name: 'X', email: 'x@example.org', organisationId: 'abc' },
      ['organisationId'],
    ],
  ])(
    'refuses a person with %s as 422 naming the field, and records nothing',
    async (_w, body, paths) => {
      const w = await buildDirectoryWorld(db.ds);
      const before = await changeCount(w);
      const res = await server()
        .post('/api/directory/people')
        .set(as(w.adminKey))
        .send(body)
        .expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'INVALID_INPUT',
        detail: expect.stringContaining('fix the fields'),
      });
      expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(paths);
      expect(await changeCount(w)).toBe(before);
    },
  );

  it('refuses changes from an officer who is not an administrator, and reads from a board member', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await server()
      .post('/api/directory/organisations')
      .set(as(w.keys.officer))
      .send({ name: 'Solent NHS Trust', kind: 'nhs_trust' })
      .expect(403);
    const denied = await server().get('/api/directory/people').set(as(w.keys.gp)).expect(403);
    expect(denied.body.code).toBe('NOT_AUTHORISED');
  });

  it('stops the API key of a person marked left, from the day they left', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await server().get('/api/directory/people').set(as(w.keys.officer)).expect(200);
    await server()
      .post(`/api/directory/people/${w.ids.people.officer}/leave`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, on: '2026-12-04' })
      .expect(200);
    await server().get('/api/directory/people').set(as(w.keys.officer)).expect(200);
    clock.set('2026-12-04T08:00:00Z');
    try {
      const res = await server().get('/api/directory/people').set(as(w.keys.officer)).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    } finally {
      clock.set('2026-12-03T10:00:00Z');
    }
  });

  it('keeps each council’s directory from another council’s administrator', async () => {
    const a = await buildDirectoryWorld(db.ds);
    const b = await buildDirectoryWorld(db.ds);
    const orgA = a.ids.organisations.council;
    const personA = a.ids.people.ceo;
    const listed = await server()
      .get('/api/directory/organisations')
      .set(as(b.adminKey))
      .expect(200);
    expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(orgA);
    const people = await server()
      .get('/api/directory/people?limit=200')
      .set(as(b.adminKey))
      .expect(200);
    expect(people.body.items.map((p: { id: string }) => p.id)).not.toContain(personA);
    for (const [method, path, body] of [
      ['get', `/api/directory/organisations/${orgA}`, undefined],
      ['patch', `/api/directory/organisations/${orgA}`, { expectedVersion: 1, name: 'Taken over' }],
      [
        'post',
        `/api/directory/organisations/${orgA}/end`,
        { expectedVersion: 1, on: '2026-12-03' },
      ],
      ['get', `/api/directory/people/${personA}`, undefined],
      ['patch', `/api/directory/people/${personA}`, { expectedVersion: 1, name: 'Someone else' }],
      ['post', `/api/directory/people/${personA}/leave`, { expectedVersion: 1, on: '2026-12-03' }],
    ] as const) {
      const res = await server()[method](path).set(as(b.adminKey)).send(body).expect(404);
      expect(res.body.code).toBe('DIRECTORY_RECORD_NOT_FOUND');
    }
    const [org] = await db.ds.query('SELECT name, version FROM organisations WHERE id = $1', [
      orgA,
    ]);
    expect(org).toEqual({ name: 'Southampton City Council', version: 1 });
    expect(await changeCount(a)).toBe(0);
  });

  it('documents the routes with their request and response schemas in OpenAPI', async () => {
    const doc = (await server().get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: object } }> };
            responses: Record<
              string,
              { content?: Record<string, { schema: { properties: object } }> }
            >;
          }
        >
      >;
    };
    const post = doc.paths['/api/directory/people'].post;
    expect(Object.keys(post.requestBody!.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['name', 'email', 'organisationId', 'isElectedMember', 'isOfficer']),
    );
    expect(
      Object.keys(post.responses['201'].content!['application/json'].schema.properties),
    ).toEqual(expect.arrayContaining(['id', 'version', 'leftOn', 'active']));
    expect(doc.paths['/api/directory/organisations/{id}'].patch.requestBody).toBeDefined();
    expect(
      doc.paths['/api/directory/organisations'].get.responses['200'].content!['application/json']
        .schema.properties,
    ).toHaveProperty('next');
  });
});
