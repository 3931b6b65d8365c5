import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** A caller's requests in its window, and its policy header (the same on each of its replies). */
interface Caller {
  hits: number;
  resetAt: number;
  policy: string;
}

/** The name draft-8 headers give a policy: express-rate-limit's, e.g. "100-in-1min". */
function policyName(limit: number, windowMs: number): string {
  const minutes = windowMs / 60_000;
  if (windowMs < 60_000) return `${limit}-in-${windowMs / 1000}sec`;
  if (minutes < 60) return `${limit}-in-${minutes}min`;
  const hours = minutes / 60;
  if (hours < 24) return `${limit}-in-${hours}hr${hours > 1 ? 's' : ''}`;
  const days = hours / 24;
  return `${limit}-in-${days}day${days > 1 ? 's' : ''}`;
}

/** The limit as middleware, and `stop()`: its window's timer cleared when the server closes. */
export type ApiRateLimit = ((req: Request, res: Response, next: NextFunction) => void) & {
  stop: () => void;
};

/**
 * The API's rate limit (issue #21): what express-rate-limit 8 did for /api with its memory store
 * and draft-8 headers, counted the same way and answered with the same bytes, in one synchronous
 * step. Each caller (its key) has a window of `windowMs` from its first request in it; every
 * request counts; past `limit` in a window a request is refused (Retry-After, then `refuse`). Each
 * response carries `RateLimit` (what is left, seconds to the window's end) and `RateLimit-Policy`
 * (the limit, the window, the key's partition: the first 12 hex digits of its SHA-256, base64).
 * Callers not seen for a whole window are forgotten in bulk, as the store did (two maps swapped
 * every window). The library spent ~6 awaits, a SHA-256, the request's address for a debug line
 * and Express's header helpers on every request; the event lane runs it first (docs/adr/0040).
 */
export function apiRateLimit(options: {
  limit: number;
  windowMs: number;
  keyOf: (req: Request) => string;
  refuse: (req: Request, res: Response) => void;
}): ApiRateLimit {
  const { limit, windowMs, keyOf, refuse } = options;
  const name = `"${policyName(limit, windowMs)}"`;
  const windowSeconds = Math.ceil(windowMs / 1000);
  let current = new Map<string, Caller>();
  let previous = new Map<string, Caller>();
  const sweep = setInterval(() => {
    previous = current;
    current = new Map();
  }, windowMs).unref();

  const callerOf = (key: string, now: number): Caller => {
    let caller = current.get(key);
    if (caller) return caller;
    caller = previous.get(key);
    if (caller) previous.delete(key);
    else {
      const hex = createHash('sha256').update(key).digest('hex').slice(0, 12);
      const partition = Buffer.from(hex).toString('base64');
      caller = {
        hits: 0,
        resetAt: now + windowMs,
        policy: `${name}; q=${limit}; w=${windowSeconds}; pk=:${partition}:`,
      };
    }
    current.set(key, caller);
    return caller;
  };

  const limiter = (req: Request, res: Response, next: NextFunction) => {
    // One clock reading for the request: its window, what is left and the seconds to its end.
    const now = Date.now();
    const caller = callerOf(keyOf(req), now);
    if (caller.resetAt <= now) {
      caller.hits = 0;
      caller.resetAt = now + windowMs;
    }
    caller.hits++;
    const remaining = Math.max(limit - caller.hits, 0);
    const left = secondsLeft(caller.resetAt, now);
    res.setHeader('RateLimit', `${name}; r=${remaining}; t=${left}`);
    res.setHeader('RateLimit-Policy', caller.policy);
    if (caller.hits <= limit) return next();
    res.setHeader('Retry-After', String(left));
    refuse(req, res);
  };
  return Object.assign(limiter, { stop: () => clearInterval(sweep) });
}

/** Whole seconds from `now` until `at`, rounded up, never below 0. */
function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
