import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../../libs/core/actor.dto';
import { WebhookSubscriptionsUseCase } from '../../../libs/webhooks/webhook-subscriptions.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { SCHEMAS, webhookCatalogue } from './webhooks.dto';

/** Outbound webhooks (administrators): subscriptions, the event catalogue, a test event, the log. */
@ApiTags('webhooks')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly subscriptions: WebhookSubscriptionsUseCase) {}

  @Get('events')
  @ApiOperation({
    summary:
      'The events a subscription can choose: what each means and the JSON Schema of what it sends (components.schemas WebhookEvent.<type>)',
  })
  @ApiOkResponse({ schema: SCHEMAS.catalogue })
  catalogue() {
    return webhookCatalogue();
  }

  @Post('subscriptions')
  @ApiOperation({
    summary:
      'Subscribe an address to events (administrators); the signing secret is in this answer only',
  })
  @ApiBody({ schema: SCHEMAS.newSubscription })
  @ApiCreatedResponse({ schema: SCHEMAS.withSecret })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.subscriptions.create(body, actor);
  }

  @Get('subscriptions')
  @ApiOperation({ summary: 'The council’s subscriptions (never their secrets)' })
  @ApiOkResponse({ schema: SCHEMAS.list })
  async list(@CurrentActor() actor: Actor) {
    return { items: await this.subscriptions.list(actor) };
  }

  @Post('subscriptions/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop sending to a subscription' })
  @ApiOkResponse({ schema: SCHEMAS.subscription })
  disable(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.subscriptions.disable(id, actor);
  }

  @Post('subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new signing secret, shown once; the old one signs beside it (two v1 signatures) for 24 hours',
  })
  @ApiOkResponse({ schema: SCHEMAS.withSecret })
  rotate(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.subscriptions.rotate(id, actor);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a webhook.test event to this subscription' })
  @ApiAcceptedResponse({ schema: SCHEMAS.queued })
  sendTest(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.subscriptions.sendTest(id, actor);
  }

  @Get('subscriptions/:id/deliveries')
  @ApiOperation({
    summary: 'The delivery log: each delivery with its attempts and the receiver’s status',
  })
  @ApiOkResponse({ schema: SCHEMAS.log })
  async deliveries(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return { items: await this.subscriptions.deliveries(id, actor) };
  }
}
