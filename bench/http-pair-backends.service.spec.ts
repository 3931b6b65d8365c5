import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { backendClientPort, backendsCpuSince, tcpSockets } from './http-pair-backends.service';

describe('the PostgreSQL backends of one API process', () => {
  it('reads a backend’s client port from its title, and none from a background process', () => {
    expect(backendClientPort('postgres: ratify_app bench_1 127.0.0.1(50412) idle')).toBe(50412);
    expect(backendClientPort('postgres: ratify_app bench_1 [local] idle')).toBeUndefined();
    expect(backendClientPort('postgres: walwriter')).toBeUndefined();
  });

  it('finds a socket this process holds in /proc/net/tcp by its local port and inode', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client: Socket = createConnection(port, '127.0.0.1');
    await new Promise<void>((r) => client.once('connect', r));
    try {
      const rows = tcpSockets(readFileSync(`/proc/${process.pid}/net/tcp`, 'utf8'));
      expect(rows.map(([p]) => p)).toEqual(expect.arrayContaining([port, client.localPort]));
      for (const [, inode] of rows) expect(inode).toMatch(/^\d+$/);
    } finally {
      client.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('counts what each backend spent between readings, a new one in full, an ended one not', () => {
    const before = new Map([
      ['10', 100],
      ['11', 50],
    ]);
    const after = new Map([
      ['10', 130],
      ['12', 20],
    ]);
    expect(backendsCpuSince(before, after)).toBe(50);
  });
});
