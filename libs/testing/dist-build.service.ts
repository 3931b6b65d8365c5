import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
/** What a built process runs from; `dist/` is compiled from these folders (tsconfig.build.json). */
const SOURCES = ['apps', 'libs', 'migrations', 'tools'].map((d) => join(ROOT, d));
const NOT_BUILT = join(ROOT, 'libs', 'testing');
/** Written after each build here: the build is incremental, so an output's own time says little. */
const BUILT = join(ROOT, 'dist', '.built-at');
const LOCK = join(ROOT, 'dist', '.building');
/** A build takes well under this; a lock older than it was left by a killed process. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;

/** The last time a TypeScript source under `dir` changed (specs are not built into dist). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== NOT_BUILT) newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/spec\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const isCurrent = (main: string) =>
  existsSync(main) &&
  existsSync(BUILT) &&
  statSync(BUILT).mtimeMs >= Math.max(...SOURCES.map(newestSource));

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds `dist/` (incrementally, as `npm run build` does) when `main` is missing or a source
 * changed since this last built it. `npm test` builds before jest runs, but a bare `npx jest`
 * after an edit or a rebase (a new migration, say) would otherwise start processes from stale
 * code that fail in misleading ways. Jest workers in parallel build once: the first takes a lock
 * directory and the others wait for it to go.
 */
export function ensureDistBuilt(main: string): void {
  if (isCurrent(main)) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS)
        rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build held ${LOCK} too long`);
      else pause(200);
    }
  }
  try {
    if (isCurrent(main)) return;
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    if (!existsSync(main)) throw new Error(`building dist did not produce ${main}`);
    writeFileSync(BUILT, new Date().toISOString());
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
