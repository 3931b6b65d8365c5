import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { SECURITY_HEADERS, securityHeaders } from './security-headers.service';

type Step = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The raw head a client reads after `step` ran on a response that had X-Powered-By, less its date. */
async function headOf(step: Step): Promise<string[]> {
  const server = createServer((req, res) => {
    res.setHeader('X-Powered-By', 'Express');
    step(req, res, () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const raw = await new Promise<string[]>((resolve, reject) =>
      get({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.rawHeaders));
      }).on('error', reject),
    );
    const pairs: string[] = [];
    for (let i = 0; i < raw.length; i += 2)
      if (raw[i].toLowerCase() !== 'date') pairs.push(`${raw[i]}: ${raw[i + 1]}`);
    return pairs;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/*
 * securityHeaders replays helmet's headers recorded once at start-up (issue #21): a response must
 * carry exactly what helmet itself would have set and removed, in the same order.
 */
describe("the security headers are helmet's own, recorded once", () => {
  it.each<[string, HelmetOptions]>([
    ["the service's options", SECURITY_HEADERS],
    ["helmet's defaults", {}],
    ['other options', { frameguard: { action: 'deny' }, xDnsPrefetchControl: { allow: true } }],
  ])('sends what helmet sends with %s', async (_what, options) => {
    const recorded = await headOf(securityHeaders(options));
    const helmets = await headOf(helmet(options) as Step);
    expect(recorded).toEqual(helmets);
    expect(recorded.some((h) => h.toLowerCase().startsWith('x-powered-by'))).toBe(false);
  });

  it("sends the service's HSTS, referrer policy and no-sniff", async () => {
    expect(await headOf(securityHeaders())).toEqual(
      expect.arrayContaining([
        'Strict-Transport-Security: max-age=31536000; includeSubDomains',
        'Referrer-Policy: no-referrer',
        'X-Content-Type-Options: nosniff',
      ]),
    );
  });

  it('refuses at start-up options whose headers depend on the request', () => {
    const perRequest: HelmetOptions = {
      contentSecurityPolicy: {
        directives: { scriptSrc: [(req) => `'nonce-${String(req.headers.host)}'`] },
      },
    };
    expect(() => securityHeaders(perRequest)).toThrow(/cannot be recorded once/);
  });
});
