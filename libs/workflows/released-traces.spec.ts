import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTemplates } from './template.registry';
import { machineTransitions, Walker } from './trace-recorder.service';
import { replayTrace, type TraceFile } from './trace-replay.service';
import type { WorkflowTemplate } from './workflow.template';

/**
 * A released version is frozen by what it does, not by its source: every recorded trace of every
 * registered version (`<template>/traces/v<N>.traces.json`, recorded by `npm run traces:record`
 * when the version was released) is replayed through the whole template, and any difference in
 * what an event is refused with, whether the machine takes it, where the case lands, what it says,
 * whom it awaits, what it emails or arms, or what it keeps fails here.
 */

const traceFile = (t: WorkflowTemplate) =>
  join(__dirname, t.id, 'traces', `v${t.version}.traces.json`);
const released = listTemplates().map((t) => [`${t.id}@${t.version}`, t] as const);
const recorded = released.flatMap(([key, t]) =>
  existsSync(traceFile(t))
    ? [[key, t, JSON.parse(readFileSync(traceFile(t), 'utf8')) as TraceFile] as const]
    : [],
);
const sends = (trace: TraceFile['traces'][number]) => trace.steps.map((s) => s.send);

describe('released template versions, replayed from their recorded traces', () => {
  it.each(released)('%s has recorded traces', (_, t) => {
    expect(existsSync(traceFile(t))).toBe(true);
  });

  describe.each(recorded)('%s', (_, template, file) => {
    it('is the version its traces were recorded from', () => {
      expect([file.template, file.version]).toEqual([template.id, template.version]);
    });

    it.each(file.traces.map((trace) => [trace.name, trace] as const))(
      'replays "%s" as recorded',
      (_, trace) => {
        expect(replayTrace(template, file, sends(trace))).toEqual({
          opened: trace.opened,
          steps: trace.steps,
        });
      },
    );

    it('takes every transition of its machine somewhere in its traces', () => {
      const walker = new Walker(template, file);
      const taken = new Set(
        file.traces.flatMap((trace) =>
          walker.walk(sends(trace)).steps.flatMap((s) => s.transitions),
        ),
      );
      expect(machineTransitions(template.machine).filter((t) => !taken.has(t))).toEqual([]);
    });
  });
});
