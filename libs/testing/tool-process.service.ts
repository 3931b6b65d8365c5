import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The compiled command-line tool `name` (tools/<name>.ts), built first when dist has none or an
 * older one than its sources: a bare `npx jest` must test the tool as the code now is.
 */
export function ensureToolBuilt(name: string, sources: string[]): string {
  const js = join(ROOT, 'dist', 'tools', `${name}.js`);
  const fresh = (src: string) => statSync(join(ROOT, src)).mtimeMs <= statSync(js).mtimeMs;
  if (existsSync(js) && [`tools/${name}.ts`, ...sources].every(fresh)) return js;
  try {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (e) {
    // tsc still writes every file when another file of the tree has a type error.
    if (!existsSync(js)) throw e;
  }
  return js;
}

/** Runs a built tool against a database, as an operator would: its exit code, stdout and stderr. */
export async function runTool(
  js: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ratify-tool-'));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [js, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw e;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
