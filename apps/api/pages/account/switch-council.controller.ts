import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { STAFF_ROLES } from '../../../../libs/staff/staff-account-input.schema';
import { StaffAuthService, type SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { PageRenderer } from '../page-renderer.service';
import { safeNext } from '../sign-in.controller';
import { FORM_EXPIRED, StaffPages } from '../staff-pages.service';

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
    private readonly staffPages: StaffPages,
  ) {}

  @Get()
  async show(@Query('next') next: unknown, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ALL_ROLES);
    if (!staff) return;
    await this.render(res, staff, safeNext(next));
  }

  @Post()
  @HttpCode(200)
  async choose(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ALL_ROLES);
    if (!staff) return;
    const next = safeNext(body?.next);
    if (!this.staffPages.csrfOk(staff, body)) return this.render(res, staff, next, FORM_EXPIRED);
    const chosen = typeof body?.council === 'string' ? body.council : '';
    const councils = await this.auth.otherCouncilsOf(staff);
    if (!councils.some((c) => c.slug === chosen))
      return this.render(res, staff, next, 'Choose the council you want to switch to', councils);
    res.redirect(
      303,
      `/sign-in?council=${encodeURIComponent(chosen)}&next=${encodeURIComponent(next)}`,
    );
  }

  private async render(
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
