import { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';
import { webhookDeliveryService } from '../libs/testing/webhooks-harness.service';

const PASSWORDS = { administrator: 'admin-password-1', officer: 'officer-password-1' };

/** The administrator's webhooks pages through HTTP, with a real receiver for the test event. */
describe('the webhooks pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  // A winter's day: London is on GMT, so 09:00 UTC reads 9:00am.
  const clock = new ManualClock(new Date('2025-01-15T09:00:00Z'));
  let address = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function council(): Promise<BcfWorld> {
    const world = await buildBcfWorld(db.ds);
    for (const [key, role, password] of [
      ['gp', 'administrator', PASSWORDS.administrator],
      ['officer', 'officer', PASSWORDS.officer],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people[key],
        role,
        password,
        at: clock.now(),
      });
    return world;
  }

  async function signedIn(email: string, password: string) {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      { email, password, next: '/cases' },
      { 'X-Forwarded-For': `198.51.100.${++address}` },
    );
    expect(res.status).toBe(303);
    return agent;
  }

  async function csrfOf(agent: request.Agent, path = '/admin/webhooks') {
    const page = await agent.get(path).expect(200);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  }

  /** The error summary's links, as (text, href) pairs. */
  function summaryOf(html: string): [string, string][] {
    const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2].trim(), m[1]]);
  }

  const subscriptionsOf = async (world: BcfWorld) =>
    (await db.ds.query(
      'SELECT id, url, events, disabled_at FROM webhook_subscriptions WHERE tenant_id = $1',
      [world.tenantId],
    )) as { id: string; url: string; events: string[]; disabled_at: Date | null }[];

  it('subscribes an address to events chosen in words, shows the secret once, and delivers a test event a receiver verifies', async () => {
    const world = await council();
    const admin = await signedIn(world.emailOf('gp'), PASSWORDS.administrator);
    const page = await admin.get('/admin/webhooks').expect(200);
    expect(page.text).toContain('A case is waiting for someone');
    expect(page.text).toContain('A deadline is at risk');
    // The events' keys are only the checkboxes' values, never words on the page.
    expect(page.text).not.toMatch(/>[^<]*case\.awaiting/);

    const received: { id: string; type: string }[] = [];
    let secret = '';
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const msg = new Webhook(secret).verify(body, req.headers as Record<string, string>) as {
          type: string;
        };
        received.push({ id: String(req.headers['webhook-id']), type: msg.type });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;
      const made = await admin
        .post('/admin/webhooks')
        .type('form')
        .send({ _csrf: await csrfOf(admin), url, events: ['case.opened', 'decision.published'] })
        .expect(200);
      secret = /<code id="secret"[^>]*>(whsec_[^<]+)<\/code>/.exec(made.text)![1];
      expect(made.text).toContain('it is not shown again');
      const [sub] = await subscriptionsOf(world);
      expect(sub).toMatchObject({ url, events: ['case.opened', 'decision.published'] });

      const again = await admin.get(`/admin/webhooks/${sub.id}`).expect(200);
      expect(again.text).not.toContain(secret);
      expect(again.text).toContain('A case is opened, A decision is published');
      expect(again.text).toContain('Wednesday 15 January 2025 at 9:00am');

      const tested = await admin
        .post(`/admin/webhooks/${sub.id}/test`)
        .type('form')
        .send({ _csrf: await csrfOf(admin, `/admin/webhooks/${sub.id}`) })
        .expect(303);
      expect(tested.headers.location).toBe(`/admin/webhooks/${sub.id}?done=test`);
      await webhookDeliveryService(db.ds, clock).deliverDue();
      expect(received.map((r) => r.type)).toEqual(['webhook.test']);

      const log = await admin.get(`/admin/webhooks/${sub.id}`).expect(200);
      expect(log.text).toContain('Delivered');
      expect(log.text).toContain('Today at 9:00am: The receiver answered 204 (accepted)');
      expect(log.text).toContain(`Delivery id ${received[0].id}`);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('refuses an address that is not https, and no events, in the error summary, keeping what was typed', async () => {
    const world = await council();
    const admin = await signedIn(world.emailOf('gp'), PASSWORDS.administrator);
    const refused = await admin
      .post('/admin/webhooks')
      .type('form')
      .send({ _csrf: await csrfOf(admin), url: 'http://ccm.example.org/hook' })
      .expect(422);
    expect(summaryOf(refused.text)).toEqual([
      [
        'The address must start with https:// (http:// is allowed only for localhost while testing)',
        '#url',
      ],
      ['Choose at least one event', '#events'],
    ]);
    expect(refused.text).toContain('value="http://ccm.example.org/hook"');
    expect(refused.text).toContain('<title>Error: Webhooks – Ratify</title>');

    const kept = await admin
      .post('/admin/webhooks')
      .type('form')
      .send({ _csrf: await csrfOf(admin), url: 'not an address', events: 'email.failed' })
      .expect(422);
    expect(summaryOf(kept.text)).toEqual([
      ['Enter a web address, such as https://example.org/ratify-events', '#url'],
    ]);
    expect(kept.text).toMatch(/value="email\.failed" checked/);
    expect(await subscriptionsOf(world)).toEqual([]);
  });

  it('makes a new secret shown once, and disables a subscription, which then takes no test event', async () => {
    const world = await council();
    const admin = await signedIn(world.emailOf('gp'), PASSWORDS.administrator);
    const made = await admin
      .post('/admin/webhooks')
      .type('form')
      .send({
        _csrf: await csrfOf(admin),
        url: 'https://ccm.example.org/hook',
        events: 'email.failed',
      })
      .expect(200);
    const first = /(whsec_[A-Za-z0-9+/=]+)/.exec(made.text)![1];
    const [sub] = await subscriptionsOf(world);
    const path = `/admin/webhooks/${sub.id}`;

    const rotated = await admin
      .post(`${path}/rotate-secret`)
      .type('form')
      .send({ _csrf: await csrfOf(admin, path) })
      .expect(200);
    const second = /(whsec_[A-Za-z0-9+/=]+)/.exec(rotated.text)![1];
    expect(second).not.toBe(first);
    expect(rotated.text).toContain('keeps signing beside this one for 24 hours');

    await admin
      .post(`${path}/disable`)
      .type('form')
      .send({ _csrf: await csrfOf(admin, path) })
      .expect(303);
    const disabled = await admin.get(`${path}?done=disabled`).expect(200);
    expect(disabled.text).toContain('Nothing more is sent to this address');
    expect(disabled.text).not.toContain('Send a test event');
    const test = await admin
      .post(`${path}/test`)
      .type('form')
      .send({ _csrf: await csrfOf(admin, path) })
      .expect(422);
    expect(summaryOf(test.text)[0][0]).toContain('This subscription is disabled');
  });

  it('is for administrators only, and an unknown subscription is a page that says so', async () => {
    const world = await council();
    const officer = await signedIn(world.emailOf('officer'), PASSWORDS.officer);
    await officer.get('/admin/webhooks').expect(403);
    const admin = await signedIn(world.emailOf('gp'), PASSWORDS.administrator);
    const missing = await admin.get('/admin/webhooks/not-a-subscription').expect(404);
    expect(summaryOf(missing.text)[0][0]).toContain('no webhook subscription');
    const stale = await admin
      .post('/admin/webhooks')
      .type('form')
      .send({ _csrf: 'stale', url: 'https://ccm.example.org/hook', events: 'email.failed' })
      .expect(403);
    expect(summaryOf(stale.text)[0][0]).toBe(
      'The form has expired. Reload the page and try again.',
    );
    expect(await subscriptionsOf(world)).toEqual([]);
  });
});
