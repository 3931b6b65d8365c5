import { NO_TURN, WorkGate } from './work-gate';

/** A piece of work that runs until its test lets it finish. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  let started = false;
  return {
    work: async () => {
      started = true;
      await done;
      return 'done';
    },
    finish,
    started: () => started,
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('WorkGate', () => {
  it('runs at most atOnce pieces at the same time and starts the next in order as one ends', async () => {
    const gate = new WorkGate(2);
    const [a, b, c, d] = [held(), held(), held(), held()];
    const results = [a, b, c, d].map((p) => gate.run(p.work, 60_000));
    await settle();
    expect([a, b, c, d].map((p) => p.started())).toEqual([true, true, false, false]);
    a.finish();
    await settle();
    expect([c.started(), d.started()]).toEqual([true, false]);
    b.finish();
    await settle();
    expect(d.started()).toBe(true);
    c.finish();
    d.finish();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done', 'done']);
  });

  it('gives NO_TURN, without starting it, to a piece that waited longer than its bound', async () => {
    const gate = new WorkGate(1);
    const first = held();
    const late = held();
    const running = gate.run(first.work, 60_000);
    await expect(gate.run(late.work, 5)).resolves.toBe(NO_TURN);
    expect(late.started()).toBe(false);
    first.finish();
    await expect(running).resolves.toBe('done');
    // The turn it gave up is not lost: the next piece runs at once.
    await expect(gate.run(async () => 'next', 5)).resolves.toBe('next');
  });

  it('frees the turn of a piece that fails', async () => {
    const gate = new WorkGate(1);
    await expect(gate.run(() => Promise.reject(new Error('argon2 failed')), 5)).rejects.toThrow(
      'argon2 failed',
    );
    await expect(gate.run(async () => 'after', 5)).resolves.toBe('after');
  });
});
