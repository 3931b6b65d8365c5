import type { Request } from 'express';
import type { SessionFound } from '../../../libs/staff/staff-auth.service';

/** A request as the council middleware leaves it: the session its cookie names, once read. */
type RequestWithSession = Request & { staffSession?: SessionFound | null };

/** Keeps the session the middleware found on the request, for the page guard to use (ADR 0024). */
export function keepRequestSession(req: Request, found: SessionFound | null): void {
  (req as RequestWithSession).staffSession = found;
}

/**
 * The session the middleware found for this request: null when the cookie names none, undefined
 * when nothing has looked (no cookie, or a link token's council was bound instead).
 */
export function requestSession(req: Request): SessionFound | null | undefined {
  return (req as RequestWithSession).staffSession;
}
