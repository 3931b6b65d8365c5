import type { Clock } from '../../../../libs/core/clock.service';
import { DomainError, InvalidInputError } from '../../../../libs/errors/domain.errors';
import {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_EVENTS,
  type WebhookEventType,
} from '../../../../libs/webhooks/webhook-catalogue';
import type { SubscriptionRow } from '../../../../libs/webhooks/webhook.repository';
import { refusalDetail } from '../../http/refusal.presenter';
import { lastTimeInWords, whenInWords } from '../forms/words.service';

export type ErrorItem = { text: string; href: string };

/** What a subscription's form holds, as typed. */
export interface SubscriptionForm {
  url: string;
  events: string[];
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const eventWords = (type: string) =>
  type in WEBHOOK_EVENTS ? WEBHOOK_EVENTS[type as WebhookEventType].words : 'An event';

/** The form's fields read from a posted body: the address as typed, the events ticked. */
export function subscriptionFormOf(body: Record<string, unknown>): SubscriptionForm {
  const raw = body.events;
  const events = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (e): e is string => typeof e === 'string',
  );
  return { url: typeof body.url === 'string' ? body.url.trim() : '', events };
}

/** A use case's refusal as the error summary's items, each linked to its field. */
export function errorsOf(e: unknown, fallback = '#main-content'): ErrorItem[] {
  if (!(e instanceof DomainError)) throw e;
  const fields: Record<string, string> = { url: '#url', events: '#events' };
  const problems = e instanceof InvalidInputError ? e.problems : [];
  const errors = problems.map((p) => ({
    text: sentence(p.message),
    href: fields[p.path.split('.')[0]] ?? fallback,
  }));
  // A rule's refusal in the one shape every page gives it (http/refusal.presenter.ts).
  return errors.length ? errors : [{ text: refusalDetail(e), href: fallback }];
}

/** Error messages by field for the GOV.UK components. */
export function errorFor(errors: ErrorItem[], href: string) {
  const found = errors.filter((x) => x.href === href);
  return found.length ? { text: found.map((x) => x.text).join('. ') } : undefined;
}

/** The events as checkboxes in plain words, ticked as typed (the test event is never chosen). */
export function eventChoices(form: SubscriptionForm) {
  return WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test').map((t) => ({
    value: t,
    text: WEBHOOK_EVENTS[t].words,
    hint: { text: WEBHOOK_EVENTS[t].description },
    checked: form.events.includes(t),
  }));
}

/** A subscription as the pages list it: events in words, days in London's words. */
export function subscriptionView(s: SubscriptionRow) {
  return {
    id: s.id,
    url: s.url,
    events: s.events.map(eventWords),
    created: whenInWords(s.createdAt),
    disabled: s.disabledAt ? whenInWords(s.disabledAt) : null,
  };
}

const STATUS_WORDS: Record<string, { text: string; classes: string }> = {
  pending: { text: 'Waiting to be sent', classes: 'govuk-tag--yellow' },
  delivered: { text: 'Delivered', classes: 'govuk-tag--green' },
  failed: { text: 'Given up', classes: 'govuk-tag--red' },
};

interface LogRow {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  attempts_log: { at: string; responseStatus: number | null; error: string | null }[];
}

/** The delivery log in words: what, its status, each attempt with the receiver's answer, when. */
export function deliveryLogView(rows: Record<string, unknown>[], clock: Clock) {
  const now = clock.now();
  return (rows as unknown as LogRow[]).map((d) => ({
    webhookId: d.id,
    event: eventWords(d.eventType),
    status: STATUS_WORDS[d.status] ?? { text: d.status, classes: 'govuk-tag--grey' },
    attempts: d.attempts,
    created: lastTimeInWords(d.createdAt, now),
    delivered: d.deliveredAt ? lastTimeInWords(d.deliveredAt, now) : null,
    tries: d.attempts_log.map((a) => ({
      when: lastTimeInWords(a.at, now),
      answer:
        a.responseStatus !== null
          ? `The receiver answered ${a.responseStatus}${a.responseStatus >= 200 && a.responseStatus < 300 ? ' (accepted)' : ''}`
          : sentence(a.error ?? 'no answer'),
    })),
  }));
}
