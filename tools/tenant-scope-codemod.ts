/**
 * The codemod that moved repositories from a bare `tenantId: string` to the council's `TenantScope`
 * (issue #14 item 3). Not a build step; run it by hand, then prettier and tsc:
 *
 *   npx tsc --ignoreConfig --outDir dist/codemod --module node16 --target es2022 --types node \
 *     --skipLibCheck tools/tenant-scope-codemod.ts
 *   node dist/codemod/tenant-scope-codemod.js libs/x/y.repository.ts [more repositories]
 *   npx prettier --write <the files it names>
 *
 * In each class of the files named, every method with a parameter `tenantId: string` loses it and
 * takes `scope: TenantScope` first; inside it `tenantId` reads `scope.tenantId`. Every call of such a
 * method anywhere in the program passes the scope first instead: `scope` where the caller is itself
 * such a method, the expression itself where it is already a scope, `scopeOf(x)` for an actor's or a
 * staff session's `x.tenantId`, `tenantScope(expr)` for any other id (the council said out loud).
 * A tenant id carried inside an object parameter is left for a person to move.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Target {
  index: number;
  param: ts.Symbol;
}

const SCOPE_MODULE = path.resolve('libs/core/tenant-scope.ts');
/** Objects whose council is the scope they act in, passed as `scopeOf(x)`. */
const ACTOR_TYPES = /Actor|Staff|Session|Principal/;

function program(): ts.Program {
  const file = ts.findConfigFile('.', (f) => ts.sys.fileExists(f), 'tsconfig.json');
  if (!file) throw new Error('no tsconfig.json here');
  const config = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(file));
  return ts.createProgram(parsed.fileNames, parsed.options);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

function targetsIn(sf: ts.SourceFile, checker: ts.TypeChecker): Map<ts.Node, Target> {
  const found = new Map<ts.Node, Target>();
  walk(sf, (n) => {
    if (!ts.isMethodDeclaration(n) || !n.body) return;
    const index = n.parameters.findIndex(
      (p) =>
        ts.isIdentifier(p.name) &&
        p.name.text === 'tenantId' &&
        p.type?.kind === ts.SyntaxKind.StringKeyword,
    );
    if (index < 0) return;
    walk(n.body, (d) => {
      if ((ts.isVariableDeclaration(d) || ts.isParameter(d)) && d.name.getText() === 'scope')
        throw new Error(`${sf.fileName}: ${n.name.getText()} already names something 'scope'`);
    });
    const param = checker.getSymbolAtLocation(n.parameters[index].name);
    if (!param) throw new Error(`${sf.fileName}: no symbol for ${n.name.getText()}'s tenantId`);
    found.set(n, { index, param });
  });
  return found;
}

function main(args: string[]): number {
  const files = new Set(args.map((a) => path.resolve(a)));
  const p = program();
  const checker = p.getTypeChecker();
  const sources = p.getSourceFiles().filter((sf) => !sf.isDeclarationFile);
  const targets = new Map<ts.Node, Target>();
  for (const sf of sources)
    if (files.has(path.resolve(sf.fileName)))
      for (const [k, v] of targetsIn(sf, checker)) targets.set(k, v);
  const params = new Set([...targets.values()].map((t) => t.param));

  const edits = new Map<string, Edit[]>();
  const imports = new Map<string, Set<string>>();
  const edit = (sf: ts.SourceFile, e: Edit) =>
    edits.set(sf.fileName, [...(edits.get(sf.fileName) ?? []), e]);
  const need = (sf: ts.SourceFile, name: string) =>
    imports.set(sf.fileName, (imports.get(sf.fileName) ?? new Set()).add(name));
  const moved: ts.Node[] = [];

  const scopeOfArg = (sf: ts.SourceFile, arg: ts.Expression): string => {
    if (ts.isIdentifier(arg) && params.has(checker.getSymbolAtLocation(arg)!)) return 'scope';
    if (ts.isPropertyAccessExpression(arg) && arg.name.text === 'tenantId') {
      const owner = arg.expression;
      const type = checker.typeToString(checker.getTypeAtLocation(owner));
      if (/TenantScope/.test(type)) return owner.getText(sf);
      if (ACTOR_TYPES.test(type)) {
        need(sf, 'scopeOf');
        return `scopeOf(${owner.getText(sf)})`;
      }
    }
    need(sf, 'tenantScope');
    return `tenantScope(${arg.getText(sf)})`;
  };

  // Call sites, everywhere.
  for (const sf of sources)
    walk(sf, (n) => {
      if (!ts.isCallExpression(n)) return;
      const decl = checker.getResolvedSignature(n)?.declaration;
      const target = decl && targets.get(decl);
      if (!target) return;
      const args = n.arguments;
      const arg = args[target.index];
      if (!arg || ts.isSpreadElement(arg))
        throw new Error(`${sf.fileName}:${n.getStart(sf)}: no plain tenant argument`);
      const scope = scopeOfArg(sf, arg);
      moved.push(arg);
      if (target.index === 0) edit(sf, { start: arg.getStart(sf), end: arg.end, text: scope });
      else {
        edit(sf, { start: args[0].getStart(sf), end: args[0].getStart(sf), text: `${scope}, ` });
        edit(sf, { start: args[target.index - 1].end, end: arg.end, text: '' });
      }
    });

  // The methods themselves.
  for (const [decl, target] of targets) {
    const method = decl as ts.MethodDeclaration;
    const sf = method.getSourceFile();
    const ps = method.parameters;
    const rest = ps.filter((_, i) => i !== target.index).map((x) => x.getText(sf));
    edit(sf, {
      start: ps[0].getStart(sf),
      end: ps[ps.length - 1].end,
      text: ['scope: TenantScope', ...rest].join(', '),
    });
    need(sf, 'type TenantScope');
    walk(method.body!, (n) => {
      if (!ts.isIdentifier(n) || n.text !== 'tenantId') return;
      if (moved.some((a) => a.getSourceFile() === sf && a.pos <= n.pos && n.end <= a.end)) return;
      const shorthand = ts.isShorthandPropertyAssignment(n.parent) ? n.parent : null;
      const symbol = shorthand
        ? checker.getShorthandAssignmentValueSymbol(shorthand)
        : checker.getSymbolAtLocation(n);
      if (symbol !== target.param) return;
      const call = n.parent;
      if (
        ts.isCallExpression(call) &&
        call.expression.getText(sf) === 'tenantScope' &&
        call.arguments.length === 1
      ) {
        // tenantScope(tenantId), written before: the scope itself.
        edit(sf, { start: call.getStart(sf), end: call.end, text: 'scope' });
        return;
      }
      const text = shorthand ? 'tenantId: scope.tenantId' : 'scope.tenantId';
      edit(sf, { start: n.getStart(sf), end: n.end, text });
    });
  }

  // Imports of the scope's type and its two constructors.
  for (const [fileName, names] of imports) {
    const sf = p.getSourceFile(fileName)!;
    const existing = sf.statements.find(
      (s): s is ts.ImportDeclaration =>
        ts.isImportDeclaration(s) &&
        ts.isStringLiteral(s.moduleSpecifier) &&
        s.moduleSpecifier.text.startsWith('.') &&
        path.resolve(path.dirname(fileName), s.moduleSpecifier.text) + '.ts' === SCOPE_MODULE,
    );
    let spec = path.relative(path.dirname(fileName), SCOPE_MODULE).replace(/\.ts$/, '');
    spec = spec.startsWith('.') ? spec : `./${spec}`;
    const had = new Map<string, string>();
    const bindings = existing?.importClause?.namedBindings;
    if (existing && bindings && ts.isNamedImports(bindings)) {
      const typeOnly = existing.importClause!.isTypeOnly;
      for (const e of bindings.elements)
        had.set(e.name.text, `${typeOnly || e.isTypeOnly ? 'type ' : ''}${e.name.text}`);
    }
    for (const n of names) {
      const bare = n.replace(/^type /, '');
      if (!had.has(bare)) had.set(bare, n);
    }
    const all = [...had.values()];
    const clause = all.every((n) => n.startsWith('type '))
      ? `type { ${all.map((n) => n.replace(/^type /, '')).join(', ')} }`
      : `{ ${all.join(', ')} }`;
    const text = `import ${clause} from '${spec}';`;
    if (existing) edit(sf, { start: existing.getStart(sf), end: existing.end, text });
    else {
      const last = [...sf.statements].reverse().find(ts.isImportDeclaration);
      const at = last ? last.end : 0;
      edit(sf, { start: at, end: at, text: last ? `\n${text}` : `${text}\n` });
    }
  }

  for (const [fileName, list] of edits) {
    const sorted = [...list].sort((a, b) => b.start - a.start || b.end - a.end);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i].end > sorted[i - 1].start && sorted[i].start !== sorted[i].end)
        throw new Error(`${fileName}: overlapping edits at ${sorted[i].start}`);
    let text = readFileSync(fileName, 'utf8');
    for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    writeFileSync(fileName, text);
    console.log(path.relative('.', fileName));
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
