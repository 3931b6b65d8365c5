import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

interface MessageJson {
  id: string;
  href: string;
  to: string;
  subject: string;
  receivedAt: string;
  text: string;
  links: string[];
}

/** The development mailbox read by a script: `Accept: application/json` gives messages and their links. */
describe('development mailbox as JSON', () => {
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const h = mailboxAppHarness({ clock, env: { PUBLIC_ORIGIN: 'https://ratify.example.org' } });
  let db: TestDatabase;
  let app: INestApplication;
  beforeAll(() => ({ db, app } = h.ready()));

  it('lists the messages with their links, one recipient at a time, and a link followed answers', async () => {
    const world = await buildBcfWorld(db.ds);
    await caseAwaitingAgreementOverApi(app, world);
    await expect(app.get(OutboxDeliveryService).deliverDue()).resolves.toBe(2);

    const all = await request(app.getHttpServer())
      .get('/dev/mailbox')
      .set('Accept', 'application/json')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    const messages = all.body.messages as MessageJson[];
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m.subject).toMatch(
        /^Your agreement is needed: Better Care Fund plan 2021\/22 \([A-Z][A-Z0-9]+-2021-0001\)$/,
      );
      expect(m.href).toBe(`/dev/mailbox/${m.id}`);
      expect(m.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(m.links.some((l) => /^https:\/\/ratify\.example\.org\/act\/[\w-]{43}$/.test(l))).toBe(
        true,
      );
    }

    const ceo = world.emailOf('ceo');
    const mine = await request(app.getHttpServer())
      .get('/dev/mailbox')
      .query({ to: ceo.toUpperCase() })
      .set('Accept', 'application/json')
      .expect(200);
    expect((mine.body.messages as MessageJson[]).map((m) => m.to)).toEqual([
      expect.stringContaining(ceo),
    ]);

    const one = await request(app.getHttpServer())
      .get(mine.body.messages[0].href)
      .set('Accept', 'application/json')
      .expect(200);
    expect(one.body.links).toEqual(mine.body.messages[0].links);
    expect(one.body.html).toContain('<html');

    const act = (one.body.links as string[]).find((l) => l.includes('/act/'))!;
    const page = await request(app.getHttpServer()).get(new URL(act).pathname).expect(200);
    expect(page.text).toContain('Better Care Fund plan 2021/22');
  });

  it('still answers a browser with the page, and an unknown message with 404', async () => {
    const page = await request(app.getHttpServer())
      .get('/dev/mailbox')
      .set('Accept', 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain('Development mailbox');
    await request(app.getHttpServer())
      .get('/dev/mailbox/0-nothing')
      .set('Accept', 'application/json')
      .expect(404);
  });
});
