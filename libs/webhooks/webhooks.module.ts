import { Module } from '@nestjs/common';
import { WebhookFactsRepository } from './webhook-facts.repository';
import { WebhookRepository } from './webhook.repository';

/** The webhooks' repositories: each holds all the SQL of its tables (issue #14). */
export const WEBHOOK_REPOSITORIES = [WebhookRepository, WebhookFactsRepository];

/** The webhooks' repositories, provided once for the API and the worker, which both import it. */
@Module({ providers: WEBHOOK_REPOSITORIES, exports: WEBHOOK_REPOSITORIES })
export class WebhooksModule {}
