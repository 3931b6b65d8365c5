import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { twoBcfCouncilsPerFile } from '../libs/testing/bcf-api-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * The lane (apps/api/cases/event-lane.service.ts) takes a POST with a JSON Content-Type and no
 * cookie; an unrelated cookie sends the same request the long way, through every layer. For
 * every kind of request that looks like an event, the two replies must be the same bytes: status,
 * body and headers, less the date and the rate limit's count (docs/adr/0040).
 */
describe('the event lane and the long way answer the same request with the same bytes', () => {
  const ready = twoBcfCouncilsPerFile();
  const server = () => request(ready().app.getHttpServer());
  let caseId = '';

  beforeAll(async () => {
    const res = await server()
      .post('/api/cases')
      .set('Authorization', `Bearer ${ready().world.keys.officer}`)
      .send(openBcfCaseBody(ready().world))
      .expect(201);
    caseId = (res.body as { id: string }).id;
  });

  interface Shape {
    path?: (id: string) => string;
    headers?: Record<string, string>;
    key?: 'officer' | 'foreign' | 'none' | 'garbage';
    body?: string | Buffer;
  }
  const stale = JSON.stringify({ type: 'SEEK_AGREEMENT', expectedVersion: 99, payload: {} });
  /** An event body padded to exactly `bytes` bytes. */
  const exactly = (bytes: number) => {
    const body = JSON.stringify({
      type: 'SEEK_AGREEMENT',
      expectedVersion: 99,
      payload: { pad: '' },
    });
    return body.replace('"pad":""', `"pad":"${'x'.repeat(bytes - body.length)}"`);
  };
  const shapes: [string, Shape][] = [
    ['a stale version', { body: stale }],
    ['no key', { key: 'none', body: stale }],
    ['a key that is no key', { key: 'garbage', body: stale }],
    ["another council's key", { key: 'foreign', body: stale }],
    ['malformed JSON', { body: '{"type": ' }],
    ['a JSON null', { body: 'null' }],
    ['a JSON array', { body: '[]' }],
    ['no body', { body: '' }],
    ['a body over 100 kB', { body: JSON.stringify({ type: 'x'.repeat(110 * 1024) }) }],
    ['a body of exactly 100 kB', { body: exactly(100 * 1024) }],
    ['a body a byte over 100 kB', { body: exactly(100 * 1024 + 1) }],
    [
      'a byte-order mark',
      { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stale)]) },
    ],
    ['a byte-order mark alone', { body: Buffer.from([0xef, 0xbb, 0xbf]) }],
    ['white space only', { body: ' \n\t ' }],
    ['white space, then an object', { body: ` \r\n${stale}` }],
    ['a JSON string', { body: '"AGREE"' }],
    ['a JSON number', { body: ' 42' }],
    ['a NUL byte', { body: Buffer.from('{"type":"A\u0000"}', 'latin1') }],
    [
      'bytes that are not UTF-8',
      {
        body: Buffer.from([
          0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d,
        ]),
      },
    ],
    [
      'a charset of utf-8',
      { body: stale, headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    ],
    ['a duplicate key', { body: '{"type":"AGREE","type":"SEEK_AGREEMENT","expectedVersion":99}' }],
    ['a __proto__ key', { body: '{"__proto__":{"x":1},"type":"AGREE","expectedVersion":99}' }],
    ['a gzipped body', { body: gzipSync(stale), headers: { 'Content-Encoding': 'gzip' } }],
    ['a broken gzip', { body: 'not gzip', headers: { 'Content-Encoding': 'gzip' } }],
    ['an unknown encoding', { body: stale, headers: { 'Content-Encoding': 'compress' } }],
    [
      'a UTF-16 charset',
      { body: stale, headers: { 'Content-Type': 'application/json; charset=utf-16' } },
    ],
    [
      'a charset in capitals',
      { body: stale, headers: { 'Content-Type': 'Application/JSON;charset=UTF-8' } },
    ],
    ['a NUL in the query', { path: (id) => `/api/cases/${id}/events?x=%00`, body: stale }],
    ['a path in capitals with a slash', { path: (id) => `/API/CASES/${id}/EVENTS/`, body: stale }],
    ['an id badly encoded', { path: () => '/api/cases/%zz/events', body: stale }],
    ['an id with an encoded slash', { path: () => '/api/cases/a%2Fb/events', body: stale }],
    ['a browser asking for a page', { headers: { Accept: 'text/html' }, body: '{"type": ' }],
    [
      'a browser asking in capitals',
      { path: (id) => `/API/cases/${id}/events`, headers: { Accept: 'text/html' }, body: '{' },
    ],
  ];

  async function send(shape: Shape, cookie: boolean, app: INestApplication = ready().app) {
    const { world, other } = ready();
    const key = shape.key ?? 'officer';
    const auth =
      key === 'none'
        ? undefined
        : key === 'garbage'
          ? 'Bearer not-a-key'
          : `Bearer ${(key === 'foreign' ? other : world).keys.officer}`;
    let post = request(app.getHttpServer())
      .post((shape.path ?? ((id: string) => `/api/cases/${id}/events`))(caseId))
      .set('Content-Type', 'application/json');
    if (auth) post = post.set('Authorization', auth);
    for (const [k, v] of Object.entries(shape.headers ?? {})) post = post.set(k, v);
    if (cookie) post = post.set('Cookie', 'unrelated=1');
    const res = await post.send(shape.body ?? '');
    const varying = ['date', 'connection', 'keep-alive', 'ratelimit', 'retry-after'];
    const headers = Object.fromEntries(
      Object.entries(res.headers as Record<string, string>).filter(([k]) => !varying.includes(k)),
    );
    // A page's nonce differs from one reply to the next: compare where it is, not its value.
    const text = res.text.replace(/nonce="[^"]*"/g, 'nonce');
    const retryAfter = res.headers['retry-after'] as string | undefined;
    return { status: res.status, headers, text, retryAfter };
  }

  it('answers a browser on the API in other letters as the API, with problem+json, not a page', async () => {
    for (const cookie of [false, true]) {
      let post = server()
        .post(`/API/Cases/${caseId}/Events`)
        .set('Accept', 'text/html')
        .set('Content-Type', 'application/json');
      if (cookie) post = post.set('Cookie', 'unrelated=1');
      const res = await post.send('{');
      expect({ cookie, status: res.status, type: res.headers['content-type'] }).toEqual({
        cookie,
        status: 400,
        type: 'application/problem+json; charset=utf-8',
      });
    }
  });

  it.each(shapes)('%s', async (_what, shape) => {
    const lane = await send(shape, false);
    const longWay = await send(shape, true);
    expect(lane).toEqual(longWay);
  });

  it('counts the lane and the long way against one rate limit, and refuses past it alike', async () => {
    const { db, clock } = ready();
    const local = await buildTestApp(db.ds, clock, { API_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const shape: Shape = { body: stale };
      const sent = [];
      for (const cookie of [false, true, false, true]) sent.push(await send(shape, cookie, local));
      expect(sent.map((r) => r.status)).toEqual([409, 409, 429, 429]);
      // Retry-After counts whole seconds down: the two may be a second apart.
      const [lane, longWay] = sent.slice(2);
      expect({ ...lane, retryAfter: undefined }).toEqual({ ...longWay, retryAfter: undefined });
      for (const r of [lane, longWay]) expect(Number(r.retryAfter)).toBeGreaterThan(0);
    } finally {
      await local.close();
    }
  });
});
