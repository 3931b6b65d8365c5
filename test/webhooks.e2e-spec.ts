import { INestApplication } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';
import { WebhookDeliveryService } from '../libs/webhooks/webhook-delivery.service';
import { webhookDeliveryService } from '../libs/testing/webhooks-harness.service';
import { waitUntil } from '../libs/testing/worker-process.service';

/**
 * A real HTTP receiver that checks every delivery with the specification's own library
 * (standardwebhooks), answers as the test tells it, and keeps each webhook-id once, as a receiver
 * deduplicating on the id does.
 */
class Receiver {
  server!: Server;
  port = 0;
  answers: (number | 'hold')[] = [];
  private held: import('node:http').ServerResponse[] = [];
  received: { id: string; type: string; data: Record<string, unknown> }[] = [];
  seenIds = new Set<string>();
  secrets: string[] = [];

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = this.answers.shift() ?? 204;
        if (answer === 'hold') {
          // A slow receiver: it never answers in time.
          this.held.push(res);
          return;
        }
        const status = answer;
        const verified = this.secrets.every((s) => this.verifies(s, body, req.headers));
        if (verified && status < 300) {
          const id = String(req.headers['webhook-id']);
          const msg = JSON.parse(body) as { type: string; data: Record<string, unknown> };
          if (!this.seenIds.has(id)) this.received.push({ id, type: msg.type, data: msg.data });
          this.seenIds.add(id);
        }
        res.statusCode = verified ? status : 401;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private verifies(secret: string, body: string, headers: IncomingHttpHeaders): boolean {
    try {
      new Webhook(secret).verify(body, headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }

  stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}/ratify`;
  }
}

describe('outbound webhooks', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let webhooks: WebhookDeliveryService;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    webhooks = webhookDeliveryService(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function councilWithAdministrator(): Promise<{
    world: BcfWorld;
    auth: Record<string, string>;
  }> {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'administrator',
      password: 'administrator-password-1',
      at: clock.now(),
    });
    return { world, auth: { Authorization: `Bearer ${world.keys.officer}` } };
  }

  async function subscribe(auth: Record<string, string>, url: string, events: string[]) {
    const res = await request(app.getHttpServer())
      .post('/api/webhooks/subscriptions')
      .set(auth)
      .send({ url, events })
      .expect(201);
    return res.body as { id: string; secret: string };
  }

  async function openAndSeek(world: BcfWorld) {
    const { caseId: id } = await caseAwaitingAgreementOverApi(app, world);
    // The fan-out reads only transactions that are over for every session of the cluster
    // (pg_snapshot_xmin): another test file's open transaction in the same PostgreSQL holds it
    // back for a while. Wait for that condition, so each delivery count below is deterministic.
    await waitUntil('the case’s audit records are behind the fan-out’s horizon', async () => {
      const [{ ok }]: { ok: boolean }[] = await db.ds.query(
        `SELECT (SELECT max(txid) FROM audit_records WHERE case_id = $1)
                  < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS ok`,
        [id],
      );
      return ok;
    });
    return id;
  }

  async function drain() {
    // Delivery until nothing is due: each call settles what it claimed.
    while ((await webhooks.deliverDue()) > 0);
  }

  it('sends case.opened and case.moved signed as Standard Webhooks, once each; the secret is shown only once', async () => {
    const receiver = await new Receiver().start();
    try {
      const { world, auth } = await councilWithAdministrator();
      const sub = await subscribe(auth, receiver.url, ['case.opened', 'case.moved']);
      expect(sub.secret).toMatch(/^whsec_/);
      receiver.secrets = [sub.secret];
      const listed = await request(app.getHttpServer())
        .get('/api/webhooks/subscriptions')
        .set(auth)
        .expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(sub.secret);

      const caseId = await openAndSeek(world);
      await drain();
      await drain();
      // Webhooks promise no order (a retry overtakes): each carries its audit record's seq.
      const bySeq = [...receiver.received].sort(
        (a, b) => Number(a.data.auditSeq) - Number(b.data.auditSeq),
      );
      // The case by its id and by the reference people quote, in bodies the receiver verified.
      const { body: read } = await request(app.getHttpServer())
        .get(`/api/cases/${caseId}`)
        .set(auth)
        .expect(200);
      expect(read.reference).toMatch(/^[A-Z][A-Z0-9]+-2021-\d{4}$/);
      expect(bySeq.map((r) => [r.type, r.data.caseId, r.data.reference, r.data.auditSeq])).toEqual([
        ['case.opened', caseId, read.reference, 1],
        ['case.moved', caseId, read.reference, 2],
      ]);
      expect(bySeq[1].data).toMatchObject({
        event: 'SEEK_AGREEMENT',
        template: { id: 'bcf-delegated-sign-off', version: expect.any(Number) },
      });
      expect(receiver.seenIds.size).toBe(2);
    } finally {
      await receiver.stop();
    }
  });

  it('retries a receiver that answers 500, then is down, with backoff, under the same id until it accepts', async () => {
    const receiver = await new Receiver().start();
    const { world, auth } = await councilWithAdministrator();
    const sub = await subscribe(auth, receiver.url, ['case.opened']);
    receiver.secrets = [sub.secret];
    receiver.answers = [500];
    const port = receiver.port;
    await openAndSeek(world);

    await expect(webhooks.deliverDue()).resolves.toBe(1);
    // Not due again before its backoff.
    await expect(webhooks.deliverDue()).resolves.toBe(0);
    await receiver.stop();
    clock.set(new Date(clock.now().getTime() + 11_000));
    await expect(webhooks.deliverDue()).resolves.toBe(1);
    // The case went on while the receiver was down: delivery never holds a case up.
    await openAndSeek(world);

    const back = await new Receiver().start(port);
    back.secrets = [sub.secret];
    try {
      clock.set(new Date(clock.now().getTime() + 21_000));
      await drain();
      expect(back.received.map((r) => r.type)).toEqual(['case.opened', 'case.opened']);
      const log = await request(app.getHttpServer())
        .get(`/api/webhooks/subscriptions/${sub.id}/deliveries`)
        .set(auth)
        .expect(200);
      const first = (
        log.body.items as {
          id: string;
          status: string;
          attempts_log: { responseStatus: number | null; error: string | null }[];
        }[]
      ).find((d) => d.attempts_log.length === 3)!;
      expect(first.status).toBe('delivered');
      expect(first.attempts_log.map((a) => a.responseStatus)).toEqual([500, null, 204]);
      expect(first.attempts_log[1].error).toContain('could not connect');
      expect(back.seenIds.has(first.id)).toBe(true);
    } finally {
      await back.stop();
    }
  });

  it('gives a slow receiver up after the timeout and sends again, under the same id, after the backoff', async () => {
    const receiver = await new Receiver().start();
    try {
      const { world, auth } = await councilWithAdministrator();
      const sub = await subscribe(auth, receiver.url, ['case.opened']);
      receiver.secrets = [sub.secret];
      receiver.answers = ['hold'];
      await openAndSeek(world);
      const slow = webhookDeliveryService(db.ds, clock);
      slow.timeoutMs = 300;
      await expect(slow.deliverDue()).resolves.toBe(1);
      clock.set(new Date(clock.now().getTime() + 11_000));
      await drain();
      const log = await request(app.getHttpServer())
        .get(`/api/webhooks/subscriptions/${sub.id}/deliveries`)
        .set(auth)
        .expect(200);
      const [d] = log.body.items as {
        id: string;
        status: string;
        attempts_log: { responseStatus: number | null; error: string | null }[];
      }[];
      expect(d.status).toBe('delivered');
      expect(d.attempts_log.map((a) => a.error ?? a.responseStatus)).toEqual([
        'no answer within 0.3 seconds',
        204,
      ]);
      expect(receiver.received.map((r) => r.id)).toEqual([d.id]);
    } finally {
      await receiver.stop();
    }
  });

  it('signs with both secrets while one is rotated, and sends a test event on request', async () => {
    const receiver = await new Receiver().start();
    try {
      const { auth } = await councilWithAdministrator();
      const sub = await subscribe(auth, receiver.url, ['case.moved']);
      const rotated = await request(app.getHttpServer())
        .post(`/api/webhooks/subscriptions/${sub.id}/rotate-secret`)
        .set(auth)
        .expect(200);
      expect(rotated.body.secret).not.toBe(sub.secret);
      receiver.secrets = [sub.secret, rotated.body.secret as string];
      await request(app.getHttpServer())
        .post(`/api/webhooks/subscriptions/${sub.id}/test`)
        .set(auth)
        .expect(202);
      await drain();
      expect(receiver.received.map((r) => r.type)).toEqual(['webhook.test']);
    } finally {
      await receiver.stop();
    }
  });

  it('lists every event with its words and the JSON Schema of its body', async () => {
    const { auth } = await councilWithAdministrator();
    const res = await request(app.getHttpServer())
      .get('/api/webhooks/events')
      .set(auth)
      .expect(200);
    const items = res.body.items as {
      type: string;
      words: string;
      schema: { properties: object };
    }[];
    expect(items.map((i) => i.type)).toEqual([
      'case.opened',
      'case.moved',
      'case.awaiting',
      'case.deadline_at_risk',
      'decision.published',
      'email.failed',
      'audit.verify_failed',
      'webhook.test',
    ]);
    expect(items.every((i) => i.words && Object.keys(i.schema.properties).includes('data'))).toBe(
      true,
    );
  });

  it('refuses an address that is not https (but localhost in development)', async () => {
    const { auth } = await councilWithAdministrator();
    const refused = await request(app.getHttpServer())
      .post('/api/webhooks/subscriptions')
      .set(auth)
      .send({ url: 'http://ccm.example.org/hook', events: ['case.opened'] })
      .expect(422);
    expect(refused.body.problems).toEqual([
      {
        path: 'url',
        message:
          'The address must start with https:// (http:// is allowed only for localhost while testing)',
      },
    ]);
  });

  it('refuses a subscription to an event it does not know, and anyone but an administrator', async () => {
    const { world, auth } = await councilWithAdministrator();
    const refused = await request(app.getHttpServer())
      .post('/api/webhooks/subscriptions')
      .set(auth)
      .send({ url: 'https://example.org/hook', events: ['case.exploded'] })
      .expect(422);
    expect(refused.body.code).toBe('INVALID_INPUT');
    await request(app.getHttpServer())
      .get('/api/webhooks/subscriptions')
      .set({ Authorization: `Bearer ${world.keys.ceo}` })
      .expect(403);
  });
});
