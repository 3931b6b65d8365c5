import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { acrossCouncils } from '../../../libs/core/across-councils';
import { bindTenant, NO_COUNCIL } from '../../../libs/core/tenant-context.service';
import { councilOfLink } from '../../../libs/links/link-council.repository';
import { councilOfPasswordLink } from '../../../libs/staff/session-council.repository';
import type { StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { SESSION_COOKIE } from '../pages/staff-pages.service';
import { keepRequestSession } from './request-session';

/**
 * Binds each request's tenant scope to the council named by what it carries, before any guard or
 * handler runs (ADR 0015): a one-time link's token (/act/:token and what hangs off it), a
 * set-password link's (/set-password/:token), else a staff session cookie. A link's look-up
 * returns the council's id only; the link is then read bound to it. A session is read once, its
 * council with it, and kept on the request for the page guard (ADR 0024). A token or cookie that
 * names nothing binds NO_COUNCIL, where it is simply not found. A request carrying neither stays
 * bound to none until its API key or the register's slug binds it.
 */
export function bindRequestCouncil(ds: DataSource, auth: StaffAuthService) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const linkToken = /^\/act\/([A-Za-z0-9_-]{43})(\/|$)/.exec(req.path)?.[1];
    const passwordToken = /^\/set-password\/([A-Za-z0-9_-]{43})$/.exec(req.path)?.[1];
    const session = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (!linkToken && !passwordToken && !session) return next();
    const council = linkToken
      ? councilOfLink(acrossCouncils('council look-up'), ds, linkToken)
      : passwordToken
        ? councilOfPasswordLink(acrossCouncils('council look-up'), ds, passwordToken)
        : auth.lookUp(session).then((found) => {
            keepRequestSession(req, found);
            return found?.tenantId ?? null;
          });
    council.then(
      (tenantId) => {
        bindTenant(tenantId ?? NO_COUNCIL);
        next();
      },
      (e: unknown) => next(e),
    );
  };
}
