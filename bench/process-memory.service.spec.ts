import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSettings } from './process-memory.service';

const ROOT = resolve(__dirname, '..');

describe("npm start's node flags and memory settings (ADR 0037)", () => {
  it('are read from the start script, with the defaults of the environment it sets', () => {
    const { flags, env } = startSettings(ROOT);
    expect(flags).toEqual(['--max-semi-space-size=4', '--max-old-space-size=512']);
    expect(env).toMatchObject({
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      // Blocks of 4 MiB and more (argon2id's 19 MiB, ADR 0043) mapped, and unmapped when freed.
      MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '4194304',
    });
  });

  it('are flags this node accepts', () => {
    const run = spawnSync(process.execPath, [...startSettings(ROOT).flags, '-e', '0'], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are the same for the API alone and the worker alone', () => {
    const scripts = (
      JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const tail = (s: string) =>
      /MALLOC_ARENA_MAX=\S+ MALLOC_MMAP_THRESHOLD_=\S+ node( --\S+)* /.exec(s)?.[0];
    expect(tail(scripts['start:api'])).toBe(tail(scripts.start));
    expect(tail(scripts['start:worker'])).toBe(tail(scripts.start));
  });
});
