import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, say), which a test can make
 * behave as a database does when it goes wrong on the network:
 * - `pause()`: connections old and new are accepted and nothing comes back, as from a PostgreSQL
 *   stopped with SIGSTOP or a host whose disk hangs; `resume()` lets the bytes held go on, as SIGCONT;
 * - `refuse()`: every connection is reset and new ones refused, as when PostgreSQL has stopped;
 *   `reopen()` listens on the same port again, as when it is back.
 */
export class PausableTcpProxy {
  private server: Server | null = null;
  private port = 0;
  private paused = false;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket | null }>();

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<PausableTcpProxy> {
    const proxy = new PausableTcpProxy(targetHost, targetPort);
    await proxy.listen(0);
    return proxy;
  }

  /** Where to connect instead of the target. */
  get address(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.port };
  }

  /** Stops passing bytes either way; connections made meanwhile are accepted and held. */
  pause(): void {
    this.paused = true;
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream?.pause();
    }
  }

  /** Passes on what was held, and connects the connections accepted meanwhile. */
  resume(): void {
    this.paused = false;
    for (const p of this.pairs) {
      if (!p.upstream) this.connectUpstream(p);
      p.client.resume();
      p.upstream?.resume();
    }
  }

  /** Resets every connection and refuses new ones (the port is no longer listened on). */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream?.destroy();
    }
    this.pairs.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Listens again on the port it had. */
  async reopen(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.paused = false;
    await this.refuse();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      this.pairs.delete(pair);
      pair.upstream?.destroy();
    });
    if (this.paused) client.pause();
    else this.connectUpstream(pair);
  }

  private connectUpstream(pair: { client: Socket; upstream: Socket | null }): void {
    const upstream = createConnection(this.targetPort, this.targetHost);
    pair.upstream = upstream;
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    // Not pipe(): a pipe resumes its source when the other side drains, even one paused here.
    pair.client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => pair.client.write(chunk));
    if (this.paused) upstream.pause();
  }
}
