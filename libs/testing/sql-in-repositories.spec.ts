import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * Repositories own the SQL of their tables (issue #14 item 3): a file under apps/ or libs/ (not
 * libs/testing, not a spec, not a migration) that calls `.query(…)` outside a `*.repository.ts`
 * file must be on this list, each with its reason, or "to move" while its SQL still waits to be
 * moved into a repository that takes TenantScope or AcrossCouncils first. A new file fails, and
 * so does a listed file that no longer runs SQL: the list only shrinks. Calls are read with the
 * TypeScript compiler's parser, so a `.query(` in a comment or a string does not count.
 */
const ALLOWED: Record<string, string> = {
  'libs/audit/copy-out.service.ts':
    "the database itself: COPY's reader on pg's client; the statement is audit.repository.ts's",
  'libs/database/migration-lock.service.ts':
    'the database itself: the lock that lets one process migrate at a time, and who holds it',
  'libs/database/online-index.service.ts':
    "the database itself: migrations' online index builds (ADR 0044)",
  'libs/database/online-fill.service.ts':
    "the database itself: migrations' online fills of tables kept beside cases (ADR 0053)",
  'libs/database/database-roles.service.ts': 'the database itself: grants to the runtime role',
  'libs/database/connection-capacity.service.ts':
    'the database itself: max_connections and the connections open, against the pools',
  'libs/database/embedded-postgres.service.ts': 'the database itself: the embedded server',
  'libs/database/tenant-bound-connections.service.ts':
    'the database itself: binds a connection to its council',
  'libs/database/tenant-row-security.service.ts': 'the database itself: row-level security',
  'libs/documents/storage/postgres-content.store.ts':
    "a document store's backend: the bytes' chunks, behind document-store.repository.ts",
  'libs/engine/named-statement-pool.service.ts':
    "the database itself: names the send's prepared statements",
};

const ROOT = join(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory())
      return ['node_modules', 'migrations'].includes(e.name) || path === 'libs/testing'
        ? []
        : sourceFiles(path);
    return e.name.endsWith('.ts') && !/spec\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Whether the source calls a method named `query` on anything: `x.query(…)`, `x?.query(…)`. */
function runsSql(file: string, text: string): boolean {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'query'
    )
      found = true;
    if (!found) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('SQL runs in repositories, or in a file listed with its reason', () => {
  const files = ['apps', 'libs'].flatMap((top) => sourceFiles(top));
  const running = files
    .filter((f) => !f.endsWith('.repository.ts'))
    .filter((f) => runsSql(f, readFileSync(join(ROOT, f), 'utf8')))
    .sort();

  it('finds a call of .query( and ignores one in a comment or a string (the check itself works)', () => {
    expect(runsSql('a.ts', 'async function f(ds) { return ds.manager.query("SELECT 1"); }')).toBe(
      true,
    );
    expect(runsSql('b.ts', 'const r = await this.ds?.query(`SELECT 1`);')).toBe(true);
    expect(runsSql('g.ts', 'const [o] = await m.query<{ id: string }[]>(\n  `SELECT 1`);')).toBe(
      true,
    );
    expect(runsSql('c.ts', '// this.ds.query(…)\nconst s = "x.query(1)";')).toBe(false);
    expect(files).toContain('libs/engine/case.repository.ts');
    expect(files.some((f) => f.startsWith('libs/testing/') || f.includes('/migrations/'))).toBe(
      false,
    );
  });

  it('has no file outside a repository that runs SQL and is not on the list', () => {
    expect(running.filter((f) => !(f in ALLOWED))).toEqual([]);
  });

  it('has no file on the list that no longer runs SQL (the list only shrinks)', () => {
    expect(Object.keys(ALLOWED).filter((f) => !running.includes(f))).toEqual([]);
  });

  it('gives each listed file a reason', () => {
    expect(Object.entries(ALLOWED).filter(([, why]) => !why.trim())).toEqual([]);
  });
});
