import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { createHash } from 'node:crypto';

/**
 * The link a request is for (/act/<token>, /act/<token>/documents/<n>), as a digest: the
 * limiter's memory holds no token.
 */
function linkOf(path: string): string {
  return createHash('sha256')
    .update(path.split('/')[1] ?? '')
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The rate limits of emailed links (/act), keyed so that a mail scanner cannot lock a person out.
 *
 * A council's scanner (Safe Links, Mimecast) often fetches from the same address as the people it
 * protects, and fetches every link in every email, with HEAD as often as GET. So:
 * - each link is limited per address on its own (token and address), so that a scanner hammering
 *   one person's link never uses up another person's;
 * - HEAD (what scanners send, and which shows and changes nothing) counts in a bucket of its own,
 *   four times larger, so that a scanner's HEADs never use up the person's GETs and POSTs;
 * - an address is limited across all links only by its refused requests (an unknown or closed
 *   link), which is what guessing tokens looks like; a scanner opening good links is not.
 */
export function linkRateLimits(
  limit: number,
  refuse: (req: Request, res: Response) => void,
): RequestHandler[] {
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: refuse,
  };
  return [
    rateLimit({
      ...common,
      limit,
      skip: (req) => req.method === 'HEAD',
      keyGenerator: (req) => `link:${linkOf(req.path)}:${ipKeyGenerator(req.ip ?? '')}`,
    }),
    rateLimit({
      ...common,
      limit: limit * 4,
      skip: (req) => req.method !== 'HEAD',
      keyGenerator: (req) => `head:${linkOf(req.path)}:${ipKeyGenerator(req.ip ?? '')}`,
    }),
    rateLimit({
      ...common,
      limit,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `refused:${ipKeyGenerator(req.ip ?? '')}`,
    }),
  ];
}
