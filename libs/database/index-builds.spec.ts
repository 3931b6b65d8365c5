import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  indexBuildProblems,
  onlineIndexMigration,
  splitOnlineIndexes,
} from './index-builds.service';

const MIGRATIONS = resolve(__dirname, '..', '..', 'migrations');

/**
 * Released before ADR 0044's check, each built plainly by a migration databases have run, and
 * so left as it is (a released migration never changes what it does): people's and delegations'
 * small tables; webhook cursors' index on audit_records and the cases' unique reference, whose
 * migration fills the references in before it (in one transaction). No new entry: a new index on
 * a table the migration does not create is built online.
 */
const RELEASED_PLAIN: Record<string, string[]> = {
  '1795608213847-keep-organisations-and-people.ts': [
    'IDX_people_tenant_email',
    'IDX_7979be69980d1a298d6eaece11',
  ],
  '1795608441093-keep-api-keys.ts': ['IDX_b972dbb788ed66bfe5fcd1e5ba'],
  '1795608724591-keep-the-scheme-of-delegation.ts': ['IDX_delegations_delegate'],
  '1796370580878-webhook-cursors.ts': ['IDX_audit_records_tenant_txid'],
  '1796427097620-give-cases-references.ts': ['IDX_cases_tenant_reference'],
};

const migrations = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.ts'));
const problemsOf = (file: string) =>
  indexBuildProblems(readFileSync(join(MIGRATIONS, file), 'utf8'));
const released = (file: string, problem: string) =>
  (RELEASED_PLAIN[file] ?? []).some((name) => problem.startsWith(`${name} is built plainly on `));

describe('index builds in migrations (ADR 0044)', () => {
  it('builds every index on a table its migration does not create online, in a migration of its own', () => {
    const found = migrations.flatMap((f) =>
      problemsOf(f)
        .filter((p) => !released(f, p))
        .map((p) => `${f}: ${p}`),
    );
    expect(found).toEqual([]);
  });

  it('lists as released only plain builds that are there', () => {
    for (const [file, names] of Object.entries(RELEASED_PLAIN))
      expect([file, problemsOf(file).filter((p) => released(file, p)).length]).toEqual([
        file,
        names.length,
      ]);
  });

  it('finds a plain build on an existing table, a build CONCURRENTLY by hand, and an online build sharing its migration', () => {
    const plain = `await q.query('CREATE INDEX "IDX_cases_x" ON "cases" ("x")');`;
    expect(indexBuildProblems(plain)).toEqual([
      'IDX_cases_x is built plainly on cases, which the migration does not create: build it with buildIndexOnline in a migration of its own with transaction = false',
    ]);
    expect(
      indexBuildProblems(`CREATE UNIQUE INDEX IF NOT EXISTS idx_y ON public.effects (y)`),
    ).toEqual([expect.stringContaining('idx_y is built plainly on effects')]);
    expect(
      indexBuildProblems(
        `'CREATE TABLE "notes" ("x" text)', 'CREATE INDEX "IDX_n" ON "notes" ("x")'`,
      ),
    ).toEqual([]);
    expect(indexBuildProblems('CREATE INDEX CONCURRENTLY "IDX_c" ON "cases" ("x")')).toEqual([
      'IDX_c is built CONCURRENTLY by hand: build it with buildIndexOnline',
    ]);
    const shared = onlineIndexMigration('A1', { name: 'IDX_a', table: 'cases', on: '("a")' })
      .replace('  transaction = false;\n', '')
      .replace(
        'await buildIndexOnline',
        'await q.query("ALTER TABLE x");\n    await buildIndexOnline',
      );
    expect(indexBuildProblems(shared)).toEqual([
      'it builds an index online but does not set transaction = false',
      'it builds an index online and runs other statements: give the index a migration of its own',
    ]);
  });

  it('takes out of a generated migration each index on a table it does not create, with its DROP', () => {
    const up = [
      'CREATE TABLE "notes" ("id" uuid NOT NULL, "x" text NOT NULL)',
      'CREATE INDEX "IDX_notes_x" ON "notes" ("x") ',
      'ALTER TABLE "cases" ADD "y" text',
      `CREATE INDEX "IDX_cases_y" ON "cases" ("tenant_id", "y") WHERE "y" <> '{"a":1}'`,
      'CREATE UNIQUE INDEX "IDX_people_z" ON "people" ("z") ',
    ];
    const down = [
      'DROP INDEX "public"."IDX_people_z"',
      'DROP INDEX "public"."IDX_cases_y"',
      'ALTER TABLE "cases" DROP COLUMN "y"',
      'DROP INDEX "public"."IDX_notes_x"',
      'DROP TABLE "notes"',
    ];
    expect(splitOnlineIndexes(up, down)).toEqual({
      up: up.slice(0, 3),
      down: down.slice(2),
      online: [
        { name: 'IDX_cases_y', table: 'cases', on: `("tenant_id", "y") WHERE "y" <> '{"a":1}'` },
        { name: 'IDX_people_z', table: 'people', on: '("z")', unique: true },
      ],
    });
  });

  it('writes an online index’s migration as the rules want, its index as given', () => {
    const index = { name: 'IDX_cases_y', table: 'cases', on: `("y") WHERE "y" <> '{"a":1}'` };
    const text = onlineIndexMigration('BuildIdxCasesY1', { ...index, unique: true });
    expect(indexBuildProblems(text)).toEqual([]);
    const call = /buildIndexOnline\(q, (\{.*\})\);/.exec(text)?.[1] ?? '';
    // The argument as TypeScript reads it: JSON's strings, unquoted keys.
    expect(JSON.parse(call.replace(/(\w+): /g, '"$1": '))).toEqual({ ...index, unique: true });
    expect(text).toContain('await dropIndexOnline(q, "IDX_cases_y");');
  });
});
