import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { STAFF_ROLES } from '../../../../libs/staff/staff-account-input.schema';
import { StaffAuthService, type SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { PageRenderer } from '../page-renderer.service';
import { safeNext } from '../sign-in.controller';
import { FORM_EXPIRED } from '../staff-pages.service';
import { CurrentStaff, StaffForm, StaffPage } from '../staff-page.guard';

/** Everyone signed in may work for another council too. */
const ALL_ROLES = [...STAFF_ROLES];

/**
 * /account/council: "Switch council" from the header. A session is of one council only, so the
 * other council is never reached through this one: the person chooses it here (the councils their
 * email has an account in) and signs in on that council's own sign-in page, with its own password
 * or provider and its own rules; the session here ends when that sign-in succeeds.
 */
@ApiExcludeController()
@Controller('account/council')
export class SwitchCouncilController {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  @StaffPage(...ALL_ROLES)
  async show(
    @Query('next') next: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    await this.render(res, staff, safeNext(next));
  }

  @Post()
  @HttpCode(200)
  @StaffForm<SwitchCouncilController>(ALL_ROLES, (c, { res, staff, body }) =>
    c.render(res, staff, safeNext(body?.next), FORM_EXPIRED),
  )
  async choose(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const next = safeNext(body?.next);
    const chosen = typeof body?.council === 'string' ? body.council : '';
    const councils = await this.auth.otherCouncilsOf(staff);
    if (!councils.some((c) => c.slug === chosen))
      return this.render(res, staff, next, 'Choose the council you want to switch to', councils);
    res.redirect(
      303,
      `/sign-in?council=${encodeURIComponent(chosen)}&next=${encodeURIComponent(next)}`,
    );
  }

  /** The councils to switch to, with what went wrong. */
  async render(
    res: Response,
    staff: SignedInStaff,
    next: string,
    error?: string,
    known?: { slug: string; name: string }[],
  ) {
    const councils = known ?? (await this.auth.otherCouncilsOf(staff));
    this.pages.html(
      res,
      'account/switch-council.njk',
      {
        staff,
        next,
        councils,
        errors: error ? [{ text: error, href: '#council' }] : undefined,
      },
      error ? 422 : 200,
    );
  }
}
