import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

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
  let db: TestDatabase;
  let mailbox: DevMailbox;
  let mailboxDir: string;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    mailboxDir = mkdtempSync(join(tmpdir(), 'ratify-mailbox-'));
    mailbox = new DevMailbox(mailboxDir);
    const port = await freePort();
    await mailbox.start(port);
    app = await buildTestApp(
      db.ds,
      clock,
      { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_ORIGIN: 'https://ratify.example.org' },
      { devMailbox: mailbox },
    );
  });
  afterAll(async () => {
    await app?.close();
    await mailbox?.stop();
    rmSync(mailboxDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('lists the messages with their links, one recipient at a time, and a link followed answers', async () => {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(world))
      .expect(201);
    await request(app.getHttpServer())
      .post(`/api/cases/${opened.body.id}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    await expect(app.get(OutboxDeliveryService).deliverDue()).resolves.toBe(2);

    const all = await request(app.getHttpServer())
      .get('/dev/mailbox')
      .set('Accept', 'application/json')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    const messages = all.body.messages as MessageJson[];
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      expect(m.subject).toBe('Your agreement is needed: Better Care Fund plan 2021/22');
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
