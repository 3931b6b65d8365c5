import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../../libs/core/clock.service';
import { DomainError } from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { WebhookSubscriptionsUseCase } from '../../../../libs/webhooks/webhook-subscriptions.use-case';
import { httpStatusOf } from '../../http/problem.filter';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, StaffPages, staffActor } from '../staff-pages.service';
import {
  deliveryLogView,
  errorFor,
  errorsOf,
  eventChoices,
  subscriptionFormOf,
  subscriptionView,
  type ErrorItem,
  type SubscriptionForm,
} from './admin-webhooks.presenter';

/** What a page says after a change; fixed words, so nothing from the address is echoed. */
const DONE: Record<string, string> = {
  test: 'A test event is on its way. It appears in the delivery log below once it has been tried.',
  disabled: 'The subscription is disabled. Nothing more is sent to this address.',
};

const statusOf = (e: unknown) => (e instanceof DomainError ? httpStatusOf(e) : 500);
const EMPTY: SubscriptionForm = { url: '', events: [] };

/**
 * /admin/webhooks: the council's webhook subscriptions, for its administrators. The decisions are
 * the use case's (libs/webhooks/webhook-subscriptions.use-case.ts), as for /api/webhooks.
 */
@ApiExcludeController()
@Controller('admin/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsUseCase,
    private readonly pages: PageRenderer,
    private readonly staffPages: StaffPages,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    await this.renderList(res, staff, {});
  }

  @Post()
  async create(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    const form = subscriptionFormOf(body);
    if (!this.staffPages.csrfOk(staff, body))
      return this.renderList(res, staff, { form, errors: expired() }, 403);
    try {
      const made = await this.subscriptions.create(form, staffActor(staff));
      // The secret is on this answer only: never in an address, never shown again.
      await this.renderOne(res, staff, made.id, { secret: made.secret, made: true });
    } catch (e) {
      await this.renderList(res, staff, { form, errors: errorsOf(e) }, statusOf(e));
    }
  }

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    const said = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
    await this.renderOne(res, staff, id, { done: said });
  }

  @Post(':id/rotate-secret')
  async rotate(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    if (!this.staffPages.csrfOk(staff, body))
      return this.renderOne(res, staff, id, { errors: expired() }, 403);
    try {
      const rotated = await this.subscriptions.rotate(id, staffActor(staff));
      await this.renderOne(res, staff, id, { secret: rotated.secret });
    } catch (e) {
      await this.renderOne(res, staff, id, { errors: errorsOf(e) }, statusOf(e));
    }
  }

  @Post(':id/test')
  async test(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(id, body, req, res, 'test', (actor) => this.subscriptions.sendTest(id, actor));
  }

  @Post(':id/disable')
  async disable(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.act(id, body, req, res, 'disabled', (actor) =>
      this.subscriptions.disable(id, actor),
    );
  }

  private async act(
    id: string,
    body: Record<string, unknown>,
    req: Request,
    res: Response,
    done: keyof typeof DONE,
    run: (actor: ReturnType<typeof staffActor>) => Promise<unknown>,
  ) {
    const staff = await this.staffPages.require(req, res, ['administrator']);
    if (!staff) return;
    if (!this.staffPages.csrfOk(staff, body))
      return this.renderOne(res, staff, id, { errors: expired() }, 403);
    try {
      await run(staffActor(staff));
    } catch (e) {
      return this.renderOne(res, staff, id, { errors: errorsOf(e) }, statusOf(e));
    }
    res.redirect(303, `/admin/webhooks/${encodeURIComponent(id)}?done=${done}`);
  }

  private async renderList(
    res: Response,
    staff: SignedInStaff,
    view: { form?: SubscriptionForm; errors?: ErrorItem[] },
    status = 200,
  ) {
    const form = view.form ?? EMPTY;
    const errors = view.errors ?? [];
    const subscriptions = await this.subscriptions.list(staffActor(staff));
    this.pages.html(
      res,
      'admin-webhooks.njk',
      {
        staff,
        errors,
        form,
        subscriptions: subscriptions.map(subscriptionView),
        events: eventChoices(form),
        fieldErrors: { url: errorFor(errors, '#url'), events: errorFor(errors, '#events') },
      },
      status,
    );
  }

  /** A subscription's page; an unknown one is a 404 page, never a 500. */
  private async renderOne(
    res: Response,
    staff: SignedInStaff,
    id: string,
    view: { secret?: string; made?: boolean; done?: string; errors?: ErrorItem[] },
    status = 200,
  ) {
    const actor = staffActor(staff);
    let log: Record<string, unknown>[];
    try {
      log = await this.subscriptions.deliveries(id, actor);
    } catch (e) {
      return this.renderList(res, staff, { errors: errorsOf(e) }, statusOf(e));
    }
    const found = (await this.subscriptions.list(actor)).find((s) => s.id === id)!;
    this.pages.html(
      res,
      'admin-webhook.njk',
      {
        staff,
        errors: view.errors ?? [],
        done: view.done,
        secret: view.secret,
        made: view.made,
        subscription: subscriptionView(found),
        deliveries: deliveryLogView(log, this.clock),
      },
      status,
    );
  }
}

function expired(): ErrorItem[] {
  return [{ text: FORM_EXPIRED, href: '#main-content' }];
}
