import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { asReference } from '../../../libs/governance/case-reference.service';
import { DomainError, InvalidInputError } from '../../../libs/errors/domain.errors';
import { calendarDate } from '../../../libs/governance/working-day-calendar.service';
import {
  DecisionRegisterService,
  hasNotice,
  RegisterFilter,
  type RegisterListing,
} from '../../../libs/register/decision-register.service';
import { registerCsv } from '../../../libs/register/register-csv.service';
import { MakeCheckpointUseCase } from '../../../libs/audit/make-checkpoint.use-case';
import { whenInWords } from '../pages/forms/words.service';
import { PageRenderer } from '../pages/page-renderer.service';
import { CurrentStaff, StaffPage } from '../pages/staff-page.guard';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { fieldOf, readRegisterDates, registerDateItems } from './register-date-filter.service';
import { registerPageRequest, registerPaging } from './register-paging.service';
import { registerJson, registerListRow, registerRow } from './register.presenter';
import { registerUpdatingInWords } from '../http/service-updating.presenter';

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
  keyDecision: z.enum(['', 'yes', 'no'], { message: 'Choose whether key decisions' }).optional(),
  kind: z
    .enum(['', 'executive', 'officer'], { message: 'Choose executive or officer decisions' })
    .optional(),
  callIn: z.enum(['', 'subject', 'calledIn', 'implementable']).optional(),
  from: optionalDate('from'),
  to: optionalDate('to'),
});

/** How many decisions a page of the register holds, as a page, as JSON and as CSV. */
const PAGE = { html: 50, json: 100, csv: 1000 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The public register of every decision a template publishes (no sign-in; exempt content never
 * shown): searchable page, CSV and JSON, each decision with its audit chain's head; and the
 * governance lead's CSV export.
 */
@ApiExcludeController()
@Controller()
export class RegisterController {
  constructor(
    private readonly register: DecisionRegisterService,
    private readonly pages: PageRenderer,
    private readonly checkpoints: MakeCheckpointUseCase,
  ) {}

  @Get('cases/register.csv')
  @StaffPage('governance_lead')
  async staffCsv(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    const entries = await this.register.list(staff.tenantId);
    res
      .type('text/csv; charset=utf-8')
      .attachment('decision-register.csv')
      .send(registerCsv(entries));
  }

  /**
   * The filter as typed, read; errors for the page's error summary, each linked to its field. The
   * page's dates come from GOV.UK date inputs (`page`); the JSON and CSV take ISO dates.
   */
  private filterOf(query: unknown, limit: number, page = false) {
    const typed = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
    const dates = page ? readRegisterDates(typed) : null;
    const input = dates ? { ...typed, from: dates.iso.from, to: dates.iso.to } : typed;
    const parsed = filterSchema.safeParse(input);
    const wanted = registerPageRequest(typed, limit);
    const field = (path: string) =>
      page && (path === 'from' || path === 'to') ? `${path}-day` : path;
    const errors = [
      ...(dates?.errors ?? []),
      ...(parsed.success
        ? []
        : parsed.error.issues
            .map((i) => ({ text: i.message, href: `#${field(String(i.path[0]))}` }))
            .filter((e) => !dates?.errors.some((d) => fieldOf(d) === fieldOf(e)))),
    ];
    if (wanted.error) errors.push({ text: wanted.error, href: '#q' });
    const d = parsed.success ? parsed.data : {};
    if (!errors.length && d.from && d.to && d.to < d.from)
      errors.push({
        text: 'The published to date must be the same as or after the published from date',
        href: `#${field('to')}`,
      });
    const q = parsed.success
      ? parsed.data
      : (Object.fromEntries(
          Object.entries(input).filter(([, v]) => typeof v === 'string'),
        ) as Record<string, string>);
    const filter: RegisterFilter = {
      q: d.q || undefined,
      decisionMaker: d.decisionMaker || undefined,
      keyDecision: d.keyDecision ? d.keyDecision === 'yes' : undefined,
      kind: d.kind || undefined,
      callIn: d.callIn || undefined,
      from: d.from || undefined,
      to: d.to || undefined,
    };
    // The search as the JSON and CSV read it (ISO dates, not the date boxes), for their links
    // and the pages' previous and next.
    const search: Record<string, string | undefined> = Object.fromEntries(
      Object.entries({ ...q, from: filter.from, to: filter.to }).filter(
        (kv): kv is [string, string] =>
          ['q', 'decisionMaker', 'kind', 'keyDecision', 'callIn', 'from', 'to'].includes(kv[0]) &&
          typeof kv[1] === 'string' &&
          !!kv[1],
      ),
    );
    return { q, errors, filter, typedDates: dates?.typed, search, wanted: wanted.request };
  }

  @Get('register/:tenant')
  async list(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.register.tenantBySlug(slug);
    if (!tenant) return this.pages.html(res, 'not-found.njk', {}, 404);
    const { q, errors, filter, typedDates, search, wanted } = this.filterOf(query, PAGE.html, true);
    const page = errors.length ? null : await this.register.page(tenant.tenantId, filter, wanted);
    const entries = page?.entries ?? [];
    const checkpoint = await this.checkpoints.latest(tenant.tenantId);
    const paging = page ? registerPaging(`/register/${slug}`, search, page) : {};
    this.pages.html(
      res,
      'register.njk',
      {
        tenant,
        slug,
        rows: entries.map(registerListRow),
        updating: updatingOf(entries),
        first: page?.first ?? 1,
        last: (page?.first ?? 1) + entries.length - 1,
        paging,
        q,
        dateItems: registerDateItems(typedDates!, errors),
        errors,
        err: Object.fromEntries(errors.map((e) => [fieldOf(e), { text: e.text }])),
        search: new URLSearchParams(search as Record<string, string>).toString(),
        checkpointMade: checkpoint ? whenInWords(checkpoint.statement.madeAt) : null,
      },
      errors.length ? 422 : 200,
    );
  }

  @Get('register/:tenant/register.json')
  async json(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.register.tenantBySlug(slug);
    if (!tenant) throw noSuchCouncil(slug);
    const { errors, filter, search, wanted } = this.filterOf(query, PAGE.json);
    if (errors.length)
      throw new InvalidInputError(
        'The search is not valid: fix the fields listed in problems.',
        errors.map((e) => ({ path: e.href.slice(1), message: e.text })),
      );
    const page = await this.register.page(tenant.tenantId, filter, wanted);
    const next = registerPaging(`/register/${slug}/register.json`, search, page).next?.href ?? null;
    if (next) res.links({ next });
    res.json({ council: tenant.name, decisions: page.entries.map(registerJson), next });
  }

  @Get('register/:tenant/register.csv')
  async csv(@Param('tenant') slug: string, @Query() query: unknown, @Res() res: Response) {
    const tenant = await this.register.tenantBySlug(slug);
    if (!tenant) return this.pages.html(res, 'not-found.njk', {}, 404);
    const { errors, filter, search, wanted } = this.filterOf(query, PAGE.csv);
    const page = errors.length ? null : await this.register.page(tenant.tenantId, filter, wanted);
    const entries = page?.entries ?? [];
    // A CSV cannot say where the next page is: its Link header does.
    const next = page && registerPaging(`/register/${slug}/register.csv`, search, page).next?.href;
    if (next) res.links({ next });
    res
      .type('text/csv; charset=utf-8')
      .attachment('decision-register.csv')
      .send(registerCsv(entries, { public: true }));
  }

  @Get('register/:tenant/:caseId')
  async notice(
    @Param('tenant') slug: string,
    @Param('caseId') caseId: string,
    @Res() res: Response,
  ) {
    const tenant = await this.register.tenantBySlug(slug);
    // By its reference, as the register links it; by the case's id, as older links do.
    const reference = asReference(caseId);
    const entry = !tenant
      ? null
      : reference
        ? await this.register.entryByReference(tenant.tenantId, reference)
        : UUID.test(caseId)
          ? await this.register.entry(tenant.tenantId, caseId)
          : null;
    if (!tenant || !entry) return this.pages.html(res, 'not-found.njk', {}, 404);
    const row = registerRow(entry);
    this.pages.html(res, 'register-notice.njk', { tenant, slug, row, entry, notice: entry.notice });
  }
}

/** What the page says above a list holding decisions on a version this build lacks, if any. */
function updatingOf(entries: RegisterListing[]): string {
  const n = entries.filter((e) => !hasNotice(e)).length;
  return n ? registerUpdatingInWords(n) : '';
}

function noSuchCouncil(slug: string) {
  return new DomainError(
    'ROUTE_NOT_FOUND',
    'No such council',
    `No council publishes a register at ${JSON.stringify(slug)}: check the address.`,
  );
}
