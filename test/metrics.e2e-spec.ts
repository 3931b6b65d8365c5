import { acrossCouncils } from '../libs/core/across-councils';
import { INestApplication } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Server } from 'node:http';
import request from 'supertest';
import { metrics, serveMetrics, watchBacklog } from '../libs/operations/metrics.registry';
import { BacklogRepository } from '../libs/engine/backlog.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import type { Settings } from '../libs/config/settings.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import {
  caseAwaitingAgreementOverApi,
  openBcfCaseOverApi,
} from '../libs/testing/bcf-api-harness.service';
import { testAppWithSmtpDown } from '../libs/testing/smtp-down-app.service';
import {
  retitledFirstRecord,
  tamperWithAuditRecords,
} from '../libs/testing/audit-tampering.service';
import { DeadlinesFirst } from '../apps/worker/deadlines-first.service';
import { OutboxDeliveryJob } from '../apps/worker/outbox-delivery.job';

describe('Prometheus metrics on their own port', () => {
  let db: TestDatabase;
  let harness: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  let server: Server;
  let scrapeUrl: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    harness = engineHarness(db.ds, '2021-11-01T09:00:00Z');
    app = await buildTestApp(db.ds, harness.clock);
    const backlog = new BacklogRepository(db.ds);
    watchBacklog(() => backlog.read(acrossCouncils('operator'), harness.clock.now()));
    server = await serveMetrics(0, '127.0.0.1');
    scrapeUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await app.close();
    await db.drop();
  });

  const scrape = async () => {
    const res = await fetch(scrapeUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('times requests by route template, never by the raw path, and counts events by outcome', async () => {
    metrics.resetMetrics();
    const world = await buildBcfWorld(db.ds);
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const id = opened.body.id as string;
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    await request(app.getHttpServer()).get(`/api/cases/${id}`).set(auth).expect(200);
    const sending = process.hrtime.bigint();
    await request(app.getHttpServer())
      .post(`/api/cases/${id}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    const sentWithin = Number(process.hrtime.bigint() - sending) / 1e9;
    await request(app.getHttpServer())
      .post(`/api/cases/${id}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(409);

    const text = await scrape();
    expect(text).not.toContain(id);
    expect(
      value(
        text,
        'ratify_http_request_duration_seconds_count{method="GET",route="/api/cases/:id",status="200"}',
      ),
    ).toBe(1);
    expect(
      value(
        text,
        'ratify_engine_events_total{via="api",event="SEEK_AGREEMENT",outcome="accepted"}',
      ),
    ).toBe(1);
    expect(
      value(text, 'ratify_engine_events_total{via="api",event="",outcome="version_conflict"}'),
    ).toBe(1);
    // The engine's own count, whatever path sent: by the case's template and version.
    const [{ template_id: template, template_version: version }] = await db.ds.query(
      'SELECT template_id, template_version FROM cases WHERE id = $1',
      [id],
    );
    const sends = `template="${template}",version="${version}"`;
    expect(
      value(text, `ratify_case_sends_total{${sends},event="SEEK_AGREEMENT",outcome="accepted"}`),
    ).toBe(1);
    expect(
      value(text, `ratify_case_sends_total{${sends},event="",outcome="version_conflict"}`),
    ).toBe(1);
    const decided = `template="${template}",outcome="accepted"`;
    expect(value(text, `ratify_case_send_duration_seconds_count{${decided}}`)).toBe(1);
    const decidedIn = value(text, `ratify_case_send_duration_seconds_sum{${decided}}`) ?? 0;
    expect(decidedIn).toBeGreaterThan(0);
    expect(decidedIn).toBeLessThanOrEqual(sentWithin);
    expect(value(text, 'ratify_http_requests_in_flight')).toBe(0);
    // Timed once, in seconds: within the time the test itself saw the request take.
    const events = 'method="POST",route="/api/cases/:id/events",status="200"';
    expect(value(text, `ratify_http_request_duration_seconds_bucket{le="+Inf",${events}}`)).toBe(1);
    const sum = value(text, `ratify_http_request_duration_seconds_sum{${events}}`) ?? 0;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(sentWithin);
    expect(value(text, 'ratify_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports the outbox and how late the oldest due deadline is', async () => {
    const world = await buildBcfWorld(db.ds);
    await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    // Reminders are due on Tue 9 Nov 2021 at 09:00: a minute later the first is a minute late.
    harness.clock.set('2021-11-09T09:01:00Z');
    const late = await scrape();
    expect(value(late, 'ratify_deadlines_due')).toBeGreaterThanOrEqual(1);
    expect(value(late, 'ratify_deadline_lag_seconds')).toBeGreaterThanOrEqual(60);
    expect(value(late, 'ratify_outbox_pending')).toEqual(expect.any(Number));

    await harness.sweep.sweep();
    const caughtUp = await scrape();
    expect(value(caughtUp, 'ratify_deadlines_due')).toBe(0);
    expect(value(caughtUp, 'ratify_deadline_lag_seconds')).toBe(0);
  });

  it('counts the emails the SMTP server did not take as failed, not as sent', async () => {
    const { app: mailing } = await testAppWithSmtpDown(db.ds, harness.clock);
    try {
      await caseAwaitingAgreementOverApi(mailing, await buildBcfWorld(db.ds));
      const job = new OutboxDeliveryJob(
        new SchedulerRegistry(),
        { WORKER_INTERVAL_MS: 1000 } as Settings,
        mailing.get(OutboxDeliveryService),
        new DeadlinesFirst(10_000),
      );
      const items = (item: string) =>
        `ratify_worker_items_total{job="outbox-delivery",item="${item}"}`;
      const before = await scrape();
      await job.tick();
      const after = await scrape();
      // The case's two requests for agreement, and any other council's due email: none went.
      const delta = (item: string) =>
        (value(after, items(item)) ?? 0) - (value(before, items(item)) ?? 0);
      expect(delta('failed')).toBeGreaterThanOrEqual(2);
      expect(value(after, items('sent'))).toBe(value(before, items('sent')));
      await job.onModuleDestroy();
    } finally {
      await mailing.close();
    }
  });

  it('counts the audit chains this process verified, intact and broken', async () => {
    metrics.resetMetrics();
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const id = await openBcfCaseOverApi(app, world);
    await request(app.getHttpServer()).get(`/api/cases/${id}/audit/verify`).set(auth).expect(200);
    await tamperWithAuditRecords(db, retitledFirstRecord(id));
    await request(app.getHttpServer()).get(`/api/cases/${id}/audit/verify`).set(auth);
    const text = await scrape();
    expect(value(text, 'ratify_audit_verifications_total{outcome="intact"}')).toBe(1);
    expect(value(text, 'ratify_audit_verifications_total{outcome="broken"}')).toBe(1);
  });

  it('serves nothing but GET /metrics on that port', async () => {
    expect((await fetch(scrapeUrl.replace('/metrics', '/api/cases'))).status).toBe(404);
  });
});
