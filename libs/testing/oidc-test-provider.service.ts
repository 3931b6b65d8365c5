import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import request from 'supertest';

export interface OidcTestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** Claims of a test provider's accounts, by subject (what its login page is typed). */
export type OidcTestAccounts = Record<
  string,
  { email?: string; email_verified?: boolean; name?: string }
>;

/**
 * A real OpenID Connect provider (oidc-provider, in a process of its own: docs/adr/0009) with the
 * clients and accounts a test gives it; its issuer is http://127.0.0.1:<free port>.
 */
export class OidcTestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(config: {
    clients: OidcTestClient[];
    accounts: OidcTestAccounts;
  }): Promise<OidcTestProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-test-provider.mjs')], {
      env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const issuer = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\S+)\n/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`the test OIDC provider stopped (${code}) before it was ready: ${err}`)),
      );
    });
    return new OidcTestProvider(child, issuer);
  }

  /**
   * A person at the provider's pages, as a browser is: follows the authorization request through
   * the login (typing `login`) and consent pages, and returns the address it sends the browser
   * back to (the relying party's callback with code and state), without following it.
   */
  async signInAt(authorizationUrl: string, login: string): Promise<URL> {
    const agent = request.agent(this.issuer);
    const path = (u: string) => {
      const url = new URL(u, this.issuer);
      return url.origin === this.issuer ? url.pathname + url.search : null;
    };
    let next: string | null = path(authorizationUrl);
    for (let step = 0; step < 12 && next; step++) {
      const res = await agent.get(next);
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.location as string;
        if (!path(location)) return new URL(location);
        next = path(location);
        continue;
      }
      const form = /<form[^>]*action="([^"]+)"[\s\S]*?name="prompt" value="(\w+)"/.exec(res.text);
      if (!form)
        throw new Error(`the provider showed no form: ${res.status} ${res.text.slice(0, 300)}`);
      const fields =
        form[2] === 'login' ? { prompt: 'login', login, password: 'any' } : { prompt: form[2] };
      const posted = await agent
        .post(path(form[1].replace(/&amp;/g, '&')) ?? form[1])
        .type('form')
        .send(fields);
      const location = posted.headers.location as string | undefined;
      if (!location)
        throw new Error(`the provider did not move on from ${form[2]}: ${posted.status}`);
      if (!path(location)) return new URL(location);
      next = path(location);
    }
    throw new Error('the provider never sent the browser back');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await once(this.child, 'exit');
  }
}

/**
 * The provider's address Ratify sends the browser on to after a form's POST: its page's refresh
 * of no delay and its button's link, which must agree (apps/api/pages/continue-to-provider.service.ts;
 * a 303 from the POST was blocked by the pages' `form-action 'self'`).
 */
export function continuedTo(res: { status: number; text: string }): string {
  const unescaped = (s: string | undefined) => s?.replace(/&amp;/g, '&');
  const refresh = unescaped(
    /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(res.text)?.[1],
  );
  const button = unescaped(/<a href="([^"]+)"[^>]*class="govuk-button"/.exec(res.text)?.[1]);
  if (res.status !== 200 || !refresh || refresh !== button)
    throw new Error(`no page sending the browser on (${res.status}): ${res.text.slice(0, 300)}`);
  return refresh;
}
