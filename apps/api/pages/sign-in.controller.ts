import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';
import { FORM_EXPIRED, SESSION_COOKIE, StaffPages } from './staff-pages.service';

/** Only local paths: a sign-in link must never send someone to another site. */
const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(next) ? next : '/cases';

@ApiExcludeController()
@Controller()
export class SignInController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly pages: PageRenderer,
    private readonly staff: StaffPages,
  ) {}

  @Get()
  home(@Res() res: Response) {
    res.redirect(303, '/cases');
  }

  @Get('sign-in')
  show(@Query('next') next: string | undefined, @Res() res: Response) {
    this.pages.html(res, 'sign-in.njk', {
      next: safeNext(next),
      form: {},
      csrf: this.staff.newSignInCsrf(res),
    });
  }

  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const email = typeof body?.email === 'string' ? body.email : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    const errors: { text: string; href: string }[] = [];
    // A sign-in form posted from another site (login CSRF) carries no token of ours.
    if (!this.staff.signInCsrfOk(req, body)) errors.push({ text: FORM_EXPIRED, href: '#email' });
    if (!email.trim()) errors.push({ text: 'Enter your email address', href: '#email' });
    if (!password) errors.push({ text: 'Enter your password', href: '#password' });
    const token =
      errors.length === 0 ? await this.auth.signIn(email, password.slice(0, 1000)) : null;
    if (!token) {
      if (errors.length === 0)
        errors.push({ text: 'The email address or password is not right', href: '#email' });
      this.pages.html(
        res,
        'sign-in.njk',
        {
          next: safeNext(body?.next),
          form: { email },
          errors,
          csrf: this.staff.newSignInCsrf(res),
        },
        422,
      );
      return;
    }
    this.staff.setSessionCookie(res, token);
    res.redirect(303, safeNext(body?.next));
  }

  /**
   * Signs out the session and clears its cookie, together or not at all: a post without the
   * session's token (from another site) is asked to confirm, and the session stays as it was.
   */
  @Post('sign-out')
  async signOut(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const who = await this.auth.resolve(token);
    if (who && !this.staff.csrfOk(who, body)) {
      this.pages.html(res, 'sign-out.njk', { staff: who }, 403);
      return;
    }
    if (who) await this.auth.signOut(token);
    this.staff.clearSessionCookie(res);
    res.redirect(303, '/sign-in');
  }
}
