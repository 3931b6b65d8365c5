import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where a Debian or Ubuntu machine keeps its Chromium, when one is installed. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The Chromium the browser tests drive, so that `npm test` needs nothing installed by hand:
 * CHROMIUM_PATH when set (`bundled` asks for the npm package's), else the system's Chromium,
 * else the one shipped inside the `@sparticuz/chromium` npm package, unpacked on first use.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const asked = env.CHROMIUM_PATH;
  if (asked && asked !== 'bundled') return asked;
  if (!asked) {
    const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (system) return system;
  }
  return bundledChromium();
}

/**
 * The package is an ES module, which jest's CommonJS sandbox cannot import: a plain Node process
 * unpacks it (into the temporary directory, once) and prints where.
 */
function bundledChromium(): string {
  const script =
    "import('@sparticuz/chromium').then(async (m) => process.stdout.write(await m.default.executablePath()))";
  return execFileSync(process.execPath, ['-e', script], {
    cwd: __dirname,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}
