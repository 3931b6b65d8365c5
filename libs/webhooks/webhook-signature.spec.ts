import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookHeaders } from './webhook-signature.service';

/** Our signatures checked by the specification's own TypeScript library, an independent implementation. */
describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ type: 'case.opened', data: { caseId: 'c1' } });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the standardwebhooks library under the subscription secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = webhookHeaders([secret], 'msg_1', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('verify under either secret while one is rotated, and not under a stranger’s or a changed body', () => {
    const [next, previous, stranger] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([next, previous], 'msg_2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(next).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow();
    expect(() => new Webhook(next).verify(body.replace('c1', 'c2'), headers)).toThrow();
  });

  it('verify with the few lines of node:crypto the README shows, and not once the body changed', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'msg_3', now, body);
    // The README's check, as written there.
    const readmeCheck = (rawBody: string) => {
      const [id, timestamp, signatureHeader] = [
        headers['webhook-id'],
        headers['webhook-timestamp'],
        headers['webhook-signature'],
      ];
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
      const ok = signatureHeader.split(' ').some((s) => {
        const given = Buffer.from(s.replace(/^v1,/, ''), 'base64');
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      return ok;
    };
    expect(readmeCheck(body)).toBe(true);
    expect(readmeCheck(body.replace('c1', 'c2'))).toBe(false);
  });
});
