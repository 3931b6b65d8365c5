import { AddressInfo, createServer, type Server } from 'node:net';

/**
 * `count` ports the OS says are free now, all different: each asked of the OS (listen on port 0)
 * while the others are still held, then all released for the bench's servers to take.
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const s = createServer();
      held.push(s);
      ports.push(
        await new Promise<number>((done, fail) => {
          s.once('error', fail);
          s.listen(0, '127.0.0.1', () => done((s.address() as AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(
      held.map((s) => new Promise<void>((done) => (s.listening ? s.close(() => done()) : done()))),
    );
  }
}

/** A port the OS says is free now. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
