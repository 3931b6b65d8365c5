/**
 * `npm run traces:record`: records the traces of every registered template version that has none
 * yet (libs/workflows/<template>/traces/v<N>.traces.json) from its plan in trace-plan.registry.ts.
 * A released version's traces are its frozen behaviour: they are recorded once, when the version
 * is released, and never again. `--again <template>@<version>` records one afresh, for a version
 * not yet released only (the replay spec then shows what changed, in review).
 */
import { existsSync } from 'node:fs';
import { findTemplate } from '../libs/workflows/template.registry';
import { TRACE_PLANS } from '../libs/workflows/trace-plan.registry';
import { recordTraces } from '../libs/workflows/trace-recorder.service';
import { sourcePath, writeJson } from './write-json';

async function main(args: string[]): Promise<number> {
  const again = new Set(args.flatMap((a, i) => (args[i - 1] === '--again' ? [a] : [])));
  for (const plan of TRACE_PLANS) {
    const key = `${plan.template}@${plan.version}`;
    const template = findTemplate(plan.template, plan.version);
    if (!template) throw new Error(`${key} has a trace plan but is not registered`);
    const path = sourcePath(
      'libs',
      'workflows',
      plan.template,
      'traces',
      `v${plan.version}.traces.json`,
    );
    if (existsSync(path) && !again.has(key)) continue;
    const file = recordTraces(template, plan);
    await writeJson(path, file);
    const steps = file.traces.reduce((n, t) => n + t.steps.length, 0);
    console.log(`${key}: ${file.traces.length} traces, ${steps} steps → ${path}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
