import { json } from 'express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { readJsonBody } from './json-body.service';

type Parser = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** What `parser` passed on for a request whose client sends `head` and `sent`, and leaves if `leaves`. */
async function outcomeOf(parser: Parser, head: string, sent: string, leaves = true) {
  let settle: (v: unknown) => void = () => undefined;
  const outcome = new Promise((resolve) => (settle = resolve));
  let hangUp = () => undefined as void;
  const server = createServer((req, res) => {
    parser(req, res, (err?: unknown) => {
      const e = err as { status?: number; expose?: boolean; type?: string } | undefined;
      settle(
        e
          ? { status: e.status, expose: e.expose, type: e.type }
          : { body: (req as { body?: unknown }).body },
      );
      res.end();
    });
    // The parser has started on the request: the client leaves now.
    hangUp();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  if (leaves) hangUp = () => void socket.destroy();
  socket.write(`POST /api/cases/x/events HTTP/1.1\r\nHost: x\r\n${head}\r\n${sent}`);
  try {
    return await outcome;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/*
 * The lane reads its common body itself (json-body.service.ts); what the parity spec cannot
 * compare byte for byte (a client that leaves mid-body) must still reach the problem filter as
 * body-parser's own error would.
 */
describe('the lane reads a JSON body as body-parser reads it', () => {
  const parser = json({ limit: 100 * 1024 }) as Parser;
  const lane = readJsonBody(parser, 100 * 1024);
  const head = 'Content-Type: application/json\r\nContent-Length: 40\r\n';

  it('passes on a client that leaves mid-body as body-parser does', async () => {
    const ours = await outcomeOf(lane, head, '{"type":');
    expect(ours).toEqual(await outcomeOf(parser, head, '{"type":'));
    expect(ours).toMatchObject({ status: 400, expose: true, type: 'request.aborted' });
  });

  it('reads a whole body as body-parser does', async () => {
    const body = '{"type":"AGREE","expectedVersion":12345}';
    const whole = `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`;
    const ours = await outcomeOf(lane, whole, body, false);
    expect(ours).toEqual(await outcomeOf(parser, whole, body, false));
    expect(ours).toEqual({ body: { type: 'AGREE', expectedVersion: 12345 } });
  });
});

describe('the lane passes on every body it reads as body-parser does', () => {
  const parser = json({ limit: 100 * 1024 }) as Parser;
  const lane = readJsonBody(parser, 100 * 1024);
  const bodies: [string, string][] = [
    ['a byte-order mark alone', '\ufeff'],
    ['a byte-order mark, then white space', '\ufeff \n'],
    ['two byte-order marks, then an object', '\ufeff\ufeff{}'],
    ['white space only', ' \t\r\n'],
    ['a form feed before an object', '\f{}'],
    ['a non-breaking space before an object', '\u00a0{}'],
    ['an object, then white space', '{"a":1} \n'],
    ['a JSON true', 'true'],
    ['an object, then garbage', '{}x'],
    ['a lone surrogate escaped', '{"a":"\\ud800"}'],
  ];
  it.each(bodies)('%s', async (_what, body) => {
    const head = `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
    const ours = await outcomeOf(lane, head, body, false);
    expect(ours).toEqual(await outcomeOf(parser, head, body, false));
  });
});
