/**
 * A worker thread of VerifyBatchPool (verify-batch-pool.service.ts): verifies the batches it is
 * handed with verifyBatch, exactly as the main thread would, and answers each with its findings.
 */
import { createPublicKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { type RawBatch, verifyBatch } from './verify-batch.service';

const { trusted } = workerData as { trusted: string | null };
const key = trusted === null ? undefined : createPublicKey(trusted);

parentPort?.on('message', ({ n, batch }: { n: number; batch: RawBatch }) => {
  try {
    parentPort?.postMessage({ n, findings: verifyBatch(batch, key) });
  } catch (e) {
    parentPort?.postMessage({ n, error: e instanceof Error ? e.message : String(e) });
  }
});
