import { canonicalize } from 'json-canonicalize';
import type { CaseDirectory } from '../directory/directory.repository';
import {
  openCase,
  stepOf,
  throughTheDatabase,
  type CaseSurroundings,
  type Landed,
  type SentEvent,
  type StepOutcome,
} from './template-step.service';
import type { WorkflowTemplate } from './workflow.template';

/**
 * Recorded traces of a released template version (`<template>/traces/v<N>.traces.json`, written
 * by `npm run traces:record`, never by hand): cases opened and driven event by event through the
 * whole template, with what each event did. Replaying them (released-traces.spec.ts) is how a
 * released version is held to its behaviour: any change to what it accepts, refuses, where it
 * goes, what it says, whom it awaits, what it emails and arms, or what it keeps, fails.
 */
export interface TraceFile {
  template: string;
  version: number;
  about: string;
  settings: unknown;
  /** The case's directory as JSON (dates as ISO strings); null where the template reads none. */
  directory: unknown;
  opening: { on: string; dates: Record<string, string> };
  /** The events the traces send, by name. */
  events: Record<string, SentEvent>;
  traces: RecordedTrace[];
}

export interface RecordedTrace {
  name: string;
  opened: RecordedOutcome;
  steps: { send: string; expect: RecordedOutcome }[];
}

/**
 * An outcome as recorded: where an event landed, the context shows only the top-level entries
 * that changed (the opening shows it whole); an entry that disappeared is `{ "$removed": true }`.
 */
export type RecordedOutcome = Exclude<StepOutcome, { landed: Landed }> | { landed: Landed };

/** The trace's events replayed through the template: what it does now, in the recorded form. */
export function replayTrace(
  template: WorkflowTemplate,
  file: Pick<TraceFile, 'settings' | 'directory' | 'opening' | 'events'>,
  sends: string[],
): Omit<RecordedTrace, 'name'> {
  const around: CaseSurroundings = {
    settings: file.settings,
    directory: file.directory ? directoryFromJson(file.directory) : undefined,
  };
  const opened = openCase(template, file.opening.on, file.opening.dates);
  if (!opened.snapshot) return { opened: opened.outcome, steps: [] };
  let snapshot = opened.snapshot;
  let context = 'landed' in opened.outcome ? opened.outcome.landed.context : {};
  const steps = sends.map((send) => {
    const sent = file.events[send];
    if (!sent) throw new Error(`the trace sends "${send}", which the file's events do not name`);
    const step = stepOf(template, throughTheDatabase(template, snapshot), sent, around);
    snapshot = step.next;
    if (!('landed' in step.outcome)) return { send, expect: step.outcome };
    const before = context;
    context = step.outcome.landed.context;
    return {
      send,
      expect: { landed: { ...step.outcome.landed, context: changes(before, context) } },
    };
  });
  return { opened: opened.outcome, steps };
}

function changes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(key in after)) out[key] = { $removed: true };
    else if (!(key in before) || canonicalize(before[key]) !== canonicalize(after[key]))
      out[key] = after[key];
  }
  return out;
}

/** The directory as stored in a trace file: its delegations' dates come back as dates. */
export function directoryFromJson(json: unknown): CaseDirectory {
  const dir = json as CaseDirectory;
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : (v as Date | null));
  return {
    ...dir,
    delegations: dir.delegations.map((d) => ({
      ...d,
      validFrom: date(d.validFrom) as Date,
      validUntil: date(d.validUntil),
      revokedAt: date(d.revokedAt),
    })),
  };
}
