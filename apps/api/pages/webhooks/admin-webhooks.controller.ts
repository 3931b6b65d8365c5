import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '../../../../libs/core/clock.service';
import { DomainError } from '../../../../libs/errors/domain.errors';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { WebhookSubscriptionsUseCase } from '../../../../libs/webhooks/webhook-subscriptions.use-case';
import { httpStatusOf } from '../../http/problem.filter';
import { PageRenderer } from '../page-renderer.service';
import { FORM_EXPIRED, staffActor } from '../staff-pages.service';
import { CurrentStaff, ExpiredForm, StaffForm, StaffPage } from '../staff-page.guard';
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
    private readonly clock: Clock,
  ) {}

  @Get()
  @StaffPage('administrator')
  async list(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    await this.renderList(res, staff, {});
  }

  @Post()
  @StaffForm<AdminWebhooksController>(['administrator'], (c, { res, staff, body }) =>
    c.renderList(res, staff, { form: subscriptionFormOf(body), errors: expired() }, 403),
  )
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const form = subscriptionFormOf(body);
    try {
      const made = await this.subscriptions.create(form, staffActor(staff));
      // The secret is on this answer only: never in an address, never shown again.
      await this.renderOne(res, staff, made.id, { secret: made.secret, made: true });
    } catch (e) {
      await this.renderList(res, staff, { form, errors: errorsOf(e) }, statusOf(e));
    }
  }

  @Get(':id')
  @StaffPage('administrator')
  async show(
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    const said = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
    await this.renderOne(res, staff, id, { done: said });
  }

  @Post(':id/rotate-secret')
  @StaffForm<AdminWebhooksController>(['administrator'], expiredOne)
  async rotate(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    try {
      const rotated = await this.subscriptions.rotate(id, staffActor(staff));
      await this.renderOne(res, staff, id, { secret: rotated.secret });
    } catch (e) {
      await this.renderOne(res, staff, id, { errors: errorsOf(e) }, statusOf(e));
    }
  }

  @Post(':id/test')
  @StaffForm<AdminWebhooksController>(['administrator'], expiredOne)
  async test(@Param('id') id: string, @CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    return this.act(id, staff, res, 'test', (actor) => this.subscriptions.sendTest(id, actor));
  }

  @Post(':id/disable')
  @StaffForm<AdminWebhooksController>(['administrator'], expiredOne)
  async disable(
    @Param('id') id: string,
    @CurrentStaff() staff: SignedInStaff,
    @Res() res: Response,
  ) {
    return this.act(id, staff, res, 'disabled', (actor) => this.subscriptions.disable(id, actor));
  }

  private async act(
    id: string,
    staff: SignedInStaff,
    res: Response,
    done: keyof typeof DONE,
    run: (actor: ReturnType<typeof staffActor>) => Promise<unknown>,
  ) {
    try {
      await run(staffActor(staff));
    } catch (e) {
      return this.renderOne(res, staff, id, { errors: errorsOf(e) }, statusOf(e));
    }
    res.redirect(303, `/admin/webhooks/${encodeURIComponent(id)}?done=${done}`);
  }

  async renderList(
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
  async renderOne(
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

/** A subscription's form posted without the session's token: its page, saying so. */
function expiredOne(c: AdminWebhooksController, form: ExpiredForm) {
  return c.renderOne(form.res, form.staff, form.params.id ?? '', { errors: expired() }, 403);
}

function expired(): ErrorItem[] {
  return [{ text: FORM_EXPIRED, href: '#main-content' }];
}
