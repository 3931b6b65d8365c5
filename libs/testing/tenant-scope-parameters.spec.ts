import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

/**
 * A typed `TenantScope` on every repository method (issue #14 item 3): every public method of a
 * repository that runs asynchronously (async, declared to return a Promise, or untyped and handing
 * back a `.query(…)`) takes as its first parameter either the council's `TenantScope`
 * (libs/core/tenant-scope.ts), its SQL keeping to
 * that council, or `AcrossCouncils` (libs/core/across-councils.ts), which says by its type that the
 * method works across councils and why: a worker's sweep, a look-up that finds the council, the
 * operator's view, a tool. A repository is a class named `…Repository`, or any class of a
 * `*.repository.ts` file, under apps/ and libs/; such a file's exported functions are held to the
 * same rule. The types are read from the source with the
 * TypeScript compiler's parser and must be imported from those two files, so a type of the same
 * name declared elsewhere does not pass.
 */
const ROOT = join(__dirname, '../..');
const MARKERS: Record<string, RegExp> = {
  TenantScope: /\/core\/tenant-scope$/,
  AcrossCouncils: /\/core\/across-councils$/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(`${dir}/${e.name}`);
    return e.name.endsWith('.ts') && !/spec\.ts$/.test(e.name) ? [`${dir}/${e.name}`] : [];
  });
}

/** The names this file imports from the module that declares each marker. */
function importedMarkers(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const e of bindings.elements) {
      const name = e.name.text;
      const from = (e.propertyName ?? e.name).text;
      if (name === from && MARKERS[name]?.test(s.moduleSpecifier.text)) out.add(name);
    }
  }
  return out;
}

type Callable = ts.MethodDeclaration | ts.FunctionDeclaration;

const has = (m: Callable, kind: ts.SyntaxKind) =>
  (ts.getModifiers(m) ?? []).some((x) => x.kind === kind);

function runsAsynchronously(m: Callable): boolean {
  if (has(m, ts.SyntaxKind.AsyncKeyword)) return true;
  const t = m.type;
  if (t && ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Promise') return true;
  // Neither async nor typed: a method that hands back a query's promise runs SQL all the same.
  return !t && /\.query\s*\(/.test(m.body?.getText() ?? '');
}

function isPublic(m: ts.MethodDeclaration): boolean {
  if (ts.isPrivateIdentifier(m.name)) return false;
  return !has(m, ts.SyntaxKind.PrivateKeyword) && !has(m, ts.SyntaxKind.ProtectedKeyword);
}

interface RepositoryMethods {
  classes: string[];
  /** `file: Class.method`, each public asynchronous method whose first parameter is neither. */
  offences: string[];
}

/** The repositories of one source file and the methods of theirs that break the rule. */
function repositoryMethods(file: string, text: string): RepositoryMethods {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const markers = importedMarkers(sf);
  const out: RepositoryMethods = { classes: [], offences: [] };
  const check = (m: Callable, name: string) => {
    const first = m.parameters[0]?.type;
    const type = first && ts.isTypeReferenceNode(first) ? first.typeName.getText() : '';
    if (runsAsynchronously(m) && !markers.has(type)) out.offences.push(`${file}: ${name}`);
  };
  const repositoryFile = file.endsWith('.repository.ts');
  const visit = (n: ts.Node) => {
    if (ts.isClassDeclaration(n) && n.name) {
      if (/Repository$/.test(n.name.text) || repositoryFile) {
        out.classes.push(n.name.text);
        for (const m of n.members)
          if (ts.isMethodDeclaration(m) && isPublic(m))
            check(m, `${n.name.text}.${m.name.getText()}`);
      }
    }
    if (
      ts.isFunctionDeclaration(n) &&
      n.name &&
      repositoryFile &&
      has(n, ts.SyntaxKind.ExportKeyword)
    )
      check(n, n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('every repository method takes a TenantScope, or says it works across councils', () => {
  const files = ['apps', 'libs'].flatMap((top) => sourceFiles(top));
  const found = files.map((f) => repositoryMethods(f, readFileSync(join(ROOT, f), 'utf8')));
  const classes = found.flatMap((r) => r.classes);

  it('reads the repositories and finds a method that breaks the rule (the check itself works)', () => {
    expect(classes.length).toBeGreaterThan(45);
    expect(classes).toEqual(expect.arrayContaining(['CaseRepository', 'DocumentStore']));
    const made = `
      import type { TenantScope } from '../core/tenant-scope';
      import type { AcrossCouncils } from '../core/across-councils';
      type Scope = TenantScope;
      export class MadeUpRepository {
        async scoped(scope: TenantScope, id: string): Promise<void> {}
        async swept(_sweep: AcrossCouncils<'sweep'>): Promise<string[]> { return []; }
        static async scopedToo(scope: TenantScope): Promise<void> {}
        async bare(tenantId: string): Promise<void> {}
        async late(q: unknown, scope: TenantScope): Promise<void> {}
        async none(): Promise<void> {}
        promised(id: string): Promise<void> { return Promise.resolve(); }
        untyped(q: { query(sql: string): Promise<unknown> }, id: string) { return q.query('SELECT 1'); }
        scopedUntyped(scope: TenantScope, q: { query(sql: string): Promise<unknown> }) { return q.query('SELECT 1'); }
        async aliased(scope: Scope): Promise<void> {}
        private async own(id: string): Promise<void> {}
        pure(id: string): string { return id; }
      }
      export async function councilOf(token: string): Promise<string | null> { return null; }
      export async function lookUp(_l: AcrossCouncils<'council look-up'>): Promise<null> { return null; }
      async function inner(token: string): Promise<null> { return null; }`;
    expect(repositoryMethods('libs/x/made-up.repository.ts', made).offences).toEqual(
      [
        ...['bare', 'late', 'none', 'promised', 'untyped', 'aliased'].map(
          (m) => `MadeUpRepository.${m}`,
        ),
        'councilOf',
      ].map((m) => `libs/x/made-up.repository.ts: ${m}`),
    );
    const homeMade = `
      type TenantScope = string;
      export class HomeMadeRepository { async find(scope: TenantScope): Promise<void> {} }`;
    expect(repositoryMethods('libs/x/home-made.ts', homeMade).offences).toEqual([
      'libs/x/home-made.ts: HomeMadeRepository.find',
    ]);
  });

  it('has no public asynchronous repository method without one first', () => {
    expect(found.flatMap((r) => r.offences)).toEqual([]);
  });
});
