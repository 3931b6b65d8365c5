import { memoryTurns, shareMemoryTurns } from '../core/memory-turns';
import { NO_TURN, WorkGate } from '../core/work-gate';
import {
  diagramLayoutRunning,
  diagramLayoutWorkerAlive,
  forgetDiagramLayouts,
  layOutDiagram,
  setDiagramTurnWait,
  stopDiagramLayouts,
} from './diagram-layout.service';

/*
 * The layout worker (about 60 MB while it lives) and the password checks (19 MiB each) share one
 * gate (ADR 0046): the worker starts once it holds every turn, and holds them until it ends, so
 * the process's memory never has both at once.
 */
const graph = (id: string) => ({
  id,
  layoutOptions: { 'elk.algorithm': 'layered' },
  children: [
    { id: `${id}-a`, width: 40, height: 20 },
    { id: `${id}-b`, width: 40, height: 20 },
  ],
  edges: [{ id: `${id}-e`, sources: [`${id}-a`], targets: [`${id}-b`] }],
});

/** A password check that runs until its test lets it end. */
function check(gate: WorkGate) {
  let end!: () => void;
  const done = gate.run(() => new Promise<string>((r) => (end = () => r('checked'))), 60_000);
  return { done, end: () => end() };
}

/** Resolves once `condition` holds, checked after each of the timers due meanwhile. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5_000; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`still waiting for ${what}`);
}

/**
 * Runs `test` with the worker's wait in line at 1 ms (put back after), two checks running and one
 * queued that records whether a worker thread was alive when it ran. `layOut` asks for the diagrams;
 * `test` is given what it returns once the worker's wait has fallen due.
 */
async function behindTwoChecks<T>(
  gate: WorkGate,
  layOut: (ended: string[]) => T,
  test: (t: {
    ended: string[];
    laid: T;
    endRunning: () => void;
    queued: Promise<unknown>;
  }) => Promise<void>,
): Promise<void> {
  const was = setDiagramTurnWait(1);
  try {
    const ended: string[] = [];
    const running = [check(gate), check(gate)];
    const queued = gate.run(async () => {
      ended.push(diagramLayoutWorkerAlive() ? 'check beside a worker' : 'check');
    }, 60_000);
    const laid = layOut(ended);
    // Its wait is over once it has gone to the head of the line, or (the fault) started anyway.
    await until(
      () => gate.wentFirst() === 1 || diagramLayoutWorkerAlive(),
      'the worker to go to the head of the line',
    );
    // Before: after its wait the worker started without the turns, beside the checks running.
    expect(diagramLayoutWorkerAlive()).toBe(false);
    await test({ ended, laid, endRunning: () => running.forEach((c) => c.end()), queued });
  } finally {
    setDiagramTurnWait(was);
  }
}

describe('the diagram layout worker and the password checks’ turns', () => {
  let gate: WorkGate;
  beforeEach(async () => {
    forgetDiagramLayouts();
    await stopDiagramLayouts();
    gate = new WorkGate(2);
    shareMemoryTurns(gate);
  });
  afterEach(() => stopDiagramLayouts());
  afterAll(() => shareMemoryTurns(undefined));

  it('starts the worker only after the checks running end, and checks after it wait for its end', async () => {
    const ended: string[] = [];
    const first = check(gate);
    const drawn = layOutDiagram(graph('waits')).then((laid) => {
      ended.push('layout');
      return laid;
    });
    const later = gate.run(async () => ended.push('later check'), 60_000);
    first.end();
    await first.done;
    expect((await drawn).children).toHaveLength(2);
    // The worker is alive until its idle time ends; the check queued behind it runs only then.
    expect(ended).toEqual(['layout']);
    await later;
    expect(diagramLayoutRunning()).toBe(false);
    expect(ended).toEqual(['layout', 'later check']);
  });

  it('draws a diagram here when its worker is stopped while it waits for its turns, and frees them', async () => {
    const first = check(gate);
    const drawn = layOutDiagram(graph('stopped'));
    expect(diagramLayoutRunning()).toBe(true);
    await stopDiagramLayouts();
    expect((await drawn).children).toHaveLength(2);
    expect(diagramLayoutRunning()).toBe(false);
    first.end();
    await expect(first.done).resolves.toBe('checked');
    // The turns the stopped worker would have been given are not kept by it.
    await expect(gate.run(async () => 'both free', 5, 2)).resolves.toBe('both free');
  });

  it('starts a worker that waited its time behind queued checks once the running ones end, never beside one', async () => {
    await behindTwoChecks(
      gate,
      (ended) => layOutDiagram(graph('went-first')).then(() => ended.push('layout')),
      async ({ ended, laid, endRunning, queued }) => {
        endRunning();
        await Promise.all([laid, queued]);
        expect(ended).toEqual(['layout', 'check']);
      },
    );
  });

  it('lets the checks queued behind a worker gone first run after one of the graphs it gathered in line, never beside it, the others after them', async () => {
    await behindTwoChecks(
      gate,
      // Distinct graphs asked for while the worker waits in line all join its one life.
      (ended) =>
        [1, 2, 3, 4].map((i) =>
          layOutDiagram(graph(`gathered-${i}`)).then(() => ended.push('layout')),
        ),
      async ({ ended, laid: gathered, endRunning, queued }) => {
        // A life that waited in line goes first once: the next one waits its own time.
        setDiagramTurnWait(60_000);
        endRunning();
        await gathered[0];
        const later = layOutDiagram(graph('after-gone-first')).then(() => ended.push('later'));
        await Promise.all([...gathered, queued, later]);
        // Before: the check waited for all four layouts, however many the worker had gathered.
        expect(ended).toEqual(['layout', 'check', 'layout', 'layout', 'layout', 'later']);
      },
    );
  });

  it('holds every turn while the worker lives and gives them back when it ends', async () => {
    await layOutDiagram(graph('holds'));
    expect(diagramLayoutRunning()).toBe(true);
    await expect(gate.run(async () => 'a check', 5)).resolves.toBe(NO_TURN);
    await stopDiagramLayouts();
    await expect(gate.run(async () => 'a check', 5)).resolves.toBe('a check');
    expect(memoryTurns()).toBe(gate);
  });

  it('lets a waiting check run after the layout under way, however many new diagrams follow back to back', async () => {
    const ended: string[] = [];
    await layOutDiagram(graph('stream-0'));
    // The check never runs beside a worker thread: their memory must not add up.
    const checked = gate.run(async () => {
      ended.push(diagramLayoutWorkerAlive() ? 'check beside a worker' : 'check');
    }, 60_000);
    for (let i = 1; i <= 3; i++) {
      await layOutDiagram(graph(`stream-${i}`));
      ended.push(`layout ${i}`);
    }
    await checked;
    // Before: the worker, never idle for 1 s, kept every turn until the stream ended.
    expect(ended).toEqual(['check', 'layout 1', 'layout 2', 'layout 3']);
  });

  it('lets a check waiting beside a worker with many graphs given run after at most one of them', async () => {
    const ended: string[] = [];
    await layOutDiagram(graph('busy-0'));
    // Many distinct diagrams asked for at once (an API client's sweep of its cases' diagrams).
    const given = [1, 2, 3, 4].map((i) =>
      layOutDiagram(graph(`busy-${i}`)).then(() => ended.push('layout')),
    );
    const checked = gate.run(async () => {
      ended.push(diagramLayoutWorkerAlive() ? 'check beside a worker' : 'check');
    }, 60_000);
    await Promise.all([...given, checked]);
    // Before: the retiring worker laid out all it had been given first, however many.
    expect(ended.indexOf('check')).toBeLessThanOrEqual(1);
    expect(ended.filter((e) => e === 'layout')).toHaveLength(4);
    expect(ended).not.toContain('check beside a worker');
  });

  it('retires a worker whose layout is under way when a check comes, and starts another for later graphs', async () => {
    const ended: string[] = [];
    const first = layOutDiagram(graph('retiring')).then(() => ended.push('first layout'));
    const checked = gate.run(async () => ended.push('check'), 60_000);
    const later = layOutDiagram(graph('after-check')).then(() => ended.push('later layout'));
    await Promise.all([first, checked, later]);
    expect(ended).toEqual(['first layout', 'check', 'later layout']);
    expect(diagramLayoutRunning()).toBe(true);
    await stopDiagramLayouts();
    expect(diagramLayoutRunning()).toBe(false);
    await expect(gate.run(async () => 'both free', 5, 2)).resolves.toBe('both free');
  });
});
