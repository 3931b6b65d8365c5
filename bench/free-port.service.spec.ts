import { createServer } from 'node:net';
import { freePort, freePorts } from './free-port.service';

/** Listens on `port` and closes again; rejects if the port is taken. */
const listenOn = (port: number) =>
  new Promise<void>((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(port, '127.0.0.1', () => s.close(() => done()));
  });

describe('free ports for a benchmark’s servers', () => {
  it('gives as many different ports as asked, each one a server can then listen on', async () => {
    const ports = await freePorts(4);
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) await expect(listenOn(port)).resolves.toBeUndefined();
  });

  it('gives one free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    await expect(listenOn(port)).resolves.toBeUndefined();
  });
});
