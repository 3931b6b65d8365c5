import { readFileSync, readdirSync } from 'node:fs';
import { BenchCase, PhaseResult } from './engine-bench.settings';

/**
 * The load driver: concurrent clients each sending to its own cases for a phase's seconds, and what
 * a phase measures (latency percentiles, Node's and PostgreSQL's CPU per event, the machine's load).
 */

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Busy and total jiffies of the whole machine (all processes), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const n = cpu.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** The embedded server's port, so that its CPU can be read; null for a server on DATABASE_URL. */
let embeddedPort: number | null = null;

/** Set by the throwaway database once the embedded server listens. */
export function measurePostgresOnPort(port: number): void {
  embeddedPort = port;
}

/** The port of the PostgreSQL whose CPU is measured; null for a server on DATABASE_URL. */
export function measuredPostgresPort(): number | null {
  return embeddedPort;
}

/**
 * CPU used so far by the embedded PostgreSQL (the postmaster, its live backends, and children it
 * has reaped), in ms, from /proc; NaN where that cannot be read. Node and PostgreSQL share the
 * machine's cores, so the server's CPU per event bounds throughput as much as Node's does.
 */
export function postgresCpuMs(): number {
  if (embeddedPort === null) return NaN;
  try {
    const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const stat = (pid: string) => {
      const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name: state ppid … utime(12) stime(13) cutime(14) cstime(15).
      const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
      return {
        ppid: f[1],
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
      };
    };
    const postmaster = pids.find((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const p = args.indexOf('-p');
        return /postgres$/.test(args[0]) && p >= 0 && args[p + 1] === String(embeddedPort);
      } catch {
        return false;
      }
    });
    if (!postmaster) return NaN;
    const root = stat(postmaster);
    let ticks = root.own + root.reaped;
    for (const pid of pids) {
      try {
        const s = stat(pid);
        if (s.ppid === postmaster) ticks += s.own;
      } catch {
        // A backend that has just exited: its time is in the postmaster's reaped time.
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * Runs `clients` loops for `seconds`; each loop owns its cases and sends the next event of the
 * cycle to them in turn. Only events that committed count.
 */
export async function drive(
  name: string,
  seconds: number,
  owned: BenchCase[][],
  op: (c: BenchCase) => Promise<void>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const postgres0 = postgresCpuMs();
  const ticks0 = machineTicks();
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  await Promise.all(
    owned.map(async (cases) => {
      let i = 0;
      while (performance.now() < end) {
        const c = cases[i++ % cases.length];
        const t0 = performance.now();
        try {
          await op(c);
          const t1 = performance.now();
          latencies.push(t1 - t0);
          if (t1 > last) last = t1;
        } catch (e) {
          errors++;
          if (errors <= 3) console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
          if (errors > 100) throw new Error(`${name}: too many errors, stopping`);
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const ticks1 = machineTicks();
  const elapsed = (last - start) / 1000;
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    name,
    events: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      mean,
    },
    nodeCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    postgresCpuMsPerEvent: (postgresCpuMs() - postgres0) / Math.max(1, latencies.length),
    machineBusyPercent:
      ticks0 && ticks1 ? (100 * (ticks1.busy - ticks0.busy)) / (ticks1.total - ticks0.total) : NaN,
    errors,
  };
}
