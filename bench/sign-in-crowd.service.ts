import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * The soak's crowd of sign-ins (issue #21, ADR 0043): staff signing in at the same moment, each
 * from an address of their own (X-Forwarded-For, the server trusting its loopback proxy, so that
 * the limit of 20 sign-ins a minute per address is not what stops them), half with the right
 * password and half with a wrong one; every one of them checks an argon2id hash unless the gate
 * (PASSWORD_CHECKS_AT_ONCE) keeps it waiting past half of REQUEST_TIMEOUT_MS (503 SIGN_IN_BUSY).
 */
export interface SignInTally {
  /** 'signed in' (303), 'wrong password' (422, the form again), 'busy' (503), or the status. */
  byOutcome: Map<string, number>;
  latencies: number[];
  /** The most sign-ins under way at once, as the bench sent them. */
  mostAtOnce: number;
}

export const newSignInTally = (): SignInTally => ({
  byOutcome: new Map(),
  latencies: [],
  mostAtOnce: 0,
});

let addresses = 0;
let underWay = 0;

/** A private address (10.0.0.0/8) of its own for each sign-in. */
function nextAddress(): string {
  const n = addresses++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

async function signInOnce(
  base: string,
  account: { email: string; password: string },
  right: boolean,
  tally: SignInTally,
): Promise<void> {
  const from = { 'X-Forwarded-For': nextAddress() };
  underWay++;
  tally.mostAtOnce = Math.max(tally.mostAtOnce, underWay);
  const began = performance.now();
  try {
    const page = await fetch(`${base}/sign-in`, { headers: from });
    const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const res = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...from,
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: cookies.join('; '),
      },
      body: new URLSearchParams({
        email: account.email,
        password: right ? account.password : `${account.password}-not`,
        _csrf: csrf,
      }).toString(),
    });
    await res.arrayBuffer();
    const outcome =
      res.status === 303 || res.status === 302
        ? 'signed in'
        : res.status === 503
          ? 'busy'
          : res.status === 422 && !right
            ? 'wrong password'
            : `${right ? 'right' : 'wrong'} password answered ${res.status}`;
    tally.byOutcome.set(outcome, (tally.byOutcome.get(outcome) ?? 0) + 1);
  } finally {
    underWay--;
    tally.latencies.push(performance.now() - began);
  }
}

/** `atOnce` sign-ins sent together, alternately right and wrong, across the given accounts. */
export function signInCrowd(
  base: string,
  accounts: readonly { email: string; password: string }[],
  atOnce: number,
  tally: SignInTally,
): Promise<void> {
  return Promise.all(
    Array.from({ length: atOnce }, (_, i) =>
      signInOnce(base, accounts[i % accounts.length], i % 2 === 0, tally),
    ),
  ).then(() => undefined);
}

/**
 * Node flags that let the bench ask the server for a full garbage collection (SIGUSR2), to read
 * the RSS that survives one: --expose-gc only makes gc() callable; nothing else changes.
 */
export function collectOnSignalFlags(): string[] {
  const dir = mkdtempSync(join(os.tmpdir(), 'ratify-soak-gc-'));
  const file = join(dir, 'collect-on-signal.js');
  writeFileSync(file, "process.on('SIGUSR2', () => { if (global.gc) global.gc(); });\n");
  return ['--expose-gc', '--require', file];
}
