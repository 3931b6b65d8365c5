/**
 * `npm run export -- --tenant <slug> [--person <email>] --out <file>`: the council's records as a
 * documented archive (docs/export-format.md), or with --person one person's (a subject access
 * export). A .tar, or a .tar.gz when the file's name ends in .gz or .tgz; streamed to the file,
 * never held whole in memory. The export is recorded on the council's record of exports, as asked
 * by this command and the operating system's user. Check it offline with `npm run export:verify`.
 * Exits 2, writing nothing, when an argument is wrong, the council or the person is unknown.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { acrossCouncils } from '../libs/core/across-councils';
import { SystemClock } from '../libs/core/clock.service';
import { withTenant } from '../libs/core/tenant-context.service';
import { tenantScope } from '../libs/core/tenant-scope';
import { loadSettings } from '../libs/config/settings.service';
import { openProductDatabase } from '../libs/database/database-bootstrap.service';
import { InvalidInputError } from '../libs/errors/domain.errors';
import { ExportCouncilUseCase } from '../libs/export/export-council.use-case';
import { ExportPersonUseCase } from '../libs/export/export-person.use-case';
import { ExportRecordsRepository } from '../libs/export/export-records.repository';
import { ExportRunner, type ExportRequest } from '../libs/export/export-runner.service';
import { AuditRepository } from '../libs/audit/audit.repository';
import { DataExportsRepository } from '../libs/audit/data-exports.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { DirectoryRepository } from '../libs/directory/directory.repository';
import { TenantRepository } from '../libs/directory/tenant.repository';
import { RegisterRepository } from '../libs/register/register.repository';
import { DecisionRegisterService } from '../libs/register/decision-register.service';

const USAGE =
  'usage: npm run export -- --tenant <slug> [--person <email>] --out <file.tar | file.tar.gz>';

/** A mistake in what was asked: said on stderr, exit code 2, nothing written. */
class UsageError extends Error {}

function argsOf(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        tenant: { type: 'string' },
        person: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

async function main(): Promise<number> {
  const args = argsOf(process.argv.slice(2));
  if (!args.tenant || !args.out) throw new UsageError('give --tenant and --out');
  const out = args.out;
  const settings = loadSettings();
  const db = await openProductDatabase(settings, () => undefined);
  const partial = `${out}.partial`;
  try {
    const ds = db.dataSource;
    // This command is its own composition root: it wires by hand what it runs.
    const records = new ExportRecordsRepository();
    const audit = new AuditRepository();
    const tenants = new TenantRepository();
    const council = await tenants.councilBySlug(acrossCouncils('tool'), ds.manager, args.tenant);
    if (!council) throw new UsageError(`there is no council with the slug ${args.tenant}`);
    const clock = new SystemClock();
    const runner = new ExportRunner(ds, clock, new DataExportsRepository(), records);
    const req: ExportRequest = {
      scope: tenantScope(council.tenantId),
      requestedBy: { kind: 'command', tool: 'npm run export', user: userInfo().username },
      channel: 'command',
      out: createWriteStream(partial),
      gzip: /\.(gz|tgz)$/.test(out),
    };
    // The council's records, read and the export recorded bound to it (ADR 0015).
    const manifest = await withTenant(council.tenantId, () =>
      args.person
        ? new ExportPersonUseCase(ds, runner, records, audit).run(req, args.person)
        : new ExportCouncilUseCase(
            ds,
            new DecisionRegisterService(
              ds,
              clock,
              new RegisterRepository(),
              new DirectoryRepository(),
              tenants,
            ),
            runner,
            records,
            audit,
            new DirectoryChangeRepository(),
          ).run(req),
    );
    await rename(partial, out);
    const counts = Object.entries(manifest.counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(
      `Exported ${args.person ? `the records of ${args.person} in` : 'the records of'} ${council.name} to ${out}: ${manifest.files.length} files (${counts}).`,
    );
    console.log(`Check it offline with: npm run export:verify -- ${out}`);
    return 0;
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`export: ${e.message}\n${USAGE}`);
      process.exit(2);
    }
    if (e instanceof InvalidInputError) {
      console.error(`export: ${e.detail} Nothing was exported.`);
      process.exit(2);
    }
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
