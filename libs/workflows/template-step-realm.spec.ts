import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTemplate } from './template.registry';
import { replayTrace, type TraceFile } from './trace-replay.service';

/*
 * Under jest, structuredClone makes its objects in another realm than the test's, which zod once
 * named "Object" where the recorded refusal says "object": a released version's replay then
 * depended on how its payloads were built.
 */
describe('a recorded refusal replayed from payloads made in another realm', () => {
  const template = findTemplate('bcf-delegated-sign-off', 2)!;
  const file = JSON.parse(
    readFileSync(join(__dirname, template.id, 'traces', 'v2.traces.json'), 'utf8'),
  ) as TraceFile;
  const refusingObjects = file.traces.filter((t) =>
    JSON.stringify(t.steps).includes('received object'),
  );

  it('has a recorded refusal of an object where text was expected', () => {
    expect(refusingObjects.length).toBeGreaterThan(0);
  });

  it.each(refusingObjects.map((t) => [t.name, t] as const))('replays "%s" as recorded', (_, t) => {
    const foreign = { ...file, events: structuredClone(file.events) };
    expect(Object.getPrototypeOf(Object.values(foreign.events)[0])).not.toBe(Object.prototype);
    const sends = t.steps.map((s) => s.send);
    expect(replayTrace(template, foreign, sends)).toEqual({ opened: t.opened, steps: t.steps });
  });
});
