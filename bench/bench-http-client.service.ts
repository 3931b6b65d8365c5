import { connect, type Socket } from 'node:net';

/** What a POST answered: its status and its body as text. */
export interface BenchReply {
  status: number;
  text: string;
}

/**
 * The case's version after an event the API accepted: a reply counts only as a 200 whose body is
 * the case one version on from the one the event expected. Anything else (another status, a body
 * cut short or not JSON, a version not advanced by one) throws, so that the bench counts it as an
 * error rather than as an event done.
 */
export function versionAfter(reply: BenchReply, expectedVersion: number): number {
  if (reply.status !== 200) throw new Error(`HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
  const { version } = JSON.parse(reply.text) as { version?: unknown };
  return advancedFrom(expectedVersion, version);
}

/**
 * `version`, when it is one on from `expectedVersion` (an event applied once, as stepOf reads the
 * cycle's next step from the version); else it throws. The engine side is held to it too.
 */
export function advancedFrom(expectedVersion: number, version: unknown): number {
  if (version !== expectedVersion + 1)
    throw new Error(`the case is at version ${String(version)}, not ${expectedVersion + 1}`);
  return version;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** Opened again after this long unused: the server closes a keep-alive connection idle 5 s. */
const IDLE_MS = 2000;

/**
 * The bench's HTTP client for one client loop (bench:http): one keep-alive connection to the API,
 * one request at a time on it, each reply read by its Content-Length. The bench process shares the
 * machine's two cores with the API process and PostgreSQL, while a deployment's clients run on
 * machines of their own: node:http's client spent about 0.2 ms of the bench process's CPU on each
 * request (ClientRequest, the Agent, a parser and a stream per reply), CPU that the API and
 * PostgreSQL then lacked. This writes the request in one write and reads the reply's bytes as
 * they come. It knows only what the API answers here: HTTP/1.1 with a Content-Length, never
 * chunked (anything else is an error, so a change in the API is seen, never misread).
 */
export class BenchHttpConnection {
  private socket: Socket | null = null;
  private lastUsed = 0;
  private chunks: Buffer[] = [];
  private length = 0;
  private waiting: { done: (r: BenchReply) => void; fail: (e: Error) => void } | null = null;

  constructor(private readonly port: number) {}

  post(path: string, key: string, body: unknown): Promise<BenchReply> {
    if (this.waiting) return Promise.reject(new Error('one request at a time on a connection'));
    const data = Buffer.from(JSON.stringify(body));
    const head =
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nConnection: keep-alive\r\n` +
      `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${data.length}\r\n\r\n`;
    const socket = this.open();
    return new Promise<BenchReply>((done, fail) => {
      this.waiting = { done, fail };
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), data]));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private open(): Socket {
    const now = performance.now();
    if (this.socket && now - this.lastUsed > IDLE_MS) this.close();
    this.lastUsed = now;
    if (this.socket) return this.socket;
    const socket = connect({ host: '127.0.0.1', port: this.port, noDelay: true });
    this.chunks = [];
    this.length = 0;
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    // A connection closed by close() is no longer this.socket: its end fails no later request.
    const lost = (e?: Error) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.settle(undefined, e ?? new Error('the API closed the connection before it answered'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    this.socket = socket;
    return socket;
  }

  private received(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const bytes = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.length);
    this.chunks = [bytes];
    const end = bytes.indexOf(HEADER_END);
    if (end < 0) return;
    const head = bytes.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const declared = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!declared || /\r\ntransfer-encoding:/i.test(head)) {
      this.close();
      this.settle(undefined, new Error(`a reply the bench cannot read: ${head.split('\r\n')[0]}`));
      return;
    }
    const total = end + HEADER_END.length + Number(declared[1]);
    if (bytes.length < total) return;
    const text = bytes.toString('utf8', end + HEADER_END.length, total);
    this.chunks = [];
    this.length = 0;
    if (bytes.length > total) {
      this.close();
      this.settle(undefined, new Error('the API sent more than one reply'));
      return;
    }
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    this.settle({ status, text });
  }

  private settle(reply?: BenchReply, error?: Error): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    if (reply) waiting.done(reply);
    else waiting.fail(error!);
  }
}
