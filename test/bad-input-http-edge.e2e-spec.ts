import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { badInputHarness, type Problem } from '../libs/testing/bad-input-harness.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

describe('bad input through the HTTP API', () => {
  const { ds, server, auth, refused, openCase, caseAwaitingAgreement } = badInputHarness();

  describe('the HTTP edge', () => {
    it('refuses malformed JSON with MALFORMED_JSON', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      for (const path of ['/api/cases', `/api/cases/${caseId}/events`]) {
        await refused(
          () =>
            request(server())
              .post(path)
              .set(auth(world, 'officer'))
              .set('Content-Type', 'application/json')
              .send('{"type": "AGREE", "expectedVersion": 2,'),
          400,
          'MALFORMED_JSON',
        );
      }
    });

    it('refuses a body in an unsupported charset or encoding, or that cannot be decoded', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const post = () =>
        request(server())
          .post(`/api/cases/${caseId}/events`)
          .set(auth(world, 'ceo'))
          .set('Content-Type', 'application/json');
      const body = JSON.stringify({ type: 'AGREE', expectedVersion: 2 });
      await refused(
        () => post().set('Content-Type', 'application/json; charset=latin-9').send(body),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await refused(
        () => post().set('Content-Encoding', 'bogus').send(body),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await refused(() => post().set('Content-Encoding', 'gzip').send(body), 400, 'MALFORMED_JSON');
    });

    it('refuses a body over 100 kB with PAYLOAD_TOO_LARGE', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const comments = 'x'.repeat(101 * 1024);
      await refused(
        () =>
          request(server())
            .post(`/api/cases/${caseId}/events`)
            .set(auth(world, 'ceo'))
            .send({ type: 'AGREE', expectedVersion: 2, payload: { comments } }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await refused(
        () =>
          request(server())
            .post('/api/cases')
            .set(auth(world, 'officer'))
            .send({ ...openBcfCaseBody(world), title: comments }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('refuses a request without a known API key with UNAUTHENTICATED', async () => {
      const world = await buildBcfWorld(ds());
      const c = await openCase(world);
      const attempts: [string, string | undefined][] = [
        ['no key', undefined],
        ['an unknown key', 'Bearer not-a-real-key'],
        ['another scheme', `Basic ${world.keys.officer}`],
        ['an empty bearer', 'Bearer '],
      ];
      for (const [, header] of attempts) {
        const withKey = (t: request.Test) =>
          header === undefined ? t : t.set('Authorization', header);
        const p = await refused(
          () => withKey(request(server()).get('/api/cases')),
          401,
          'UNAUTHENTICATED',
        );
        expect(p.detail).toMatch(/API key/);
        await refused(
          () => withKey(request(server()).post('/api/cases').send(openBcfCaseBody(world))),
          401,
          'UNAUTHENTICATED',
        );
        await refused(
          () =>
            withKey(
              request(server())
                .post(`/api/cases/${c.id}/events`)
                .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
            ),
          401,
          'UNAUTHENTICATED',
        );
      }
    });

    it('answers a case id that is not a UUID, or no case, with CASE_NOT_FOUND', async () => {
      const world = await buildBcfWorld(ds());
      for (const id of ['not-a-uuid', '123', '00000000-0000-4000-8000-000000000000']) {
        for (const req of [
          () => request(server()).get(`/api/cases/${id}`),
          () => request(server()).get(`/api/cases/${id}/audit`),
          () => request(server()).get(`/api/cases/${id}/audit/verify`),
          () =>
            request(server())
              .post(`/api/cases/${id}/events`)
              .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
        ]) {
          await refused(() => req().set(auth(world, 'officer')), 404, 'CASE_NOT_FOUND');
        }
      }
    });

    it('answers another tenant’s case with 404 CASE_NOT_FOUND, never 403, and never lists it', async () => {
      const world = await buildBcfWorld(ds());
      const other = await buildBcfWorld(ds());
      const theirs = await openCase(other);
      const mine = auth(world, 'officer');
      const requests = [
        () => request(server()).get(`/api/cases/${theirs.id}`),
        () => request(server()).get(`/api/cases/${theirs.id}/audit`),
        () => request(server()).get(`/api/cases/${theirs.id}/audit/verify`),
        () =>
          request(server())
            .post(`/api/cases/${theirs.id}/events`)
            .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
      ];
      const answers: Problem[] = [];
      for (const req of requests)
        answers.push(await refused(() => req().set(mine), 404, 'CASE_NOT_FOUND'));
      // The same answer as for an id that exists nowhere: nothing tells the two apart.
      const nowhere = await refused(
        () => request(server()).get('/api/cases/00000000-0000-4000-8000-000000000000').set(mine),
        404,
        'CASE_NOT_FOUND',
      );
      expect(answers[0].title).toBe(nowhere.title);
      expect(answers[0].detail.replace(theirs.id, '<id>')).toBe(
        nowhere.detail.replace('00000000-0000-4000-8000-000000000000', '<id>'),
      );
      const listed = await request(server()).get('/api/cases').set(mine).expect(200);
      expect((listed.body as { items: CaseView[] }).items).toEqual([]);
      // The owner still reads it, unchanged.
      const own = await request(server())
        .get(`/api/cases/${theirs.id}`)
        .set(auth(other, 'officer'))
        .expect(200);
      expect((own.body as CaseView).version).toBe(1);
    });

    it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const key = auth(world, 'officer');
      for (const req of [
        () => request(server()).get('/api/no-such-thing'),
        () => request(server()).get('/nowhere'),
        () => request(server()).delete(`/api/cases/${caseId}`),
        () => request(server()).put(`/api/cases/${caseId}/events`).send({}),
        () => request(server()).post(`/api/cases/${caseId}/audit`).send({}),
      ]) {
        await refused(() => req().set(key), 404, 'ROUTE_NOT_FOUND');
      }
    });

    it.each([
      ['overdue=maybe', ['overdue']],
      ['awaiting=someone', ['awaiting']],
      ['limit=0', ['limit']],
      ['limit=1000', ['limit']],
      ['offset=-1', ['offset']],
      ['state=closed%27%3B%20DROP%20TABLE%20cases', ['state']],
      ['colour=blue', ['(body)']],
    ])('refuses the list filter %s with INVALID_INPUT', async (query, expected) => {
      const world = await buildBcfWorld(ds());
      const p = await refused(
        () => request(server()).get(`/api/cases?${query}`).set(auth(world, 'officer')),
        422,
        'INVALID_INPUT',
      );
      expect((p.problems ?? []).map((x) => x.path)).toEqual(expected);
    });
  });

  it('publishes a valid OpenAPI document listing the case routes', async () => {
    const res = await request(server()).get('/api/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.body as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses?: object; operationId?: string }>>;
      components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
    };
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Ratify', version: '1' });
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/cases',
        'GET /api/cases',
        'GET /api/cases/{id}',
        'POST /api/cases/{id}/events',
        'GET /api/cases/{id}/audit',
        'GET /api/cases/{id}/audit/verify',
      ]),
    );
    // Every operation answers something and has a unique id; every $ref points somewhere real.
    const ops = Object.values(doc.paths).flatMap((o) => Object.values(o));
    expect(ops.every((o) => o.responses && Object.keys(o.responses).length > 0)).toBe(true);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = ref
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});
