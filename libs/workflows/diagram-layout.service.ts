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
 * it ends. `worker` is unset while the turns are awaited. The worker is given one graph at a time
 * (`queued` waits, `sent` is being laid out). Once a check waits for the turns the life retires: it
 * ends after the graph being laid out (or, if none was sent yet, after its first: a life that waited
 * for its turns lays out one), and hands the graphs still queued to a life of its own behind the
 * check, so that neither a stream of new diagrams nor many given at once keep sign-ins waiting.
 */
interface Life {
  worker?: Worker;
  ready: Promise<void>;
  release: () => void;
  ended: boolean;
  retiring: boolean;
  pending: Map<number, Pending>;
  queued: number[];
  sent?: number;
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

/** No new graph for `l`; it ends after one more layout at most, its queued graphs handed on. */
function retire(l: Life): void {
  if (l.retiring || l.ended) return;
  l.retiring = true;
  if (life === l) life = undefined;
  clearTimeout(l.idle);
  for (const id of l.queued.splice(l.sent === undefined ? 1 : 0)) {
    const p = l.pending.get(id)!;
    l.pending.delete(id);
    give(p);
  }
  if (l.pending.size === 0) void end(l);
}

/** Sends `l`'s worker its next queued graph, unless it is laying one out. */
function send(l: Life): void {
  if (l.ended || !l.worker || l.sent !== undefined) return;
  const id = l.queued.shift();
  if (id === undefined) return;
  l.sent = id;
  l.worker.postMessage({ id, graph: l.pending.get(id)!.graph });
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
  l.queued = [];
  l.sent = undefined;
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
    l.sent = undefined;
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.laid!);
    if (l.retiring) {
      if (l.pending.size === 0) void end(l);
    } else if (l.queued.length > 0) send(l);
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
    queued: [],
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

/** Queues `p` in the life new graphs are given to (started if none). */
function give(p: Pending): void {
  const l = started();
  if (l.ended) {
    layOutHere(p.graph).then(p.resolve, p.reject);
    return;
  }
  const id = nextId++;
  l.pending.set(id, p);
  l.queued.push(id);
  clearTimeout(l.idle);
  // Unless the life ended meanwhile (its graphs were then handed back and laid out here).
  void l.ready.then(() => send(l));
}

function layOutInWorker(graph: ElkNode): Promise<ElkNode> {
  return new Promise<ElkNode>((resolve, reject) => give({ graph, resolve, reject }));
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
