import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * What the soak bench reads of the server's memory (issue #21): the resident set from /proc split
 * into anonymous memory (V8's heap, malloc, thread stacks) and file-backed pages (the node binary
 * and native modules), its high-water mark, and V8's own figures from the server's /metrics.
 */

const MB = 2 ** 20;

export interface MemorySample {
  rssMb: number;
  anonMb: number;
  fileMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

function statusKb(pid: number, field: string): number {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1];
    return kb ? (Number(kb) * 1024) / MB : NaN;
  } catch {
    return NaN;
  }
}

/** The highest RSS since the process started or since resetHighWaterMark (Linux); NaN elsewhere. */
export const highWaterMarkMb = (pid: number) => statusKb(pid, 'VmHWM');

/**
 * Starts the high-water mark again from the current RSS (Linux, the process's owner), so that it
 * holds the peak under load, between samples too, and not the start-up's. False if refused.
 */
export function resetHighWaterMark(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function metric(text: string, name: string): number {
  const value = new RegExp(`^ratify_nodejs_${name} (\\S+)$`, 'm').exec(text)?.[1];
  return value ? Number(value) / MB : NaN;
}

export async function memoryOf(pid: number, metricsUrl: string): Promise<MemorySample> {
  let text = '';
  try {
    text = await (await fetch(metricsUrl)).text();
  } catch {
    // the figures below are NaN
  }
  return {
    rssMb: statusKb(pid, 'VmRSS'),
    anonMb: statusKb(pid, 'RssAnon'),
    fileMb: statusKb(pid, 'RssFile'),
    heapTotalMb: metric(text, 'heap_size_total_bytes'),
    heapUsedMb: metric(text, 'heap_size_used_bytes'),
    externalMb: metric(text, 'external_memory_bytes'),
  };
}

/**
 * The node flags and environment `npm start` gives the server (package.json's start script), so
 * that the bench measures the server as it is run: `NAME=${NAME:-value} … node --flag dist/…`.
 */
export function startSettings(root: string): { flags: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const command = pkg.scripts.start.split('&&').pop()!.trim();
  const words = command.split(/\s+/);
  const at = words.indexOf('node');
  // NAME=value, or NAME=${NAME:-value} (value unless the caller's environment has one).
  const env = Object.fromEntries(
    words
      .slice(0, at)
      .map((w) => /^([A-Z_]+)=(?:\$\{\1:-([^}]*)\}|([^$]+))$/.exec(w))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2] === undefined ? m[3] : (process.env[m[1]] ?? m[2])]),
  );
  const flags = words.slice(at + 1).filter((w) => w.startsWith('--'));
  return { flags, env };
}

/**
 * The CPU time the process has used, user and system, in seconds (Linux: /proc/PID/stat in clock
 * ticks of 1/100 s); NaN elsewhere. On a shared machine CPU per request says more of what node
 * flags cost than latency does.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are the stat's 14th and 15th fields, the 12th and 13th after the name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Least-squares slope of RSS over the samples' time, in MB per minute. */
export function rssSlopeMbPerMinute(points: { atSeconds: number; rssMb: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.atSeconds, 0) / n;
  const my = points.reduce((a, p) => a + p.rssMb, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.atSeconds - mx) * (p.rssMb - my), 0);
  const sxx = points.reduce((a, p) => a + (p.atSeconds - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 60;
}
