import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing as the Standard Webhooks specification describes it (standardwebhooks.com): a secret
 * `whsec_` + base64 of 32 random bytes; the signature is base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>" under the secret's bytes, sent as `v1,<signature>`.
 * While a secret is being rotated both are used, space-separated, so receivers can switch over.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function webhookSignature(secret: string, id: string, timestamp: number, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three headers of a delivery, signed with every secret in force (newest first). */
export function webhookHeaders(
  secrets: string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => webhookSignature(s, id, timestamp, body)).join(' '),
  };
}
