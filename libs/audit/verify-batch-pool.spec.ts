import { Worker } from 'node:worker_threads';
import { VerifyBatchPool } from './verify-batch-pool.service';

/** A thread that takes a batch and ends without answering, as one whose code called exit. */
const exitingThread = () =>
  new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(3));`, {
    eval: true,
  });

const batch = { tenantId: 'council-1', cases: [], links: '' };

describe('audit:verify threads', () => {
  it('fails what waits on a thread that stops without answering, and every batch after it', async () => {
    const pool = new VerifyBatchPool([exitingThread()]);
    try {
      await expect(pool.verify(batch)).rejects.toThrow(
        'a thread verifying audit records stopped (exit code 3)',
      );
      await expect(pool.verify(batch)).rejects.toThrow('exit code 3');
    } finally {
      await pool.close();
    }
  });
});
