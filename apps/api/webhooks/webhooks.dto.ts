import { z } from 'zod';
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_EVENTS,
  webhookEnvelopeSchema,
} from '../../../libs/webhooks/webhook-catalogue';
import { newSubscriptionBody } from '../../../libs/webhooks/webhook-subscriptions.use-case';
import { bodyRef, openApiSchemaOf, schemaRef } from '../openapi/openapi-schemas';

const subscription = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
const withSecret = subscription.extend({
  secret: z.string().describe('whsec_…: shown this once; verify each delivery’s signature with it'),
});

/** Each event's body, named WebhookEvent.<type>: what a receiver is sent. */
const eventRefs = WEBHOOK_EVENT_TYPES.map((type) =>
  schemaRef(`WebhookEvent.${type}`, webhookEnvelopeSchema(type)),
);

/** The OpenAPI shapes of /api/webhooks, named in components.schemas. */
export const SCHEMAS = {
  newSubscription: bodyRef('NewWebhookSubscription', newSubscriptionBody),
  subscription: schemaRef('WebhookSubscription', subscription),
  withSecret: schemaRef('WebhookSubscriptionWithSecret', withSecret),
  list: schemaRef('WebhookSubscriptionList', z.object({ items: z.array(subscription) })),
  catalogue: schemaRef('WebhookCatalogue', {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'words', 'description', 'schema'],
          properties: {
            type: { type: 'string', enum: WEBHOOK_EVENT_TYPES },
            words: { type: 'string', description: 'the event in plain words' },
            description: { type: 'string' },
            schema: {
              type: 'object',
              description: 'the JSON Schema of the body sent (as WebhookEvent.<type>)',
            },
          },
        },
      },
    },
  }),
  queued: schemaRef('WebhookTestQueued', z.object({ queued: z.number().int() })),
  log: schemaRef('WebhookDeliveryLog', {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'eventType',
            'status',
            'attempts',
            'createdAt',
            'attempts_log',
            'payload',
          ],
          properties: {
            id: { type: 'string', description: 'the webhook-id, the same on every retry' },
            eventType: { type: 'string', enum: WEBHOOK_EVENT_TYPES },
            status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
            attempts: { type: 'integer' },
            createdAt: { type: 'string' },
            deliveredAt: { type: 'string', nullable: true },
            attempts_log: {
              type: 'array',
              items: {
                type: 'object',
                required: ['at'],
                properties: {
                  at: { type: 'string' },
                  responseStatus: { type: 'integer', nullable: true },
                  error: { type: 'string', nullable: true },
                },
              },
            },
            payload: { description: 'the body sent', oneOf: eventRefs },
          },
        },
      },
    },
  }),
};

/** The catalogue as GET /api/webhooks/events answers it. */
export function webhookCatalogue() {
  return {
    items: WEBHOOK_EVENT_TYPES.map((type) => ({
      type,
      words: WEBHOOK_EVENTS[type].words,
      description: WEBHOOK_EVENTS[type].description,
      schema: openApiSchemaOf(webhookEnvelopeSchema(type), 'output'),
    })),
  };
}
