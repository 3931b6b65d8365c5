import type { ChildProcess } from 'node:child_process';
import { DEMO_PASSWORDS } from '../libs/demo/demo-seed.service';

/** The soak's server (bench/soak.bench.ts): ready to serve, and a session of the demo's officer. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntilReady(base: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error('the server was not ready after five minutes');
}

export async function signIn(base: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.join('; ') },
    body: new URLSearchParams({ ...DEMO_PASSWORDS.officer, _csrf: csrf }).toString(),
  });
  if (res.status !== 303 && res.status !== 302) throw new Error(`sign-in answered ${res.status}`);
  return [...cookies, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
}
