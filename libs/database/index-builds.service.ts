import type { OnlineIndex } from './online-index.service';

/*
 * Which index builds of a migration must go online (ADR 0044): every CREATE INDEX on a table the
 * migration did not create itself. A plain build holds a SHARE lock on its table for the whole
 * build, which every write waits for; only a table made in the same migration is sure to be empty.
 * Decided by where the index is, not by a list of large tables, which would drift as tables grow:
 * on a table that stays small an online build costs a second or so more, once.
 */

/** A CREATE INDEX as TypeORM writes it: its name, table, and what follows `ON "table"`. */
const TYPEORM_CREATE = /^CREATE (UNIQUE )?INDEX "([^"]+)" ON "([^"]+)" (.+)$/s;

/** Any CREATE INDEX in a migration's text, as written by TypeORM or by hand. */
const ANY_CREATE =
  /CREATE\s+(?:UNIQUE\s+)?INDEX\s+(CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?\s+ON\s+(?:ONLY\s+)?(?:"?\w+"?\.)?"?(\w+)"?/gi;
const CREATE_TABLE = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?\w+"?\.)?"?(\w+)"?/gi;

/** The tables a migration's statements (or its text) create. */
function tablesCreated(text: string): Set<string> {
  return new Set([...text.matchAll(CREATE_TABLE)].map((m) => m[1]));
}

/**
 * A generated migration's statements with every index on a table it does not create taken out,
 * each to be built online in a migration of its own (migration:generate writes them), and its
 * DROP INDEX taken out of `down` with it (the online migration's `down` drops it).
 */
export function splitOnlineIndexes(
  up: string[],
  down: string[],
): { up: string[]; down: string[]; online: OnlineIndex[] } {
  const created = tablesCreated(up.join('\n'));
  const online: OnlineIndex[] = [];
  const kept = up.filter((q) => {
    const m = TYPEORM_CREATE.exec(q.trim());
    if (!m || created.has(m[3])) return true;
    online.push({ name: m[2], table: m[3], on: m[4].trim(), ...(m[1] ? { unique: true } : {}) });
    return false;
  });
  const moved = new Set(online.map((i) => i.name));
  const dropped = (q: string) => {
    const m = /^DROP INDEX (?:"\w+"\.)?"([^"]+)"$/.exec(q.trim());
    return m !== null && moved.has(m[1]);
  };
  return { up: kept, down: down.filter((q) => !dropped(q)), online };
}

/**
 * The index builds in a migration's source that break ADR 0044: a CREATE INDEX on a table the
 * migration does not create, or a CONCURRENTLY build not made by buildIndexOnline (which alone
 * is safe to run again); and, for a migration that builds online, a missing `transaction = false`
 * or other statements in its `up`. Each as a sentence naming the index.
 */
export function indexBuildProblems(source: string): string[] {
  const problems: string[] = [];
  const created = tablesCreated(source);
  for (const [, concurrently, name, table] of source.matchAll(ANY_CREATE)) {
    if (concurrently)
      problems.push(`${name} is built CONCURRENTLY by hand: build it with buildIndexOnline`);
    else if (!created.has(table))
      problems.push(
        `${name} is built plainly on ${table}, which the migration does not create: build it with buildIndexOnline in a migration of its own with transaction = false`,
      );
  }
  if (/\bbuildIndexOnline\(/.test(source)) {
    if (!/^\s*transaction = false;$/m.test(source))
      problems.push('it builds an index online but does not set transaction = false');
    const up = /async up\([^)]*\)[^{]*\{([\s\S]*?)\n {2}\}/.exec(source)?.[1] ?? '';
    if (/\bq\.query\(/.test(up))
      problems.push(
        'it builds an index online and runs other statements: give the index a migration of its own',
      );
  }
  return problems;
}

/** A migration that builds one index online, outside a transaction (ADR 0044). */
export function onlineIndexMigration(className: string, index: OnlineIndex): string {
  return `import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * Built online, outside a transaction (ADR 0044): its table takes writes while it builds. Written
 * by migration:generate.
 */
export class ${className} implements MigrationInterface {
  name = '${className}';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, { name: ${JSON.stringify(index.name)}, table: ${JSON.stringify(index.table)}, on: ${JSON.stringify(index.on)}${index.unique ? ', unique: true' : ''} });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, ${JSON.stringify(index.name)});
  }
}
`;
}
