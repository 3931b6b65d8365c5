import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** helmet's options for every response: the pages add their own Content-Security-Policy. */
export const SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
};

/** A header helmet set (its value) or removed (undefined), in helmet's order. */
type HeaderStep = readonly [name: string, value: string | undefined];

/**
 * helmet's headers as one step (issue #21): helmet is run once, at start-up, on a response that
 * records what it does, and every response then gets the same headers set and removed in the same
 * order, without helmet's eleven middlewares and their callbacks on each request. With these
 * options helmet reads nothing of the request or the response, so the headers are the same for
 * every response; should an option ever make them depend on either (a policy with a nonce),
 * helmet's reading it throws here, at start-up, rather than record one request's headers for all.
 * security-headers.spec.ts compares the result with helmet's own on real responses.
 */
export function securityHeaders(
  options: Readonly<HelmetOptions> = SECURITY_HEADERS,
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const steps = recordHelmet(options);
  return (_req, res, next) => {
    for (const [name, value] of steps)
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    next();
  };
}

function recordHelmet(options: Readonly<HelmetOptions>): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const unread = (what: string) =>
    new Proxy(
      {},
      {
        get: (_t, key) => {
          if (what === 'response' && key === 'setHeader')
            return (name: string, value: unknown) => {
              if (typeof value !== 'string')
                throw new Error(`helmet set ${name} to a ${typeof value}: not recorded`);
              steps.push([name, value]);
            };
          if (what === 'response' && key === 'removeHeader')
            return (name: string) => steps.push([name, undefined]);
          throw new Error(
            `helmet read ${what}.${String(key)}: its headers cannot be recorded once`,
          );
        },
      },
    );
  let passed = false;
  helmet({ ...options })(
    unread('request') as IncomingMessage,
    unread('response') as ServerResponse,
    (err?: unknown) => {
      if (err) throw err instanceof Error ? err : new Error(String(err));
      passed = true;
    },
  );
  if (!passed) throw new Error('helmet did not pass the response on at once: not recorded');
  return steps;
}
