/**
 * Writes a migration with the SQL that brings a database migrated to the latest migration in line
 * with the entities: `npm run migration:generate -- add-meetings`. Uses a throwaway embedded
 * PostgreSQL (or DATABASE_URL) so it never touches the product's data. An index on a table the
 * migration does not create is written instead as a migration of its own that builds it online
 * (ADR 0044; index-builds.service.ts), after the first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { pendingSchemaChanges } from '../libs/database/schema-drift.service';
import { onlineIndexMigration, splitOnlineIndexes } from '../libs/database/index-builds.service';

async function main(): Promise<void> {
  const intent = process.argv[2];
  if (!intent || !/^[a-z0-9-]+$/.test(intent)) {
    throw new Error(
      'Name the migration by intent in kebab case, e.g. npm run migration:generate -- add-meetings',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ratify-gen-'));
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    port: 54400 + Math.floor(Math.random() * 500),
    database: 'gen',
    persistent: false,
  });
  try {
    const ds = await openDataSource(pg.url, 2);
    await migrate(ds);
    const { up, down } = await pendingSchemaChanges(ds);
    await ds.destroy();
    if (up.length === 0) {
      console.log('Entities and migrations agree: nothing to generate.');
      return;
    }
    // An index on a table the migration does not create goes in a migration of its own, built
    // online (ADR 0044): a plain CREATE INDEX there stops every write to the table while it builds.
    const split = splitOnlineIndexes(up, down);
    const ts = Date.now();
    const written: { file: string; className: string }[] = [];
    const write = (at: number, name: string, text: (className: string) => string) => {
      const className =
        name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + at;
      const file = `migrations/${at}-${name}.ts`;
      writeFileSync(file, text(className));
      written.push({ file, className });
    };
    const lines = (qs: string[]) =>
      qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
    if (split.up.length > 0)
      write(
        ts,
        intent,
        (className) =>
          `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(q: QueryRunner): Promise<void> {\n${lines(split.up)}\n  }\n\n  public async down(q: QueryRunner): Promise<void> {\n${lines(split.down)}\n  }\n}\n`,
      );
    split.online.forEach((index, i) =>
      write(
        ts + 1 + i,
        `${intent}-build-${index.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        (className) => onlineIndexMigration(className, index),
      ),
    );
    for (const w of written) console.log(`Wrote ${w.file}.`);
    console.log(
      `Add ${written.map((w) => w.className).join(', ')} to MIGRATIONS in libs/database/schema.registry.ts, in this order.` +
        (split.online.length > 0
          ? ' Each index on an existing table is built online in a migration of its own (ADR 0044): say at its top why it is needed.'
          : ''),
    );
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
