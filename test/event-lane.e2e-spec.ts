import request from 'supertest';
import { bcfAppPerFile, openBcfCaseOverApi } from '../libs/testing/bcf-api-harness.service';

/*
 * POST /api/cases/:id/events with a JSON body and no cookie is taken straight after the rate
 * limit (apps/api/cases/event-lane.service.ts, docs/adr/0040); with a cookie or another body it
 * goes the long way, through every layer, to the same route. Both must answer alike: the same
 * reply with the same headers, and the same refusals.
 */
describe('an event sent over HTTP is answered alike by the lane and the long way', () => {
  const ready = bcfAppPerFile();
  const server = () => request(ready().app.getHttpServer());
  const as = (who = 'officer') => ({ Authorization: `Bearer ${ready().world.keys[who]}` });
  const event = (type: string, expectedVersion: number) => ({ type, expectedVersion, payload: {} });

  const open = () => openBcfCaseOverApi(ready().app, ready().world);

  async function versionOf(id: string): Promise<number> {
    const [{ version }] = await ready().db.superuser<{ version: number }>(
      'SELECT version FROM cases WHERE id = $1',
      [id],
    );
    return version;
  }

  /** A reply's headers, less those whose values differ from one reply or key to the next. */
  function headersOf(res: request.Response): Record<string, string> {
    const varying = ['date', 'etag', 'content-length', 'connection', 'keep-alive'];
    varying.push('ratelimit', 'ratelimit-policy');
    return Object.fromEntries(
      Object.entries(res.headers as Record<string, string>).filter(([k]) => !varying.includes(k)),
    );
  }

  it('replies with the same headers, and the ETag of the case as GET reads it', async () => {
    const id = await open();
    const lane = await server()
      .post(`/api/cases/${id}/events`)
      .set(as())
      .send(event('SEEK_AGREEMENT', 1));
    const laneRead = await server().get(`/api/cases/${id}`).set(as()).expect(200);
    const longWay = await server()
      .post(`/api/cases/${id}/events`)
      .set(as('ceo'))
      .set('Cookie', 'unrelated=1')
      .send(event('AGREE', 2));
    expect({ lane: lane.status, longWay: longWay.status }).toEqual({ lane: 200, longWay: 200 });
    expect(headersOf(lane)).toEqual(headersOf(longWay));
    expect([lane, longWay].map((r) => typeof r.headers['ratelimit-policy'])).toEqual([
      'string',
      'string',
    ]);
    expect(lane.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(lane.text).toBe(laneRead.text);
    expect(lane.headers.etag).toBe(laneRead.headers.etag);
    expect(Number(lane.headers['content-length'])).toBe(Buffer.byteLength(lane.text));
  });

  it('takes a form body the long way and refuses it as the route does', async () => {
    const id = await open();
    const res = await server()
      .post(`/api/cases/${id}/events`)
      .set(as())
      .type('form')
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: '1' });
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 422,
      code: 'INVALID_INPUT',
    });
    expect(await versionOf(id)).toBe(1);
  });

  it.each([
    ['malformed JSON', 'application/json', '{"type": ', 400, 'MALFORMED_JSON'],
    [
      'a charset other than UTF-8',
      'application/json; charset=latin1',
      '{}',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a NUL in the body',
      'application/json',
      '{"type":"AGREE\\u0000","expectedVersion":1}',
      400,
      'INVALID_TEXT',
    ],
    ['no event type', 'application/json', '{"expectedVersion":1}', 422, 'INVALID_INPUT'],
  ])(
    'refuses %s in the lane, with or without a cookie, alike',
    async (_what, type, body, status, code) => {
      const id = await open();
      for (const cookie of [undefined, 'unrelated=1']) {
        const post = server().post(`/api/cases/${id}/events`).set(as()).set('Content-Type', type);
        const res = await (cookie ? post.set('Cookie', cookie) : post).send(body);
        expect({ cookie, status: res.status, code: res.body.code }).toEqual({
          cookie,
          status,
          code,
        });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(await versionOf(id)).toBe(1);
    },
  );
});
