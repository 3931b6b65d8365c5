import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { scopeOf } from '../../../../libs/core/tenant-scope';
import { STAFF_ROLES } from '../../../../libs/staff/staff-account-input.schema';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import {
  deviceInWords,
  StaffSessionsUseCase,
  timeInWords,
} from '../../../../libs/staff/staff-sessions.use-case';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, StaffPages } from '../staff-pages.service';
import { CurrentStaff, type ExpiredForm, StaffForm, StaffPage } from '../staff-page.guard';

/** Everyone signed in has sessions of their own. */
const ALL_ROLES = [...STAFF_ROLES];

const DONE: Record<string, string> = {
  one: 'That session is signed out.',
  others: 'Every other session is signed out.',
  gone: 'That session had already ended.',
};

const expired = (c: SessionsController, { res, staff }: ExpiredForm) =>
  c.render(res, staff, undefined, FORM_EXPIRED, 403);

/** /account/sessions: where a member of staff is signed in, and signing out any of it. */
@ApiExcludeController()
@Controller('account/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: StaffSessionsUseCase,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
  ) {}

  @Get()
  @StaffPage(...ALL_ROLES)
  async show(
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.render(
      res,
      staff,
      typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined,
    );
  }

  @Post('others/end')
  @StaffForm<SessionsController>(ALL_ROLES, expired)
  async endOthers(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.sessions.endOthers(scopeOf(staff), staff.accountId, staff.sessionId);
    res.redirect(303, '/account/sessions?done=others');
  }

  @Post(':id/end')
  @StaffForm<SessionsController>(ALL_ROLES, expired)
  async end(@Param('id') id: string, @CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    const ended = await this.sessions.end(scopeOf(staff), staff.accountId, id);
    if (ended && id === staff.sessionId) {
      this.staffPages.clearSessionCookie(res);
      return res.redirect(303, '/sign-in');
    }
    res.redirect(303, `/account/sessions?done=${ended ? 'one' : 'gone'}`);
  }

  /** The sessions page, with what was just done or what went wrong (the expired form too). */
  async render(res: Response, staff: SignedInStaff, done?: string, error?: string, status = 200) {
    const rows = await this.sessions.list(scopeOf(staff), staff.accountId);
    this.pages.html(
      res,
      'account/sessions.njk',
      {
        staff,
        done,
        errors: error ? [{ text: error, href: '#sessions' }] : null,
        sessions: rows.map((s) => ({
          id: s.id,
          current: s.id === staff.sessionId,
          device: deviceInWords(s.userAgent),
          how:
            s.method === 'password'
              ? 'With a password'
              : `Through ${s.providerName ?? 'your organisation’s sign-in'}`,
          signedIn: timeInWords(s.createdAt),
          lastSeen: timeInWords(s.lastSeenAt ?? s.createdAt),
        })),
      },
      status,
    );
  }
}
