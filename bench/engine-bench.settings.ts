import { resolve } from 'node:path';

/**
 * The engine benchmark's settings (environment, documented in engine.bench.ts) and what it drives:
 * the never-ending BCF cycle each case goes round, and the shapes of a case and a phase's result.
 */

export const setting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};
export const SECONDS = setting('BENCH_SECONDS', 10);
export const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 3);
export const CLIENTS = Math.max(1, Math.floor(setting('BENCH_CLIENTS', 32)));
export const CASES_PER_CLIENT = Math.max(1, Math.floor(setting('BENCH_CASES_PER_CLIENT', 2)));
export const PROFILE_SECONDS = setting('BENCH_PROFILE_SECONDS', 4);
export const APPEND = !['false', '0', 'no'].includes(
  (process.env.BENCH_APPEND ?? '').toLowerCase(),
);
export const REPORT = resolve(__dirname, '../../docs/benchmarks.md');

/** The never-ending cycle: REJECT during agreement returns the case to drafting. */
export const CYCLE = [
  { type: 'SEEK_AGREEMENT', who: 'officer', payload: {} },
  { type: 'AGREE', who: 'ceo', payload: {} },
  {
    type: 'REJECT',
    who: 'ao',
    payload: { reasons: 'The discharge fund split needs another look.' },
  },
] as const;
export type Who = (typeof CYCLE)[number]['who'];

/** A case opens at version 1 in drafting; version v takes step (v - 1) mod 3 next. */
export const stepOf = (version: number) => (version - 1) % CYCLE.length;

export interface BenchCase {
  id: string;
  version: number;
  /** The raw writer's copy of the case's audit head, as the engine keeps it on the case row. */
  head?: string;
}

export interface PhaseResult {
  name: string;
  events: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  nodeCpuMsPerEvent: number;
  postgresCpuMsPerEvent: number;
  machineBusyPercent: number;
  errors: number;
}
