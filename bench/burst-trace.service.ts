import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The soak's fine reading of the server's RSS (BENCH_TRACE_MS, issue #21): /proc every few tens of
 * ms, each reading with the kinds of request the bench had under way then, so that a burst the
 * five-second samples miss (the high-water mark above them all) is caught and named.
 */
interface Reading {
  atMs: number;
  rssMb: number;
  anonMb: number;
  threads: number;
  kinds: string;
}

export interface BurstTrace {
  /** Runs `work` counted as one request of `kind` under way. */
  during<T>(kind: string, work: () => Promise<T>): Promise<T>;
  stop(): void;
  /** The highest readings, each with what was under way, and each kind's highest reading. */
  summary(): string;
}

/** A soak request's kind, by its method and path: the case's ids and the council's name left out. */
export function soakRequestKind(path: string, method = 'GET'): string {
  if (method === 'POST') return path.endsWith('/events') ? 'event' : 'case opened';
  if (path.endsWith('/diagram.svg')) return 'case diagram';
  if (path.startsWith('/api/cases/')) return 'case over the API';
  if (/^\/cases\/[0-9a-f-]{36}$/.test(path)) return 'case page';
  if (path.startsWith('/register/')) return path.endsWith('.json') ? 'register JSON' : 'register';
  return path;
}

const field = (status: string, name: string) =>
  Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);

export function burstTrace(pid: number, everyMs: number, rawFile?: string): BurstTrace {
  const underWay = new Map<string, number>();
  const readings: Reading[] = [];
  const began = performance.now();
  const read = () => {
    let status = '';
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return;
    }
    readings.push({
      atMs: performance.now() - began,
      rssMb: field(status, 'VmRSS') / 1024,
      anonMb: field(status, 'RssAnon') / 1024,
      threads: field(status, 'Threads'),
      kinds: [...underWay.entries()]
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k}×${n}`)
        .sort()
        .join(', '),
    });
  };
  const timer = setInterval(read, everyMs);
  return {
    async during(kind, work) {
      underWay.set(kind, (underWay.get(kind) ?? 0) + 1);
      try {
        return await work();
      } finally {
        underWay.set(kind, underWay.get(kind)! - 1);
      }
    },
    stop() {
      clearInterval(timer);
      if (rawFile) writeFileSync(rawFile, JSON.stringify(readings));
    },
    summary() {
      // The highest reading of each second-long stretch, the ten highest of those.
      const bySecond = new Map<number, Reading>();
      for (const r of readings) {
        const s = Math.floor(r.atMs / 1000);
        if ((bySecond.get(s)?.rssMb ?? -1) < r.rssMb) bySecond.set(s, r);
      }
      const peaks = [...bySecond.values()].sort((a, b) => b.rssMb - a.rssMb).slice(0, 10);
      const kindMax = new Map<string, number>();
      for (const r of readings)
        for (const k of r.kinds.split(', ').filter(Boolean)) {
          const name = k.replace(/×\d+$/, '');
          kindMax.set(name, Math.max(kindMax.get(name) ?? 0, r.rssMb));
        }
      return [
        `${readings.length} readings every ${everyMs} ms; the highest second by second:`,
        ...peaks.map(
          (r) =>
            `  ${(r.atMs / 1000).toFixed(2)} s RSS ${r.rssMb.toFixed(1)} anon ${r.anonMb.toFixed(1)} threads ${r.threads}: ${r.kinds}`,
        ),
        'highest reading while each kind was under way:',
        ...[...kindMax.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([k, mb]) => `  ${k} ${mb.toFixed(1)}`),
      ].join('\n');
    },
  };
}
