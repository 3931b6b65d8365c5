import { createServer, type Server, type Socket } from 'node:net';
import { advancedFrom, BenchHttpConnection, versionAfter } from './bench-http-client.service';

/*
 * bench:http counts an event only when the API applied it: every reply is read whole by its
 * Content-Length and checked (a 200 whose case is one version on), so that an error, a reply cut
 * short or an event not applied is counted as an error and never as an event done.
 */
describe("bench:http's client and its check of each reply", () => {
  let server: Server;
  let port = 0;
  /** What the server writes to the next request: its chunks, and whether it then closes. */
  let answer: { chunks: string[]; close?: boolean } = { chunks: [] };

  beforeAll(async () => {
    server = createServer((socket: Socket) => {
      socket.on('data', () => {
        const { chunks, close } = answer;
        for (const c of chunks) socket.write(c);
        if (close) socket.end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  const reply = (status: string, body: string, head = '') =>
    `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const post = () => {
    const connection = new BenchHttpConnection(port);
    return connection
      .post('/api/cases/x/events', 'key', { expectedVersion: 2 })
      .finally(() => connection.close());
  };

  it('counts a 200 whose case is one version on, read across several writes', async () => {
    const whole = reply('200 OK', '{"id":"x","version":3,"state":"é"}');
    answer = { chunks: [whole.slice(0, 20), whole.slice(20, whole.length - 5), whole.slice(-5)] };
    const res = await post();
    expect(versionAfter(res, 2)).toBe(3);
    expect(res.text).toBe('{"id":"x","version":3,"state":"é"}');
  });

  it.each([
    ['a refusal', reply('409 Conflict', '{"code":"VERSION_CONFLICT"}'), /HTTP 409/],
    ['a case not moved on', reply('200 OK', '{"version":2}'), /version 2, not 3/],
    ['a case moved on twice', reply('200 OK', '{"version":4}'), /version 4, not 3/],
    ['a body without a version', reply('200 OK', '{}'), /version undefined/],
    ['a body that is not JSON', reply('200 OK', '<html>'), /JSON/],
  ])('counts %s as an error', async (_what, bytes, error) => {
    answer = { chunks: [bytes] };
    const res = await post();
    expect(() => versionAfter(res, 2)).toThrow(error);
  });

  it('fails a reply cut short, and one it cannot read by its length', async () => {
    answer = { chunks: [reply('200 OK', '{"version":3}').slice(0, -4)], close: true };
    await expect(post()).rejects.toThrow(/closed the connection/);
    answer = {
      chunks: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'],
    };
    await expect(post()).rejects.toThrow(/cannot read/);
    answer = { chunks: [reply('200 OK', '{"version":3}') + reply('200 OK', '{"version":4}')] };
    await expect(post()).rejects.toThrow(/more than one reply/);
  });

  it('holds the engine side to the same: one version on, or an error', () => {
    expect(advancedFrom(5, 6)).toBe(6);
    expect(() => advancedFrom(5, 5)).toThrow(/not 6/);
  });
});
