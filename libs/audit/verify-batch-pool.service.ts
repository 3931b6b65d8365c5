import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChainFinding } from './audit-chain.service';
import { giveBack } from './copy-out.service';
import { type RawBatch, verifyBatch } from './verify-batch.service';

/** A thread's answer to batch `n`, with the batch's bytes handed back once read (if bytes). */
interface Answer {
  n: number;
  findings?: ChainFinding[];
  error?: string;
  buffer?: ArrayBuffer;
}

interface Waiting {
  resolve: (findings: ChainFinding[]) => void;
  reject: (e: Error) => void;
}

/**
 * Verifies audit:verify's batches on worker threads, one a core, so parsing and hashing a million
 * records is spread over the machine while the main thread reads the next batches (issue #21).
 * Where the compiled worker is not beside this file (code run from TypeScript, as jest does) or
 * there is one core, batches are verified on the calling thread: the same verifyBatch either way.
 */
export class VerifyBatchPool {
  private readonly waiting = new Map<number, Waiting>();
  private next = 0;
  private closed?: Promise<void>;
  /** Why the pool can verify no more: a thread failed or stopped. */
  private broken?: Error;

  /** `workers`: threads running verify-batch.worker's protocol (open() starts them). */
  constructor(
    private readonly workers: Worker[],
    private readonly trusted?: KeyObject,
  ) {
    for (const w of workers) {
      w.on('message', (m: Answer) => {
        if (m.buffer) giveBack(m.buffer);
        const waiting = this.waiting.get(m.n);
        this.waiting.delete(m.n);
        if (m.findings) waiting?.resolve(m.findings);
        else waiting?.reject(new Error(m.error));
      });
      w.on('error', (e) => this.fail(e));
      // A thread that ends unasked answers nothing more: what waits on it would wait for ever.
      w.on('exit', (code) => {
        if (!this.closed)
          this.fail(new Error(`a thread verifying audit records stopped (exit code ${code})`));
      });
    }
  }

  static open(trusted?: KeyObject, threads = availableParallelism()): VerifyBatchPool {
    const script = join(__dirname, 'verify-batch.worker.js');
    if (threads < 2 || !existsSync(script)) return new VerifyBatchPool([], trusted);
    const pem = trusted ? (trusted.export({ type: 'spki', format: 'pem' }) as string) : null;
    const workers = Array.from(
      { length: threads },
      () => new Worker(script, { workerData: { trusted: pem } }),
    );
    return new VerifyBatchPool(workers, trusted);
  }

  /** Worker threads verifying (0: the calling thread does). */
  get threads(): number {
    return this.workers.length;
  }

  /**
   * Each case's finding, in the batch's order. Links given as bytes are handed to a thread
   * (transferred): their ArrayBuffer is empty here afterwards.
   */
  verify(batch: RawBatch): Promise<ChainFinding[]> {
    if (this.workers.length === 0) {
      try {
        const findings = verifyBatch(batch, this.trusted);
        if (typeof batch.links !== 'string') giveBack(batch.links.buffer);
        return Promise.resolve(findings);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    if (this.broken) return Promise.reject(this.broken);
    const n = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(n, { resolve, reject });
      // The batch's bytes are handed over, not copied (the caller keeps no use for them).
      const bytes = typeof batch.links === 'string' ? [] : [batch.links.buffer];
      this.workers[n % this.workers.length].postMessage({ n, batch }, bytes);
    });
  }

  /** Ends the threads; once, however often it is called. */
  close(): Promise<void> {
    this.closed ??= Promise.all(this.workers.map((w) => w.terminate())).then(() => undefined);
    return this.closed;
  }

  private fail(e: Error): void {
    this.broken ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
