import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { testAppWithSmtpDown } from '../libs/testing/smtp-down-app.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/** Approving from an email that really crossed SMTP: the worker's delivery, a parsed message, its link. */
describe('approval requests by email', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, {
      SMTP_URL: smtp.url,
      PUBLIC_ORIGIN: 'https://ratify.example.org',
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await db.drop();
  });

  async function openAndSeekAgreement() {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = opened.body.id as string;
    const reference = opened.body.reference as string;
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 1,
        name: 'BCF narrative plan 2021-22.pdf',
        mediaType: 'application/pdf',
        contentBase64: Buffer.from('the plan').toString('base64'),
      })
      .expect(201);
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 2 })
      .expect(200);
    return { world, caseId, reference, auth };
  }

  it('delivers the request over SMTP; following its link and confirming moves the case on', async () => {
    const { world, caseId, reference, auth } = await openAndSeekAgreement();
    const before = smtp.messages.length;
    await expect(app.get(OutboxDeliveryService).deliverDue()).resolves.toBe(2);
    const mails = (await smtp.waitForCount(before + 2)).slice(before);
    const toCeo = mails.find((m) => m.to.includes('morgan.hale'));
    expect(toCeo).toBeDefined();
    // The case by its reference (issue #12), in the subject and the body; no id to read or type.
    expect(reference).toMatch(/^[A-Z][A-Z0-9]+-2021-0001$/);
    expect(toCeo!.subject).toBe(
      `Your agreement is needed: Better Care Fund plan 2021/22 (${reference})`,
    );
    expect(toCeo!.text).toContain(`Case reference: ${reference}`);
    expect(toCeo!.text.replace(/https?:\/\/\S+/g, '')).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    );
    expect(toCeo!.text).toContain('You receive this as Chief Executive, Southampton City Council.');
    expect(toCeo!.text).toContain('Tuesday 16 November 2021');
    expect(toCeo!.text).toContain('BCF narrative plan 2021-22.pdf (SHA-256 ');
    expect(toCeo!.messageId).toMatch(/^<[0-9a-f-]{36}@ratify\.invalid>$/);

    // Links are built from the configured public origin, never from a request's Host header.
    const link = /https:\/\/ratify\.example\.org(\/act\/[A-Za-z0-9_-]{43})/.exec(toCeo!.text);
    expect(link).not.toBeNull();
    const page = await request(app.getHttpServer()).get(link![1]).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    await request(app.getHttpServer())
      .post(link![1])
      .type('form')
      .send({ csrf, response: 'approve' })
      .expect(200);

    const view = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set(auth)
      .expect(200);
    expect(view.body.context.agreements).toEqual({
      chiefExecutive: true,
      accountableOfficer: false,
    });
    expect(view.body.awaiting.map((a: { person: { id: string } }) => a.person.id)).toEqual([
      world.ids.people.ao,
    ]);
  });

  it('keeps retrying while the SMTP server is down and delivers once when it is back, with the same Message-ID', async () => {
    const { app: localApp, port } = await testAppWithSmtpDown(db.ds, clock);
    try {
      const world = await buildBcfWorld(db.ds);
      const { caseId } = await caseAwaitingAgreementOverApi(localApp, world);
      const outbox = localApp.get(OutboxDeliveryService);
      await outbox.deliverDue();
      const pending: { id: string; attempts: number; status: string; last_error: string }[] =
        await db.ds.query(
          `SELECT id, attempts, status, last_error FROM effects WHERE case_id = $1 ORDER BY id`,
          [caseId],
        );
      expect(pending.map((e) => [e.status, e.attempts])).toEqual([
        ['pending', 1],
        ['pending', 1],
      ]);
      expect(pending[0].last_error).toMatch(/ECONNREFUSED|connect/i);

      clock.advance(10_000); // past the first backoff; the server is still down
      await outbox.deliverDue();
      const back = await SmtpCapture.start(port);
      try {
        await expect(outbox.deliverDue()).resolves.toBe(0); // still backing off: nothing is due yet
        clock.advance(3600_000);
        await outbox.deliverDue();
        const mails = await back.waitForCount(2);
        expect([...back.countsByMessageId().values()]).toEqual([1, 1]);
        expect(mails.map((m) => m.messageId).sort()).toEqual(
          pending.map((e) => `<${e.id}@ratify.invalid>`).sort(),
        );
        const done: { status: string }[] = await db.ds.query(
          'SELECT status FROM effects WHERE case_id = $1',
          [caseId],
        );
        expect(done.map((d) => d.status)).toEqual(['done', 'done']);
      } finally {
        await back.close();
      }
    } finally {
      await localApp.close();
    }
  });

  it('reminds only those who have not answered, and escalates once when the deadline passes', async () => {
    clock.set('2021-10-01T09:00:00Z');
    const { world, caseId } = await openAndSeekAgreement();
    const sweep = app.get(DeadlineSweepService);
    const ceoLink: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2`,
      [caseId, world.ids.people.ceo],
    );
    expect(ceoLink).toHaveLength(1);
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.ceo}`)
      .send({ type: 'AGREE', expectedVersion: 3 })
      .expect(200);

    const emails = async (message: string): Promise<{ to: string; left: string | null }[]> =>
      (
        await db.ds.query(
          `SELECT payload->'to'->>'id' AS to, payload->>'workingDaysLeft' AS left FROM effects WHERE case_id = $1 AND payload->>'message' = $2`,
          [caseId, message],
        )
      ).map((r: { to: string; left: string | null }) => ({ to: r.to, left: r.left }));

    clock.set('2021-11-09T09:00:00Z'); // 5 working days before Tuesday 16 November
    await sweep.sweep();
    expect(await emails('submission-reminder')).toEqual([{ to: world.ids.people.ao, left: '5' }]);
    clock.set('2021-11-12T09:00:00Z'); // 2 working days before
    await sweep.sweep();
    await sweep.sweep();
    expect(await emails('submission-reminder')).toEqual([
      { to: world.ids.people.ao, left: '5' },
      { to: world.ids.people.ao, left: '2' },
    ]);

    clock.set('2021-11-17T00:00:01Z');
    await sweep.sweep();
    await sweep.sweep();
    const escalations = await emails('submission-overdue');
    expect(escalations.map((e) => e.to).sort()).toEqual(
      [world.ids.people.officer, world.ids.people.chair].sort(),
    );
    const view = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    expect(view.body.overdue).toEqual(['submission']);
  });
});
