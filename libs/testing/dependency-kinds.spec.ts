import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A package that only specs, test helpers and benchmarks import is a devDependency: a production
 * install (`npm ci --omit=dev`) should not carry it. Found from the imports of every source file;
 * a package no file imports (loaded by name, e.g. a database driver) is not judged here.
 */
const ROOT = join(__dirname, '../..');
const TOPS = ['apps', 'bench', 'libs', 'migrations', 'test', 'tools'];
const TEST_ONLY = /(\.spec|\.e2e-spec|\.integration-spec)\.ts$|^(test|bench|libs\/testing)\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(`${dir}/${e.name}`);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [`${dir}/${e.name}`] : [];
  });
}

/** The packages a file imports or requires, by name ('@scope/name' or 'name'). */
function packagesOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [
    ...text.matchAll(/\bfrom\s+'([^'.][^']*)'|\b(?:require|import)\(\s*'([^'.][^']*)'\s*\)/g),
  ].map((m) => m[1] ?? m[2]);
  return specifiers
    .filter((s) => !s.startsWith('node:'))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('dependencies and devDependencies', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const importers = new Map<string, string[]>();
  for (const file of TOPS.flatMap((top) => sourceFiles(top)))
    for (const name of new Set(packagesOf(file)))
      importers.set(name, [...(importers.get(name) ?? []), file]);

  it('finds the imports of the product and of its specs (the check itself works)', () => {
    expect(importers.get('@nestjs/common')!.some((f) => !TEST_ONLY.test(f))).toBe(true);
    expect(importers.get('supertest')!.every((f) => TEST_ONLY.test(f))).toBe(true);
    expect(TEST_ONLY.test('libs/notifications/icalendar-text.spec.ts')).toBe(true);
    expect(TEST_ONLY.test('libs/notifications/icalendar-text.service.ts')).toBe(false);
  });

  it('keeps a package only specs, test helpers and benchmarks import out of dependencies', () => {
    const testOnly = Object.keys(manifest.dependencies).filter((name) => {
      const files = importers.get(name) ?? [];
      return files.length > 0 && files.every((f) => TEST_ONLY.test(f));
    });
    expect(testOnly).toEqual([]);
  });
});
