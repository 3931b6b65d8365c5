import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { bindTenant, NO_COUNCIL } from '../../../libs/core/tenant-context.service';
import { councilOfLink } from '../../../libs/links/link-council.repository';
import {
  councilOfPasswordLink,
  councilOfSession,
} from '../../../libs/staff/session-council.repository';
import { SESSION_COOKIE } from '../pages/staff-pages.service';

/**
 * Binds each request's tenant scope to the council named by what it carries, before any guard or
 * handler runs (ADR 0015): a one-time link's token (/act/:token and what hangs off it), a
 * set-password link's (/set-password/:token), else a staff session cookie. Each look-up returns the council's id only; the link or the session is
 * then read bound to it. A token or cookie that names nothing binds NO_COUNCIL, where it is simply
 * not found. A request carrying neither stays bound to none until its API key or the register's
 * slug binds it.
 */
export function bindRequestCouncil(ds: DataSource) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const linkToken = /^\/act\/([A-Za-z0-9_-]{43})(\/|$)/.exec(req.path)?.[1];
    const passwordToken = /^\/set-password\/([A-Za-z0-9_-]{43})$/.exec(req.path)?.[1];
    const session = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (!linkToken && !passwordToken && !session) return next();
    const council = linkToken
      ? councilOfLink(ds, linkToken)
      : passwordToken
        ? councilOfPasswordLink(ds, passwordToken)
        : councilOfSession(ds, session);
    council.then(
      (tenantId) => {
        bindTenant(tenantId ?? NO_COUNCIL);
        next();
      },
      (e: unknown) => next(e),
    );
  };
}
