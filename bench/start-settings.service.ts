import { spawn } from 'node:child_process';
import { startSettings } from './process-memory.service';

/** Set in the environment of a bench run again under npm start's settings (rerunUnderStart). */
const UNDER_START = 'RATIFY_BENCH_UNDER_START_SETTINGS';

/**
 * The node flags of package.json's start script and the C library's memory settings it sets
 * (MALLOC_*): how the process runs, without what the script sets for a developer's machine
 * (DEV_MAILBOX, whose SMTP server would take port 2525, and SEED_DEMO), which a deployment sets
 * for itself.
 */
export function runtimeSettings(root: string): { flags: string[]; env: Record<string, string> } {
  const start = startSettings(root);
  const env = Object.fromEntries(
    Object.entries(start.env).filter(([k]) => k.startsWith('MALLOC_')),
  );
  return { flags: start.flags, env };
}

/**
 * Runs this bench's own script again, as a child, under the node flags and memory settings that
 * package.json's start script gives the server (MALLOC_* and --max-semi-space-size among them),
 * unless it already runs under them; resolves to the child's exit code, or to null when this
 * process is the one to do the work. A bench that compares work done in its own process with work
 * done in a server started as a deployment starts it (bench:http) runs both under the same
 * settings this way, so that a flag is never a gift to one side alone. MALLOC_* are read by the C
 * library when a process starts, and V8's heap flags when its heap is made: hence a new process,
 * not settings changed from inside this one.
 */
export function rerunUnderStart(root: string): Promise<number | null> {
  if (process.env[UNDER_START] === '1') return Promise.resolve(null);
  const start = runtimeSettings(root);
  const child = spawn(
    process.execPath,
    [...start.flags, ...process.execArgv, process.argv[1], ...process.argv.slice(2)],
    { env: { ...process.env, ...start.env, [UNDER_START]: '1' }, stdio: 'inherit' },
  );
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}
