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
    const findings = verifyBatch(batch, key);
    // The batch's bytes were read (verifyBatch decoded them first): handed back to be written again.
    if (typeof batch.links === 'string') parentPort?.postMessage({ n, findings });
    else {
      const { buffer } = batch.links;
      parentPort?.postMessage({ n, findings, buffer }, [buffer]);
    }
  } catch (e) {
    parentPort?.postMessage({ n, error: e instanceof Error ? e.message : String(e) });
  }
});
