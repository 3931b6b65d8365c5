import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Settings } from '../../../libs/config/settings.service';
import type { Actor } from '../../../libs/engine/actor.dto';
import { SETTINGS } from '../../../libs/engine/engine.module';
import type { StaffRole } from '../../../libs/staff/staff-account.entity';
import { SignedInStaff, StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';

export const SESSION_COOKIE = 'ratify_session';

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

  /** The signed-in member of staff with one of `roles`; otherwise the response is sent (sign-in or 403). */
  async require(req: Request, res: Response, roles: StaffRole[]): Promise<SignedInStaff | null> {
    const staff = await this.auth.resolve(
      (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE],
    );
    if (!staff) {
      res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
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
    const given = Buffer.from(String((body as Record<string, unknown> | undefined)?._csrf ?? ''));
    const expected = Buffer.from(staff.csrfToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
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
