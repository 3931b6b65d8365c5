import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  PASSWORD_LINK_HOURS,
  PasswordLinkUseCase,
  RESET_LINK_MINUTES,
} from '../../../libs/staff/password-link.use-case';
import { DomainError } from '../../../libs/errors/domain.errors';
import { MIN_PASSWORD_LENGTH } from '../../../libs/staff/staff-account-input.schema';
import { PageRenderer } from './page-renderer.service';

/**
 * The page a one-time link to create a password opens (GOV.UK "create a password" pattern). The
 * token in the address is the only key to it, so the form needs no CSRF token of its own: a post
 * from another site would have to know it, and would only set the password of the link's account.
 */
@ApiExcludeController()
@Controller('set-password')
export class SetPasswordController {
  constructor(
    private readonly links: PasswordLinkUseCase,
    private readonly pages: PageRenderer,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Res() res: Response) {
    const person = await this.links.check(token);
    if (!person) return this.unavailable(res);
    this.form(res, token, person, []);
  }

  @Post(':token')
  @HttpCode(200)
  async save(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const text = (k: string) => (typeof body?.[k] === 'string' ? (body[k] as string) : '');
    let result: Awaited<ReturnType<PasswordLinkUseCase['setPassword']>>;
    try {
      result = await this.links.setPassword(token, text('password'), text('confirm'));
    } catch (e) {
      // Passwords are hashed a few at a time (ADR 0043): the form again, saying to try again.
      if (!(e instanceof DomainError) || e.code !== 'SIGN_IN_BUSY') throw e;
      const person = await this.links.check(token);
      if (!person) return this.unavailable(res);
      res.setHeader('Retry-After', String(e.extra.retryAfterSeconds));
      return this.form(res, token, person, [{ field: 'password', text: e.detail }], 503);
    }
    if (result.ok) return this.pages.html(res, 'set-password-done.njk', { email: result.email });
    if (result.reason === 'unavailable') return this.unavailable(res);
    const person = await this.links.check(token);
    if (!person) return this.unavailable(res);
    this.form(res, token, person, result.errors, 422);
  }

  private form(
    res: Response,
    token: string,
    person: { name: string; email: string },
    errors: { field: string; text: string }[],
    status = 200,
  ) {
    this.pages.html(
      res,
      'set-password.njk',
      {
        token,
        person,
        minLength: MIN_PASSWORD_LENGTH,
        errors: errors.length ? errors.map((e) => ({ text: e.text, href: `#${e.field}` })) : null,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.text])),
      },
      status,
    );
  }

  private unavailable(res: Response) {
    this.pages.html(
      res,
      'set-password-unavailable.njk',
      {
        hours: PASSWORD_LINK_HOURS,
        resetMinutes: RESET_LINK_MINUTES,
      },
      404,
    );
  }
}
