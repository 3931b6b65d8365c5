import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DomainError, InvalidInputError } from '../../../libs/errors/domain.errors';
import { forwardPlanAtom, newSince } from '../../../libs/forward-plan/forward-plan-feed.service';
import { ForwardPlanService } from '../../../libs/forward-plan/forward-plan.service';
import { calendarDate } from '../../../libs/governance/working-day-calendar.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { dayInWords } from '../pages/forms/words.service';
import { dateInputItems } from '../pages/forms/date-field.service';
import { readQueryDates } from '../register/register-date-filter.service';
import { editionJson, editionRow, listingRow } from './forward-plan.presenter';

const sinceSchema = z.object({
  since: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      calendarDate(
        'Enter the date as, for example, 2025-08-01',
        'Enter a date that exists, for example, 2025-08-01',
      ).optional(),
    ),
});

/** The page's one date: the day from which decisions new to the plan are shown. */
const SINCE = [{ name: 'since', label: 'the date to show decisions added since' }] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function noSuchCouncil(slug: string) {
  return new DomainError(
    'ROUTE_NOT_FOUND',
    'No such council',
    `No council publishes a forward plan at ${JSON.stringify(slug)}: check the address.`,
  );
}

/**
 * The public forward plan of key decisions (reg 9), no sign-in: the latest published edition as a
 * page (with "new since"), JSON and an Atom feed, and the history of every edition published.
 */
@ApiExcludeController()
@Controller('forward-plan/:tenant')
export class ForwardPlanController {
  constructor(
    private readonly plan: ForwardPlanService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  async page(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.plan.tenantBySlug(slug);
    if (!tenant) return this.pages.html(res, 'not-found.njk', {}, 404);
    // A GOV.UK date input (since-day, since-month, since-year); an ISO `since` read as typed in it.
    const read = readQueryDates((query ?? {}) as Record<string, unknown>, SINCE);
    const errors = read.errors;
    const since = read.iso.since;
    const edition = await this.plan.latest(tenant.tenantId);
    const entries = edition && !errors.length ? newSince(edition.entries, since) : [];
    this.pages.html(
      res,
      'forward-plan.njk',
      {
        tenant,
        slug,
        edition: edition && editionRow(edition),
        rows: entries.map((l) => listingRow(l, edition)),
        sinceItems: dateInputItems('since', read.typed.since, errors.length > 0),
        sinceInWords: since ? dayInWords(since) : null,
        errors,
      },
      errors.length ? 422 : 200,
    );
  }

  @Get('plan.json')
  async json(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.plan.tenantBySlug(slug);
    if (!tenant) throw noSuchCouncil(slug);
    const parsed = sinceSchema.safeParse(query);
    if (!parsed.success)
      throw new InvalidInputError('Fix the date in problems.', [
        { path: 'since', message: parsed.error.issues[0].message },
      ]);
    const edition = await this.plan.latest(tenant.tenantId);
    res.json({
      council: tenant.name,
      published: edition
        ? editionJson(edition, newSince(edition.entries, parsed.data.since))
        : null,
    });
  }

  @Get('feed.atom')
  async feed(@Param('tenant') slug: string, @Req() req: Request, @Res() res: Response) {
    const tenant = await this.plan.tenantBySlug(slug);
    if (!tenant) throw noSuchCouncil(slug);
    const edition = await this.plan.latest(tenant.tenantId);
    res.type('application/atom+xml; charset=utf-8').send(
      forwardPlanAtom({
        council: tenant.name,
        tenantId: tenant.tenantId,
        base: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
        slug,
        edition,
      }),
    );
  }

  @Get('editions')
  async editions(@Param('tenant') slug: string, @Res() res: Response) {
    const tenant = await this.plan.tenantBySlug(slug);
    if (!tenant) return this.pages.html(res, 'not-found.njk', {}, 404);
    const editions = await this.plan.editions(tenant.tenantId);
    this.pages.html(res, 'forward-plan-editions.njk', {
      tenant,
      slug,
      editions: editions.map(editionRow),
    });
  }

  @Get('editions/:id')
  async edition(@Param('tenant') slug: string, @Param('id') id: string, @Res() res: Response) {
    const tenant = await this.plan.tenantBySlug(slug);
    const edition = tenant && UUID.test(id) ? await this.plan.edition(tenant.tenantId, id) : null;
    if (!tenant || !edition) return this.pages.html(res, 'not-found.njk', {}, 404);
    this.pages.html(res, 'forward-plan.njk', {
      tenant,
      slug,
      edition: editionRow(edition),
      rows: edition.entries.map((l) => listingRow(l, edition)),
      archived: true,
      errors: [],
    });
  }
}
