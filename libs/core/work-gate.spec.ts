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

describe('WorkGate with pieces of several turns', () => {
  it('starts a piece taking every turn once those running end, and holds back those after it', async () => {
    const gate = new WorkGate(2);
    const [check, whole, after] = [held(), held(), held()];
    const results = [gate.run(check.work, 60_000), gate.run(whole.work, 60_000, 2)];
    results.push(gate.run(after.work, 60_000));
    await settle();
    // One turn is free, but the piece waiting first needs both: nothing starts past it.
    expect([check.started(), whole.started(), after.started()]).toEqual([true, false, false]);
    check.finish();
    await settle();
    expect([whole.started(), after.started()]).toEqual([true, false]);
    whole.finish();
    await settle();
    expect(after.started()).toBe(true);
    after.finish();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done']);
  });

  it('lets those behind a piece that gave up waiting start in its place', async () => {
    const gate = new WorkGate(2);
    const [check, behind] = [held(), held()];
    const running = gate.run(check.work, 60_000);
    const gaveUp = gate.run(async () => 'never', 5, 2);
    const next = gate.run(behind.work, 60_000);
    await expect(gaveUp).resolves.toBe(NO_TURN);
    await settle();
    expect(behind.started()).toBe(true);
    check.finish();
    behind.finish();
    await expect(Promise.all([running, next])).resolves.toEqual(['done', 'done']);
  });

  it('moves a piece that goes first after its wait ahead of those queued, to start once those running end', async () => {
    const gate = new WorkGate(2);
    const [a, b, queued, whole] = [held(), held(), held(), held()];
    const results = [gate.run(a.work, 60_000), gate.run(b.work, 60_000)];
    results.push(gate.run(queued.work, 60_000));
    results.push(gate.run(whole.work, 1, 2, 'go first'));
    expect(gate.wentFirst()).toBe(0);
    // Until its 1 ms wait has fallen due (bounded: a piece that never goes first fails below).
    for (let i = 0; i < 5_000 && gate.wentFirst() === 0; i++) {
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(gate.wentFirst()).toBe(1);
    a.finish();
    await settle();
    // A turn is free, but the piece gone first needs both, and nothing starts past it.
    expect([queued.started(), whole.started()]).toEqual([false, false]);
    b.finish();
    await settle();
    expect([queued.started(), whole.started()]).toEqual([false, true]);
    whole.finish();
    await settle();
    expect(queued.started()).toBe(true);
    queued.finish();
    // Before: the piece gave up (NO_TURN) and its caller ran it beside the others.
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done', 'done']);
  });

  it('counts a piece asking for more turns than there are as taking them all', async () => {
    const gate = new WorkGate(2);
    const whole = held();
    const running = gate.run(whole.work, 60_000, 5);
    await expect(gate.run(async () => 'squeezed in', 5)).resolves.toBe(NO_TURN);
    whole.finish();
    await expect(running).resolves.toBe('done');
    await expect(gate.run(async () => 'after', 5)).resolves.toBe('after');
  });

  it('tells a watcher once when a piece comes to wait, at once if one waits already, never once forgotten', async () => {
    const gate = new WorkGate(1);
    const told: string[] = [];
    const whole = held();
    const running = gate.run(whole.work, 60_000);
    gate.onWaiting(() => told.push('watcher'));
    const forget = gate.onWaiting(() => told.push('forgotten'));
    forget();
    expect(told).toEqual([]);
    const waiting = gate.run(async () => 'waited', 60_000);
    expect(told).toEqual(['watcher']);
    gate.onWaiting(() => told.push('late watcher'));
    expect(told).toEqual(['watcher', 'late watcher']);
    whole.finish();
    await expect(Promise.all([running, waiting])).resolves.toEqual(['done', 'waited']);
  });
});
