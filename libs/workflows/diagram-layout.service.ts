import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { memoryTurns } from '../core/memory-turns';

/**
 * ELK layouts, off the API process's heap (ADR 0041). elkjs keeps about 12.8 MB live for good once
 * it has laid out one graph; here it runs in a worker thread (an isolate of its own) started at the
 * first layout and ended after IDLE_MS without one, so that memory goes when the worker does. Laid-
 * out graphs are kept, a few, by their input: a case's diagram seen again in the same state (and a
 * template's, always the same) is not laid out again. The worker (about 60 MB of RSS while it lives)
 * takes every turn of the password checks' gate (ADR 0046), so it ends after a short idle time.
 */
const IDLE_MS = 1_000;
const KEPT = 32;
/**
 * How long a worker waits in line for the memory turns before it goes to the head of the queue
 * (ADR 0047): then it waits only for the checks running, never for all those queued before it.
 */
let turnWaitMs = 10_000;

// Plain JavaScript evaluated in the worker: the same code runs under ts-jest and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = require(workerData.elk);
const elk = new (loaded.default || loaded)();
parentPort.on('message', ({ id, graph }) => {
  elk.layout(graph).then(
    (laid) => parentPort.postMessage({ id, laid }),
    (e) => parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) }),
  );
});`;

type Pending = { graph: ElkNode; resolve: (n: ElkNode) => void; reject: (e: Error) => void };

/**
 * One worker's life: it starts once it holds every turn of the process's memory-heavy work (the
 * password checks', ADR 0046), so that its memory and theirs never add up, and gives them back when
 * it ends. `worker` is unset while the turns are awaited. Once a check waits for the turns the life
 * retires: it takes no new graph and ends when those it has are laid out, so that a stream of new
 * diagrams cannot keep sign-ins waiting; later graphs start a life of their own behind the check.
 */
interface Life {
  worker?: Worker;
  ready: Promise<void>;
  release: () => void;
  ended: boolean;
  retiring: boolean;
  pending: Map<number, Pending>;
  idle?: NodeJS.Timeout;
}

/** The life new graphs are given to; retiring lives are only in `lives`. */
let life: Life | undefined;
const lives = new Set<Life>();
let nextId = 0;
const kept = new Map<string, Promise<ElkNode>>();

/** In this thread, as before the worker: the answer when a worker cannot be had. */
async function layOutHere(graph: ElkNode): Promise<ElkNode> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used (ADR 0042)
  const ELK = require('elkjs/lib/elk.bundled.js') as typeof import('elkjs/lib/elk.bundled.js');
  return new ELK.default().layout(graph);
}

/**
 * Resolves once every memory turn is held for `l` (at once in a process that checks no passwords).
 * A diagram is never refused for a turn: after `turnWaitMs` in line the worker goes first, and
 * starts once the checks running end (ADR 0047; it used to start without the turns, beside them).
 * While they are held, a check coming to wait for them retires `l`.
 */
function memoryTurnsFor(l: Life): Promise<void> {
  const gate = memoryTurns();
  if (!gate) return Promise.resolve();
  return new Promise<void>((held) => {
    const holding = () => {
      held();
      const given = new Promise<void>((r) => (l.release = r));
      const forget = gate.onWaiting(() => retire(l));
      return given.finally(forget);
    };
    void gate.run(holding, turnWaitMs, gate.atOnce, 'go first');
  });
}

/** No new graph for `l`; it ends once those it has are laid out. */
function retire(l: Life): void {
  if (l.retiring || l.ended) return;
  l.retiring = true;
  if (life === l) life = undefined;
  clearTimeout(l.idle);
  if (l.pending.size === 0) void end(l);
}

/** The worker's life ended (stopped, failed or never started): turns back, graphs laid out here. */
function gone(l: Life): void {
  if (l.ended) return;
  l.ended = true;
  l.release();
  lives.delete(l);
  if (life === l) life = undefined;
  clearTimeout(l.idle);
  const left = [...l.pending.values()];
  l.pending.clear();
  // A worker that fails (cannot start, runs out of memory) hands what it held back to this thread,
  // so a diagram is drawn as it was before, never an error where there was none.
  for (const p of left) layOutHere(p.graph).then(p.resolve, p.reject);
}

function spawned(l: Life): Worker {
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { elk: require.resolve('elkjs/lib/elk.bundled.js') },
  });
  // Never what keeps the process (or a jest run) alive.
  w.unref();
  w.on('message', (m: { id: number; laid?: ElkNode; error?: string }) => {
    const p = l.pending.get(m.id);
    if (!p) return;
    l.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.laid!);
    if (l.pending.size > 0) return;
    if (l.retiring) void end(l);
    else restartIdle(l);
  });
  w.on('error', () => gone(l));
  w.on('exit', () => gone(l));
  return w;
}

function started(): Life {
  if (life) return life;
  const l: Life = {
    ready: Promise.resolve(),
    release: () => undefined,
    ended: false,
    retiring: false,
    pending: new Map(),
  };
  life = l;
  lives.add(l);
  l.ready = memoryTurnsFor(l).then(() => {
    if (l.ended) l.release();
    else l.worker = spawned(l);
  });
  return l;
}

function restartIdle(l: Life): void {
  clearTimeout(l.idle);
  l.idle = setTimeout(() => void end(l), IDLE_MS);
  l.idle.unref();
}

/** Ends `l`'s worker; graphs it was laying out are laid out here instead. */
async function end(l: Life): Promise<void> {
  clearTimeout(l.idle);
  // terminate() resolves once the worker has gone; 'exit' hands back anything pending. A life
  // still awaiting its turns never starts.
  if (l.worker) await l.worker.terminate();
  else gone(l);
}

function layOutInWorker(graph: ElkNode): Promise<ElkNode> {
  return new Promise<ElkNode>((resolve, reject) => {
    const id = nextId++;
    const l = started();
    if (l.ended) {
      layOutHere(graph).then(resolve, reject);
      return;
    }
    l.pending.set(id, { graph, resolve, reject });
    clearTimeout(l.idle);
    // Unless the life ended meanwhile (its graphs were then handed back and laid out here).
    void l.ready.then(() => l.worker?.postMessage({ id, graph }));
  });
}

/** `graph` laid out by ELK, as `new ELK().layout(graph)` gives it. */
export function layOutDiagram(graph: ElkNode): Promise<ElkNode> {
  const key = createHash('sha256').update(JSON.stringify(graph)).digest('base64');
  const known = kept.get(key);
  if (known) {
    // Most recently used last: the first is the one to forget.
    kept.delete(key);
    kept.set(key, known);
    return known;
  }
  const laid = layOutInWorker(graph);
  kept.set(key, laid);
  // A failed layout is not kept: the next view tries again.
  laid.catch(() => kept.delete(key));
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return laid;
}

/** Whether a layout worker is running or starting now (for specs and the soak's reading of memory). */
export function diagramLayoutRunning(): boolean {
  return lives.size > 0;
}

/** Whether a layout worker thread exists now, not only awaited (specs). */
export function diagramLayoutWorkerAlive(): boolean {
  return [...lives].some((l) => l.worker !== undefined);
}

/** Ends the layout workers, if any; graphs they were laying out are laid out here instead. */
export async function stopDiagramLayouts(): Promise<void> {
  await Promise.all([...lives].map(end));
}

/** Ends the layout worker when the application shuts down (Nest's onApplicationShutdown hook). */
export class DiagramLayoutShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopDiagramLayouts();
  }
}

/** Sets how long a worker waits in line before it goes first; gives back the old value (specs). */
export function setDiagramTurnWait(ms: number): number {
  const was = turnWaitMs;
  turnWaitMs = ms;
  return was;
}

/** Forgets the laid-out graphs kept (specs). */
export function forgetDiagramLayouts(): void {
  kept.clear();
}
