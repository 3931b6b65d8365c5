import { INestApplication } from '@nestjs/common';
import { createServer, type Server } from 'node:net';
import request from 'supertest';
import { ShutdownState } from '../apps/api/health/shutdown-state.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/** A port that refuses connections: a server bound, its port read, then closed. */
async function closedPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('health and readiness for a load balancer', () => {
  let db: TestDatabase;
  let harness: ReturnType<typeof engineHarness>;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    harness = engineHarness(db.ds, '2021-11-01T09:00:00Z');
    // One API request a minute: the probes must not count against it.
    app = await buildTestApp(db.ds, harness.clock, { API_RATE_LIMIT_PER_MINUTE: '1' });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers liveness and readiness without an API key, however often it is asked', async () => {
    for (let i = 0; i < 3; i++) {
      await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
      const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
      expect(ready.headers['cache-control']).toBe('no-store');
      expect(ready.body).toMatchObject({
        status: 'ok',
        checks: {
          database: { status: 'up' },
          migrations: { status: 'up' },
          outbox: { status: 'up' },
          deadlines: { status: 'up', due: 0, lagSeconds: 0 },
        },
      });
      expect(ready.body.checks.smtp).toBeUndefined();
    }
  });

  it('is not ready while a due deadline waits past the allowed age, and ready again once the sweep fires it', async () => {
    const world = await buildBcfWorld(db.ds);
    await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    // The first reminder is due on Tue 9 Nov 2021 at 09:00; twenty minutes later nobody fired it.
    harness.clock.set('2021-11-09T09:20:00Z');
    const stuck = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(stuck.body.status).toBe('unavailable');
    expect(stuck.body.checks.deadlines).toMatchObject({
      status: 'down',
      due: 1,
      lagSeconds: 1200,
      detail: 'the oldest due deadline has waited 1200 s to fire, more than 900 s',
    });
    expect(stuck.body.checks.database).toEqual({ status: 'up' });

    await harness.sweep.sweep();
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body.checks.deadlines).toMatchObject({ status: 'up', due: 0 });
  });

  it('is not ready once the process is stopping, so the load balancer sends no new requests', async () => {
    const stopping = await buildTestApp(db.ds, harness.clock);
    try {
      await request(stopping.getHttpServer()).get('/health/ready').expect(200);
      stopping.get(ShutdownState).begin('SIGTERM');
      const res = await request(stopping.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body.checks.process).toEqual({ status: 'down', detail: 'stopping (SIGTERM)' });
      await request(stopping.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await stopping.close();
    }
  });

  it('is not ready when the configured SMTP server does not answer, and says so without its password', async () => {
    const port = await closedPort();
    const withSmtp = await buildTestApp(db.ds, harness.clock, {
      SMTP_URL: `smtp://user:s3cret-password@127.0.0.1:${port}`,
    });
    try {
      const res = await request(withSmtp.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body.checks.smtp).toEqual({
        status: 'down',
        detail: expect.stringMatching(/^SMTP server did not answer: E[A-Z]+$/),
      });
      expect(JSON.stringify(res.body)).not.toContain('s3cret');
    } finally {
      await withSmtp.close();
    }
  });
});
