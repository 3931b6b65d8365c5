import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Every source tsconfig.build.json compiles: what any tool may load from dist (its imports, the
 * modules it imports when first used, the scripts of its worker threads), read from the build's
 * own configuration rather than listed by each test, so that no list drifts from the code.
 */
export function buildSources(root: string = ROOT): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`no tsconfig.build.json in ${root}`);
  return config.fileNames;
}

/**
 * The build's sources changed since it was last built: newer than dist/.tsbuildinfo, which
 * `tsc -b` writes, or touches when a source was touched without being changed (it then writes
 * no JavaScript, so a source newer than its own .js is not by itself one the build has not seen).
 * Every source when there is no build yet.
 */
export function staleSources(root: string = ROOT): string[] {
  const info = join(root, 'dist', '.tsbuildinfo');
  const built = existsSync(info) ? statSync(info).mtimeMs : -Infinity;
  return buildSources(root).filter((src) => statSync(src).mtimeMs > built);
}

/**
 * The compiled command-line tool `name` (tools/<name>.ts), built first (`tsc -b`, as `npm run
 * build`) when dist has none or any source of the build changed since: a bare `npx jest` must
 * test the tool as the code now is, whichever of its modules changed.
 */
export function ensureToolBuilt(name: string): string {
  const js = join(ROOT, 'dist', 'tools', `${name}.js`);
  if (existsSync(js) && staleSources().length === 0) return js;
  try {
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
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
