import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  SECOND_FACTOR_LOCK_MINUTES,
  SecondFactorUseCase,
} from '../../../../libs/staff/second-factor.use-case';
import { STAFF_ROLES } from '../../../../libs/staff/staff-account-input.schema';
import { type SignedInStaff, StaffAuthService } from '../../../../libs/staff/staff-auth.service';
import { scopeOf } from '../../../../libs/core/tenant-scope';
import { PageRenderer } from '../page-renderer.service';
import { safeNext } from '../sign-in.controller';
import { FORM_EXPIRED, StaffPages, formText } from '../staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';

const WRONG =
  'Enter the 6-digit code your authenticator app shows now, or one of your recovery codes';
const REUSED =
  'That code has been used already. Wait for your authenticator app to show a new code, then enter it';
const LOCKED = `Too many wrong codes. Wait ${SECOND_FACTOR_LOCK_MINUTES} minutes, then try again with a new code.`;

/**
 * The second step of a password sign-in (/sign-in/two-factor) and setting up an authenticator
 * app (/account/two-factor: a QR code, then recovery codes shown once).
 */
@ApiExcludeController()
@Controller()
export class TwoFactorController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly factors: SecondFactorUseCase,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
  ) {}

  @Get('sign-in/two-factor')
  async ask(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response) {
    const pending = (await this.staffPages.sessionOf(req))?.pending;
    if (!pending) return res.redirect(303, '/sign-in');
    this.pages.html(res, 'sign-in-two-factor.njk', {
      next: safeNext(next),
      csrf: pending.csrfToken,
    });
  }

  @Post('sign-in/two-factor')
  @HttpCode(200)
  async answer(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const pending = (await this.staffPages.sessionOf(req))?.pending;
    if (!pending) return res.redirect(303, '/sign-in');
    const next = safeNext(body?.next);
    const code = formText(body, 'code').slice(0, 40);
    const again = (text: string, status: number) =>
      this.pages.html(
        res,
        'sign-in-two-factor.njk',
        { next, csrf: pending.csrfToken, errors: [{ text, href: '#code' }] },
        status,
      );
    if (!this.staffPages.csrfOk({ csrfToken: pending.csrfToken } as never, body))
      return again(FORM_EXPIRED, 403);
    if (!code) return again(WRONG, 422);
    const checked = await this.factors.verify(scopeOf(pending), pending.accountId, code);
    if (checked === 'locked') return again(LOCKED, 429);
    if (checked === 'reused') return again(REUSED, 422);
    if (checked === 'wrong') return again(WRONG, 422);
    const token = await this.auth.completeSecondFactor(pending, req.get('user-agent'));
    this.staffPages.setSessionCookie(res, token);
    res.redirect(303, next);
  }

  @Get('account/two-factor')
  @StaffPage(...STAFF_ROLES)
  async setUp(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    if (await this.factors.enrolled(scopeOf(staff), staff.accountId))
      return this.pages.html(res, 'account/two-factor.njk', {
        staff,
        enrolled: true,
        codesLeft: await this.factors.recoveryCodesLeft(scopeOf(staff), staff.accountId),
      });
    const { secret, qr } = await this.factors.begin({ ...staff, email: staff.person.email });
    this.pages.html(res, 'account/two-factor.njk', {
      staff,
      qr,
      secret: secret.match(/.{1,4}/g)!.join(' '),
      required: staff.mustEnrolSecondFactor,
    });
  }

  @Post('account/two-factor')
  @HttpCode(200)
  @StaffForm<TwoFactorController>([...STAFF_ROLES], (c, { res, staff }) =>
    c.setUpAgain(res, staff, 'expired'),
  )
  async confirm(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const code = formText(body, 'code').slice(0, 40);
    const result = await this.factors.confirm(scopeOf(staff), staff.accountId, code);
    if (Array.isArray(result))
      return this.pages.html(res, 'account/two-factor-codes.njk', { staff, codes: result });
    await this.setUpAgain(res, staff, result);
  }

  /** The set-up page again with a new secret, saying why the code was not taken. */
  async setUpAgain(res: Response, staff: SignedInStaff, result: 'expired' | 'locked' | null) {
    const { secret, qr } = await this.factors.begin({ ...staff, email: staff.person.email });
    const text =
      result === 'expired'
        ? FORM_EXPIRED
        : result === 'locked'
          ? LOCKED
          : 'Enter the 6-digit code your authenticator app shows now for Ratify';
    this.pages.html(
      res,
      'account/two-factor.njk',
      {
        staff,
        qr,
        secret: secret.match(/.{1,4}/g)!.join(' '),
        required: staff.mustEnrolSecondFactor,
        errors: [{ text, href: '#code' }],
      },
      result === 'expired' ? 403 : result === 'locked' ? 429 : 422,
    );
  }
}
