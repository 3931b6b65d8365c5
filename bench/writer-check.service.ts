import type { DataSource } from 'typeorm';
import { StepRows, countsWritten, rowCounts } from './bench-steps.service';
import { BenchCase, CYCLE } from './engine-bench.settings';

/**
 * Before anything is measured: each baseline writer, run on a case the engine has taken round the
 * cycle once, writes per step the same number of rows of each kind (case_events, audit_records,
 * effects, action_links inserted and voided, deadlines armed and cancelled) as the engine wrote
 * for that step. A writer that wrote fewer would be measured doing less than the engine; the run
 * stops instead of reporting it.
 */
export async function checkSameRows(
  ds: DataSource,
  steps: StepRows[],
  writers: { name: string; op: (c: BenchCase) => Promise<void> }[],
  openOne: () => Promise<BenchCase>,
  engineOp: (c: BenchCase) => Promise<void>,
): Promise<BenchCase[]> {
  const checked: BenchCase[] = [];
  const wrong: string[] = [];
  for (const w of writers) {
    const c = await openOne();
    // The engine's first cycle, so that the writer's is the steady state steps were read from.
    for (let i = 0; i < CYCLE.length; i++) await engineOp(c);
    for (let i = 0; i < CYCLE.length; i++) {
      const before = await rowCounts(ds, c.id);
      await w.op(c);
      const wrote = countsWritten(before, await rowCounts(ds, c.id));
      const engine = steps[i].counts;
      for (const k of Object.keys(engine) as (keyof StepRows['counts'])[])
        if (wrote[k] !== engine[k])
          wrong.push(`${w.name}, ${steps[i].type}: ${k} ${wrote[k]}, the engine ${engine[k]}`);
    }
    checked.push(c);
  }
  if (wrong.length > 0)
    throw new Error(`the baselines do not write the engine's rows:\n${wrong.join('\n')}`);
  return checked;
}
