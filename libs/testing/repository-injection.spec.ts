import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Repositories are injected (issue #14 item 3): a use case or service takes its repositories in
 * its constructor, Nest provides them (each library's module), and a test can hand it others. A
 * `new …Repository(` in production code creates one where nothing can replace it. Allowed only in
 * composition roots: the test harnesses and factories (libs/testing) and the process's start
 * before Nest (apps/server/main.ts); specs build what they test by hand. The commands under tools/
 * and the benchmarks under bench/ (run by node, outside Nest) are their own composition roots and
 * are not read here: each wires by hand the few use cases it runs.
 *
 * A `new …Repository(` in any other production file fails.
 */
const ROOT = join(__dirname, '../..');
const COMPOSITION_ROOTS = [/^libs\/testing\//, /^apps\/server\/main\.ts$/];
const NEW_REPOSITORY = /new [A-Z][A-Za-z]*Repository\(/g;

function productionFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return sourceDir(`${dir}/${e.name}`, e.name);
    const file = `${dir}/${e.name}`;
    if (!e.name.endsWith('.ts') || /spec\.ts$/.test(e.name)) return [];
    return COMPOSITION_ROOTS.some((r) => r.test(file)) ? [] : [file];
  });
}
const sourceDir = (dir: string, name: string) =>
  name === 'node_modules' ? [] : productionFiles(dir);

/** How many repositories each production file creates with `new`. */
function created(files: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of files) {
    const n = readFileSync(join(ROOT, file), 'utf8').match(NEW_REPOSITORY)?.length ?? 0;
    if (n > 0) out[file] = n;
  }
  return out;
}

describe('repositories are injected, not created with new', () => {
  const files = ['apps', 'libs'].flatMap((top) => productionFiles(top));

  it('reads the production files and counts what each creates (the check itself works)', () => {
    expect(files).toContain('libs/engine/send-event.use-case.ts');
    expect(files.some((f) => f.startsWith('libs/testing/') || f.endsWith('spec.ts'))).toBe(false);
    expect(created(['libs/testing/engine-harness.service.ts'])).not.toEqual({});
  });

  it('creates no repository outside composition roots', () => {
    const found = created(files);
    expect(Object.entries(found).map(([f, n]) => `${f}: ${n}`)).toEqual([]);
  });
});
