import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { calendarDate } from '../../../libs/governance/working-day-calendar.service';
import {
  DecisionRegisterService,
  RegisterFilter,
} from '../../../libs/register/decision-register.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { StaffPages } from '../pages/staff-pages.service';

/** A filter's date: empty means no filter; anything else must be a date that exists. */
const optionalDate = (name: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      calendarDate(
        `Enter the ${name} date as, for example, 2021-11-16`,
        `Enter a ${name} date that exists, for example, 2021-11-16`,
      ).optional(),
    );

const filterSchema = z.object({
  q: z.string().max(200).optional(),
  decisionMaker: z.string().max(200).optional(),
  keyDecision: z.enum(['', 'yes', 'no']).optional(),
  callIn: z.enum(['', 'subject', 'calledIn', 'implementable']).optional(),
  from: optionalDate('from'),
  to: optionalDate('to'),
});

/**
 * The public register of decision notices (no sign-in; exempt content never shown), and its CSV
 * export for the governance lead.
 */
@ApiExcludeController()
@Controller()
export class RegisterController {
  constructor(
    private readonly register: DecisionRegisterService,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
  ) {}

  @Get('cases/register.csv')
  async csv(@Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['governance_lead']);
    if (!staff) return;
    const entries = await this.register.list(staff.tenantId);
    res
      .type('text/csv; charset=utf-8')
      .attachment('decision-register.csv')
      .send(this.register.toCsv(entries));
  }

  @Get('register/:tenant')
  async list(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.register.tenantBySlug(slug);
    if (!tenant) return this.pages.html(res, 'not-found.njk', {}, 404);
    const parsed = filterSchema.safeParse(query);
    const errors = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ text: i.message, href: `#${String(i.path[0])}` }));
    const q = parsed.success ? parsed.data : {};
    const filter: RegisterFilter = {
      q: q.q || undefined,
      decisionMaker: q.decisionMaker || undefined,
      keyDecision: q.keyDecision ? q.keyDecision === 'yes' : undefined,
      callIn: q.callIn || undefined,
      from: q.from || undefined,
      to: q.to || undefined,
    };
    const entries = errors.length ? [] : await this.register.list(tenant.tenantId, filter);
    this.pages.html(
      res,
      'register.njk',
      { tenant, slug, entries, q, errors },
      errors.length ? 422 : 200,
    );
  }

  @Get('register/:tenant/:caseId')
  async notice(
    @Param('tenant') slug: string,
    @Param('caseId') caseId: string,
    @Res() res: Response,
  ) {
    const tenant = await this.register.tenantBySlug(slug);
    const entry =
      tenant && /^[0-9a-f-]{36}$/.test(caseId)
        ? await this.register.entry(tenant.tenantId, caseId)
        : null;
    if (!tenant || !entry) return this.pages.html(res, 'not-found.njk', {}, 404);
    this.pages.html(res, 'register-notice.njk', { tenant, slug, entry, notice: entry.notice });
  }
}
