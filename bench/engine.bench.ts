/**
 * `npm run bench:engine`: committed `send` transitions per second with concurrent clients, and in
 * the same run on the same database two raw `pg` writers of the same rows at the same concurrency:
 * the one-statement limit (one named data-modifying CTE per event) and the eight-statement
 * baseline (one transaction of eight statements per event). Prints a summary and appends a dated
 * section to docs/benchmarks.md. Nothing here asserts a timing: it reports what it measures.
 *
 * Settings (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (32),
 * BENCH_CASES_PER_CLIENT (2), BENCH_PROFILE_SECONDS (4; 0 skips the per-statement profile),
 * DATABASE_URL (unset: a throwaway embedded PostgreSQL; set: a throwaway database on that server),
 * BENCH_APPEND (true; false prints the section without appending it, for exploratory runs on a
 * busy machine whose figures should not enter the record).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { Client, type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { withTenant } from '../libs/core/tenant-context.service';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { AuditRepository } from '../libs/audit/audit.repository';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { openCaseUseCase, sendEventUseCase } from '../libs/testing/engine-harness.service';
import { drive } from './bench-load.service';
import { Profile, profile, pureWork } from './bench-profile.service';
import { HEADER, f1, formatReport, machineWords, section } from './bench-report.service';
import { captureSteps } from './bench-steps.service';
import { bcfPlanOpening, buildTenant, throwawayDatabase } from './bench-tenant.service';
import {
  APPEND,
  BenchCase,
  CASES_PER_CLIENT,
  CLIENTS,
  PROFILE_SECONDS,
  REPORT,
  SECONDS,
  WARMUP_SECONDS,
} from './engine-bench.settings';
import { engineStep } from './engine-step.service';
import { oneStatementWriter, readThenOneStatement } from './one-statement.service';
import { rawWriter } from './raw-baseline.service';
import { checkSameRows } from './writer-check.service';
import {
  openRuntimeDataSource,
  rowSecurityProof,
  runtimeLogin,
  type RuntimeLogin,
} from './runtime-role.service';

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[bench] ${line}`);
  log(
    `starting ${process.env.DATABASE_URL ? 'a throwaway database on DATABASE_URL' : 'a throwaway embedded PostgreSQL'}`,
  );
  const db = await throwawayDatabase();
  const poolSize = Math.max(32, CLIENTS) + 2;
  // The bench's set-up and checks as the owner. The engine and the raw writers alike write as the
  // product's login, through one pool bound to the council as the product's connections are (its
  // pg Pool is the raw writers'): both sides under row-level security, paying the same binding.
  const ds = await openDataSource(db.url, 4);
  let login: RuntimeLogin | undefined;
  let appDs: DataSource | undefined;
  try {
    await migrate(ds);
    login = await runtimeLogin(db.url);
    appDs = await openRuntimeDataSource(login, poolSize);
    const pool = (appDs.driver as unknown as { master: Pool }).master;
    // pool.end() resolves before every socket has closed; the server stopping then must not crash us.
    pool.on('error', () => undefined);
    const [{ server_version: pgVersion }]: { server_version: string }[] =
      await ds.query('SHOW server_version');
    const machine = machineWords(`PostgreSQL ${pgVersion}`);
    const clock = new SystemClock();
    const send = sendEventUseCase(appDs, clock);
    const open = openCaseUseCase(ds, clock);
    const { ids, actors } = await buildTenant(ds);
    const body = bcfPlanOpening(ids);
    const openOne = async (): Promise<BenchCase> => ({
      id: (await open.open(body, actors.officer)).caseId,
      version: 1,
    });
    log(`opening ${CLIENTS * CASES_PER_CLIENT} cases`);
    const owned: BenchCase[][] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const mine: BenchCase[] = [];
      for (let k = 0; k < CASES_PER_CLIENT; k++) mine.push(await openOne());
      owned.push(mine);
    }
    const probe = await openOne();
    const bound =
      (op: (c: BenchCase) => Promise<void>) =>
      (c: BenchCase): Promise<void> =>
        withTenant(ids.tenantId, () => op(c));
    const steps = await withTenant(ids.tenantId, () => captureSteps(ds, send, probe, actors));
    const connectedAs = await rowSecurityProof(appDs, ids.tenantId);
    log(connectedAs);

    const step = engineStep(send, actors);
    const engineOp = bound(async (c: BenchCase) => {
      c.version = await step(c);
      c.head = undefined; // the engine moved the chain on: the raw writer reads the head again
    });
    const rawOp = bound(rawWriter(pool, ids.tenantId, steps));
    const oneOp = bound(oneStatementWriter(pool, ids.tenantId, steps));
    const readOneOp = bound(readThenOneStatement(pool, ids.tenantId, steps));
    log('checking that both raw writers write the rows the engine writes, step by step');
    const checked = await checkSameRows(
      ds,
      steps,
      [
        { name: 'one statement', op: oneOp },
        { name: 'eight statements', op: rawOp },
      ],
      openOne,
      engineOp,
    );
    log(`engine: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`);
    await drive('warm-up', WARMUP_SECONDS, owned, engineOp);
    const engine = await drive('engine', SECONDS, owned, engineOp);
    log(`engine: ${f1(engine.perSecond)} events/s, p99 ${f1(engine.latencyMs.p99)} ms`);

    // The one-statement limit straight after the engine: the ratio the issue now targets is
    // measured on the tables as close to the engine's as the run allows.
    log(`one statement: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`);
    await drive('warm-up', WARMUP_SECONDS, owned, oneOp);
    const one = await drive('raw pg, one statement', SECONDS, owned, oneOp);
    log(`one statement: ${f1(one.perSecond)} events/s, p99 ${f1(one.latencyMs.p99)} ms`);

    log(
      `read + one statement: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`,
    );
    await drive('warm-up', WARMUP_SECONDS, owned, readOneOp);
    const readOne = await drive('raw pg, the read + one statement', SECONDS, owned, readOneOp);
    log(
      `read + one statement: ${f1(readOne.perSecond)} events/s, p99 ${f1(readOne.latencyMs.p99)} ms`,
    );

    log(`eight statements: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`);
    await drive('warm-up', WARMUP_SECONDS, owned, rawOp);
    const raw = await drive('raw pg, eight statements', SECONDS, owned, rawOp);
    log(`eight statements: ${f1(raw.perSecond)} events/s, p99 ${f1(raw.latencyMs.p99)} ms`);

    // The sides above run engine first, on the emptiest tables, and the tables grow under each
    // side after it: the same pair again in the other order shows how much of the ratio is order.
    log(`order check: one statement, then the engine, ${SECONDS} s each`);
    await drive('warm-up', WARMUP_SECONDS, owned, oneOp);
    const oneAgain = await drive('raw pg, one statement (again, first)', SECONDS, owned, oneOp);
    await drive('warm-up', WARMUP_SECONDS, owned, engineOp);
    const engineAgain = await drive('engine (again, second)', SECONDS, owned, engineOp);
    log(
      `order check: one statement ${f1(oneAgain.perSecond)}/s, engine ${f1(engineAgain.perSecond)}/s`,
    );

    const profiles: Profile[] = [];
    let pure: [string, number][] = [];
    if (PROFILE_SECONDS > 0) {
      log(`profile: one client, ${PROFILE_SECONDS} s each side`);
      const pgProto = Client.prototype as unknown as {
        query: (...args: unknown[]) => Promise<unknown>;
      };
      // Both sides at the pg client, under TypeORM when it is used: every statement counts.
      profiles.push(await profile('engine', pgProto, owned[0], engineOp));
      profiles.push(await profile('raw pg, one statement', pgProto, owned[0], oneOp));
      profiles.push(await profile('raw pg, eight statements', pgProto, owned[0], rawOp));
      pure = pureWork(steps);
    }

    log('verifying the audit chains');
    const verify = new VerifyAuditUseCase(ds, new AuditRepository());
    const chains = { verified: 0, broken: 0 };
    for (const c of [...owned.flat(), probe, ...checked]) {
      const finding = await verify.verifyCase(ids.tenantId, c.id);
      chains.verified++;
      if (!finding.ok) chains.broken++;
    }

    const text = `${section({ engine, one, readOne, raw, oneAgain, engineAgain }, machine, steps, profiles, pure, chains)}\n${connectedAs} The raw writers write through the same pool, each event bound to the council.\n`;
    console.log('\n' + text);
    if (APPEND) {
      if (!existsSync(REPORT)) writeFileSync(REPORT, HEADER);
      appendFileSync(REPORT, '\n' + text);
      await formatReport();
      log(`appended to ${REPORT}`);
    } else {
      log('BENCH_APPEND=false: not appended to the report');
    }
  } finally {
    await appDs?.destroy();
    await ds.destroy();
    await login?.drop();
    await new Promise((r) => setTimeout(r, 250));
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
