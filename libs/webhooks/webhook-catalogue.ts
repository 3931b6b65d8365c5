/**
 * The events a subscription can choose, with what each says. Only the events Ratify emits today
 * are listed: a subscription to anything else is refused rather than left silent.
 */
export const WEBHOOK_EVENTS = {
  'case.opened': 'A case was opened on a workflow template.',
  'case.moved': 'A case moved to another step (an event changed its state).',
  'webhook.test': 'Sent when an administrator asks for a test event.',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
