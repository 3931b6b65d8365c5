import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';

/**
 * ELK layouts, off the API process's heap (ADR 0041). elkjs keeps about 12.8 MB live for good once
 * it has laid out one graph; here it runs in a worker thread (an isolate of its own) started at the
 * first layout and ended after IDLE_MS without one, so that memory goes when the worker does. Laid-
 * out graphs are kept, a few, by their input: a case's diagram seen again in the same state (and a
 * template's, always the same) is not laid out again.
 */
const IDLE_MS = 5_000;
const KEPT = 32;

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

let worker: Worker | undefined;
let idle: NodeJS.Timeout | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();
const kept = new Map<string, Promise<ElkNode>>();

/** In this thread, as before the worker: the answer when a worker cannot be had. */
async function layOutHere(graph: ElkNode): Promise<ElkNode> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used (ADR 0042)
  const ELK = require('elkjs/lib/elk.bundled.js') as typeof import('elkjs/lib/elk.bundled.js');
  return new ELK.default().layout(graph);
}

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { elk: require.resolve('elkjs/lib/elk.bundled.js') },
  });
  // Never what keeps the process (or a jest run) alive.
  w.unref();
  w.on('message', (m: { id: number; laid?: ElkNode; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.laid!);
    if (pending.size === 0) restartIdle();
  });
  // A worker that fails (cannot start, runs out of memory) hands what it held back to this thread,
  // so a diagram is drawn as it was before, never an error where there was none.
  const gone = () => {
    if (worker !== w) return;
    worker = undefined;
    clearTimeout(idle);
    const left = [...pending.values()];
    pending.clear();
    for (const p of left) layOutHere(p.graph).then(p.resolve, p.reject);
  };
  w.on('error', gone);
  w.on('exit', gone);
  worker = w;
  return w;
}

function restartIdle(): void {
  clearTimeout(idle);
  idle = setTimeout(() => void stopDiagramLayouts(), IDLE_MS);
  idle.unref();
}

function layOutInWorker(graph: ElkNode): Promise<ElkNode> {
  return new Promise<ElkNode>((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { graph, resolve, reject });
    clearTimeout(idle);
    started().postMessage({ id, graph });
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

/** Whether a layout worker is running now (for specs and the soak's reading of memory). */
export function diagramLayoutRunning(): boolean {
  return worker !== undefined;
}

/** Ends the layout worker, if there is one; graphs it was laying out are laid out here instead. */
export async function stopDiagramLayouts(): Promise<void> {
  clearTimeout(idle);
  const w = worker;
  if (!w) return;
  // terminate() resolves once the worker has gone; 'exit' hands back anything pending.
  await w.terminate();
}

/** Ends the layout worker when the application shuts down (Nest's onApplicationShutdown hook). */
export class DiagramLayoutShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopDiagramLayouts();
  }
}

/** Forgets the laid-out graphs kept (specs). */
export function forgetDiagramLayouts(): void {
  kept.clear();
}
