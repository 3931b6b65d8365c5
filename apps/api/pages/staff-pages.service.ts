import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Settings } from '../../../libs/config/settings.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { SETTINGS } from '../../../libs/engine/engine.module';
import type { StaffRole } from '../../../libs/staff/staff-account.entity';
import {
  SessionFound,
  SignedInStaff,
  StaffAuthService,
} from '../../../libs/staff/staff-auth.service';
import { keepRequestSession, requestSession } from '../http/request-session';
import { PageRenderer } from './page-renderer.service';
import { bindTenant } from '../../../libs/core/tenant-context.service';

export const SESSION_COOKIE = 'ratify_session';
const SIGN_IN_COOKIE = 'ratify_sign_in';

/**
 * The sign-in form carries a hash of its cookie, not the cookie: a page kept in a browser's history
 * (or its source) then does not give back the cookie that signing in cleared, so its council
 * choice cannot be posted again by setting the cookie by hand on a shared computer.
 */
function signInFormToken(cookie: string): string {
  return createHash('sha256').update(`ratify sign-in form\n${cookie}`).digest('base64url');
}

function formToken(body: unknown): string {
  const token = (body as Record<string, unknown> | undefined)?._csrf;
  return typeof token === 'string' ? token : '';
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return expected.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

/** A form field as typed, trimmed; empty when absent or not text. */
export function formText(body: Record<string, unknown>, key: string): string {
  return typeof body[key] === 'string' ? (body[key] as string).trim() : '';
}

/** The engine's actor for a member of staff acting through the pages. */
export function staffActor(staff: SignedInStaff): Actor {
  return { kind: 'person', tenantId: staff.tenantId, person: staff.person };
}

/** What every staff form says when its CSRF token does not match the session's. */
export const FORM_EXPIRED = 'The form has expired. Reload the page and try again.';

/** Sign-in, roles and CSRF for the staff pages, in one place. */
@Injectable()
export class StaffPages {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly pages: PageRenderer,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /**
   * The session the request's cookie names, read once per request: what the council middleware
   * found (ADR 0024), else read now and kept for the rest of the request.
   */
  async sessionOf(req: Request): Promise<SessionFound | null> {
    const found = requestSession(req);
    if (found !== undefined) return found;
    const read = await this.auth.lookUp(
      (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE],
    );
    keepRequestSession(req, read);
    return read;
  }

  /** The signed-in member of staff with one of `roles`; otherwise the response is sent (sign-in or 403). */
  async require(req: Request, res: Response, roles: StaffRole[]): Promise<SignedInStaff | null> {
    const found = await this.sessionOf(req);
    const staff = found?.staff ?? null;
    // A signed-in page is never kept: Back after signing out must not show it again.
    res.setHeader('Cache-Control', 'no-store');
    // Row-level security (ADR 0015): the rest of the page sees this council's rows only.
    if (staff) bindTenant(staff.tenantId);
    if (!staff) {
      const owes = found?.pending;
      res.redirect(
        303,
        `/sign-in/${owes ? 'two-factor' : ''}?next=${encodeURIComponent(req.originalUrl)}`.replace(
          '/?',
          '?',
        ),
      );
      return null;
    }
    // Administrators who sign in with a password set up an authenticator before anything else.
    if (staff.mustEnrolSecondFactor && !req.path.startsWith('/account/two-factor')) {
      res.redirect(303, '/account/two-factor');
      return null;
    }
    if (!roles.includes(staff.role) && staff.role !== 'administrator') {
      this.pages.html(res, 'forbidden.njk', { staff }, 403);
      return null;
    }
    return staff;
  }

  /** Every form posts the session's CSRF token; a POST without it changes nothing. */
  csrfOk(staff: SignedInStaff, body: unknown): boolean {
    return sameToken(formToken(body), staff.csrfToken);
  }

  /**
   * The sign-in form's token, before there is a session: a random value in a cookie that only
   * this site's pages can set and that SameSite keeps off another site's posts, its hash repeated
   * in the form (double submit).
   */
  newSignInCsrf(res: Response): string {
    const token = randomBytes(24).toString('base64url');
    res.cookie(SIGN_IN_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.PUBLIC_ORIGIN.startsWith('https:'),
      path: '/sign-in',
      maxAge: 3600_000,
    });
    return signInFormToken(token);
  }

  /**
   * Ends the sign-in form's token once a session begins: a sign-in or council choice posted again
   * from this browser (back and resubmit on a shared computer, after the person signed out) then
   * finds no token and signs nobody in, though its choice has minutes left to run.
   */
  endSignInCsrf(res: Response): void {
    res.clearCookie(SIGN_IN_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.PUBLIC_ORIGIN.startsWith('https:'),
      path: '/sign-in',
    });
  }

  signInCsrfOk(req: Request, body: unknown): boolean {
    const cookie = (req.cookies as Record<string, string> | undefined)?.[SIGN_IN_COOKIE];
    return typeof cookie === 'string' && sameToken(formToken(body), signInFormToken(cookie));
  }

  setSessionCookie(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.PUBLIC_ORIGIN.startsWith('https:'),
      path: '/',
      maxAge: 8 * 3600_000,
    });
  }

  clearSessionCookie(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
