import { z } from 'zod';

/**
 * The case's reference as people quote it (docs/adr/0038): added beside caseId, which stays the key
 * (GET /api/cases/{caseId}, or GET /api/cases/by-reference/{reference}).
 */
const reference = z
  .string()
  .describe('the case’s reference, as people read and quote it: SCC-2026-0042 (never changes)');

/** What every case event says of its case: receivers find the case by caseId in the API. */
const caseFields = {
  caseId: z.uuid(),
  reference,
  title: z.string(),
  template: z.object({ id: z.string(), version: z.number().int() }),
  auditSeq: z
    .number()
    .int()
    .describe('the audit record this event comes from (events arrive in no set order)'),
};

/**
 * The events a subscription can choose: each with what it says in plain words (the admin page's
 * choices), what it means, and the JSON Schema of its `data` (in the OpenAPI document). Only the
 * events Ratify emits are listed: a subscription to anything else is refused rather than left
 * silent.
 */
export const WEBHOOK_EVENTS = {
  'case.opened': {
    words: 'A case is opened',
    description: 'A case was opened on a workflow template.',
    data: z.object({ ...caseFields, state: z.string() }),
  },
  'case.moved': {
    words: 'A case moves to another step',
    description: 'An event moved a case to another step (its state changed).',
    data: z.object({
      ...caseFields,
      event: z.string().nullable().describe('the event that moved it'),
      fromState: z.string(),
      toState: z.string(),
    }),
  },
  'case.awaiting': {
    words: 'A case is waiting for someone',
    description:
      'A case asked people for their answer (an approval request by email): it now waits on them.',
    data: z.object({
      ...caseFields,
      awaiting: z.array(
        z.object({
          role: z.string(),
          actingAs: z.string().nullable().describe('the office or delegation they answer in'),
          name: z.string().nullable(),
          request: z.string().describe('what they are asked'),
          deadline: z.string().nullable().describe('the date the answer is due, YYYY-MM-DD'),
        }),
      ),
    }),
  },
  'case.deadline_at_risk': {
    words: 'A deadline is at risk',
    description:
      'A reminder fell due: a deadline of the case is close and the step it waits for is not done.',
    data: z.object({
      ...caseFields,
      deadline: z.string().describe('the workflow’s name for the deadline'),
      workingDaysLeft: z.number().int().nullable(),
      dueAt: z.string().nullable().describe('when the deadline passes (ISO 8601)'),
    }),
  },
  'decision.published': {
    words: 'A decision is published',
    description: 'A decision’s publication was recorded: it is on the public register.',
    data: z.object({
      ...caseFields,
      publishedOn: z.string(),
      callInEndsOn: z.string().nullable(),
      implementableFrom: z.string().nullable(),
    }),
  },
  'email.failed': {
    words: 'An email could not be delivered',
    description: 'An email of a case was given up after its retries: nobody received it.',
    data: z.object({
      caseId: z.uuid(),
      reference,
      title: z.string(),
      template: z.object({ id: z.string(), version: z.number().int() }),
      emailId: z.string(),
      message: z.string().describe('which email it was'),
      role: z.string().nullable().describe('the role of the person it was for'),
      problem: z.string().nullable().describe('the mail server’s last answer'),
    }),
  },
  'audit.verify_failed': {
    words: 'An audit check finds a broken record',
    description:
      'npm run audit:verify found a case whose audit chain is broken (a record edited, deleted, reordered or rewritten).',
    data: z.object({
      caseId: z.uuid(),
      reference: reference.nullable().describe('the case’s reference; null if its row is gone'),
      problem: z.string(),
      atSeq: z.number().int().describe('the first record where the chain breaks'),
      detail: z.string(),
    }),
  },
  'webhook.test': {
    words: 'A test event (sent when you ask for one)',
    description: 'Sent when an administrator asks for a test event.',
    data: z.object({ subscriptionId: z.uuid() }),
  },
} as const satisfies Record<
  string,
  { words: string; description: string; data: z.ZodObject<z.ZodRawShape> }
>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [
  WebhookEventType,
  ...WebhookEventType[],
];

/** The data of an event of this type, as its schema says. */
export type WebhookData<T extends WebhookEventType> = z.infer<(typeof WEBHOOK_EVENTS)[T]['data']>;

/** A delivery's body: the event's type, when it happened, and its data. */
export function webhookEnvelopeSchema(type: WebhookEventType) {
  return z.object({
    type: z.literal(type),
    timestamp: z.string().describe('when it happened (ISO 8601)'),
    data: WEBHOOK_EVENTS[type].data,
  });
}

export interface WebhookMessage<T extends WebhookEventType = WebhookEventType> {
  type: T;
  timestamp: string;
  data: WebhookData<T>;
}
