import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * docs/ARCHITECTURE.md stays a map of the code: every folder of source under apps/ and libs/
 * appears in its annotated tree (as the folder, or a file in it), or by its path elsewhere in it.
 */
const ROOT = join(__dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

/** Folders holding TypeScript, relative to the repository, e.g. "apps/api/pages/documents". */
function sourceFolders(dir: string): string[] {
  const entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  const own = entries.some((e) => e.isFile() && e.name.endsWith('.ts')) ? [dir] : [];
  return [
    ...own,
    ...entries.filter((e) => e.isDirectory()).flatMap((e) => sourceFolders(`${dir}/${e.name}`)),
  ];
}

/**
 * The paths the tree names: each entry's first word, under the folders above it by indentation
 * (two spaces a level), e.g. "    cases/cases.controller.ts" under "  api/" under "apps/".
 */
function treePaths(markdown: string): string[] {
  const tree = markdown.split('```')[1] ?? '';
  const folders: string[] = [];
  const paths: string[] = [];
  for (const line of tree.split('\n')) {
    const name = /^( *)(\S+)/.exec(line);
    if (!name) continue;
    const depth = name[1].length / 2;
    if (!Number.isInteger(depth) || depth > folders.length) continue;
    folders.length = depth;
    const path = [...folders, name[2].replace(/[,:]$/, '')].join('');
    paths.push(path);
    if (name[2].endsWith('/')) folders.push(name[2]);
  }
  return paths;
}

describe('docs/ARCHITECTURE.md', () => {
  const folders = ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => sourceFolders(`${top}/${e.name}`)),
  );
  const named = treePaths(doc);

  it('finds the source folders and reads its tree (the check itself works)', () => {
    expect(folders.length).toBeGreaterThan(20);
    expect(named).toContain('libs/workflows/workflow.template.ts');
    expect(relative(ROOT, join(ROOT, folders[0]))).toBe(folders[0]);
  });

  it.each(folders)('names %s', (folder) => {
    const inTree = named.some((p) => p === `${folder}/` || p.startsWith(`${folder}/`));
    expect(inTree || doc.includes(`${folder}/`)).toBe(true);
  });
});
