/**
 * Writes a migration with the SQL that brings a database migrated to the latest migration in line
 * with the entities: `npm run migration:generate -- add-meetings`. Uses a throwaway embedded
 * PostgreSQL (or DATABASE_URL) so it never touches the product's data.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { pendingSchemaChanges } from '../libs/database/schema-drift.service';

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
    const ts = Date.now();
    const className =
      intent.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + ts;
    const lines = (qs: string[]) =>
      qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
    const file = `migrations/${ts}-${intent}.ts`;
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(q: QueryRunner): Promise<void> {\n${lines(up)}\n  }\n\n  public async down(q: QueryRunner): Promise<void> {\n${lines(down)}\n  }\n}\n`,
    );
    console.log(
      `Wrote ${file}; add ${className} to MIGRATIONS in libs/database/schema.registry.ts.`,
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
