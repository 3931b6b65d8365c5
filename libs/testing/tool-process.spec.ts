import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { buildSources, staleSources } from './tool-process.service';

const ROOT = resolve(__dirname, '..', '..');

/** The project's own modules a source imports (statically, or when first used), as .ts paths. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name).replace(/\.js$/, '') + '.ts');
}

/** The scripts a source starts as worker threads: `join(__dirname, '<name>.js')`. */
function workersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/join\(__dirname, '([\w.-]+)\.js'\)/g)].map((m) =>
    resolve(dirname(file), `${m[1]}.ts`),
  );
}

describe('which sources a built tool is checked against', () => {
  it('includes everything audit:verify loads, however deep, its worker threads’ scripts too', () => {
    const watched = new Set(buildSources().map((f) => resolve(f)));
    const needed = new Set<string>();
    const walk = (file: string) => {
      if (needed.has(file)) return;
      needed.add(file);
      for (const next of [...importsOf(file), ...workersOf(file)]) walk(next);
    };
    walk(join(ROOT, 'tools', 'audit-verify.ts'));
    // The files an earlier hand-kept list left out, as a check of the walk itself.
    for (const f of ['verify-batch.worker.ts', 'verify-batch.service.ts', 'copy-out.service.ts'])
      expect(needed).toContain(join(ROOT, 'libs', 'audit', f));
    expect([...needed].filter((f) => !watched.has(f))).toEqual([]);
  });

  it('takes no test as a source of the build', () => {
    expect(buildSources().filter((f) => /\.(spec|integration-spec|e2e-spec)\.ts$/.test(f))).toEqual(
      [],
    );
  });

  describe('in a tree of its own', () => {
    let root: string;
    const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'ratify-tool-build-'));
      mkdirSync(join(root, 'src'));
      writeFileSync(
        join(root, 'tsconfig.build.json'),
        JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.' }, include: ['src'] }),
      );
      writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
      writeFileSync(join(root, 'src', 'b.ts'), 'export const b = 2;\n');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds every source stale before the first build', () => {
      expect(
        staleSources(root)
          .map((f) => f.slice(root.length + 1))
          .sort(),
      ).toEqual(['src/a.ts', 'src/b.ts']);
    });

    it('finds stale only a source changed since the build', () => {
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist', '.tsbuildinfo'), '{}');
      at('dist/.tsbuildinfo', 2_000_000_000);
      at('src/a.ts', 1_900_000_000);
      at('src/b.ts', 2_000_000_001);
      expect(staleSources(root).map((f) => f.slice(root.length + 1))).toEqual(['src/b.ts']);
      at('src/b.ts', 2_000_000_000);
      expect(staleSources(root)).toEqual([]);
    });
  });
});
