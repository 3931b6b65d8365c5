/**
 * `npm run cases:replay`, before a deploy: replays the stored events of every open case through
 * the template version it runs on, as this code takes them, and reports each case whose replay
 * parts from what is stored. Exits 1 when one does (the deploy should wait), 2 when it could not
 * run. It writes nothing: it reads in one read-only transaction and does not migrate (the database
 * is the one the code about to be deployed would run on: DATABASE_URL, else the embedded server
 * that `npm start` runs).
 */
import { loadSettings } from '../libs/config/settings.service';
import { acrossTenants } from '../libs/core/tenant-context.service';
import { openDataSource } from '../libs/database/data-source.service';
import { ReplayOpenCasesUseCase } from '../libs/engine/replay-open-cases.use-case';
import { CaseRepository } from '../libs/engine/case.repository';

/**
 * Across every council, out loud (ADR 0015): a check before a deploy reads each council's open
 * cases in one read-only snapshot, and writes nothing.
 */
function main(): Promise<number> {
  return acrossTenants(replayEveryOpenCase);
}

async function replayEveryOpenCase(): Promise<number> {
  const settings = loadSettings();
  const url =
    settings.DATABASE_URL ??
    `postgres://postgres:ratify@localhost:${settings.EMBEDDED_PG_PORT}/ratify`;
  const ds = await openDataSource(url, 1);
  const reader = ds.createQueryRunner();
  try {
    await reader.connect();
    await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let diverged = 0;
    const all = await new ReplayOpenCasesUseCase(reader.manager, new CaseRepository()).replayAll(
      (c) => {
        if (!c.divergence) return;
        diverged++;
        console.log(
          `DIVERGES case ${c.caseId} "${c.title}" (${c.template}): ${c.divergence.explanation}`,
        );
      },
    );
    await reader.query('ROLLBACK');
    console.log(`${all.length} open cases replayed, ${diverged} diverge.`);
    return diverged === 0 ? 0 : 1;
  } finally {
    await reader.release();
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
