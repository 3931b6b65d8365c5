import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { InvalidSettingsError, loadSettings } from '../../libs/config/settings.service';
import { openProductDatabase } from '../../libs/database/database-bootstrap.service';
import { leaveSignalsToTheProcess } from '../../libs/database/embedded-postgres.service';
import { auditSigningKey } from '../../libs/audit/checkpoint-key.service';
import { seedDemo } from '../../libs/demo/demo-seed.service';
import { BacklogRepository } from '../../libs/engine/backlog.repository';
import { acrossCouncils } from '../../libs/core/across-councils';
import { Clock, FileClock, SystemClock } from '../../libs/core/clock.service';
import { DevMailbox } from '../../libs/notifications/dev-mailbox.service';
import { LinkTokens } from '../../libs/links/link-token.service';
import { AppModule, ProcessRole } from './app.module';
import { ShutdownState } from '../api/health/shutdown-state.service';
import { configureHttpApp } from '../api/http/http-app.service';
import { serveMetrics, watchBacklog } from '../../libs/operations/metrics.registry';
import { QuietNestLogger } from '../api/http/quiet-nest.logger';
import { rootLogger } from '../api/http/request-logging.service';
import { DemoSeedProviders } from '../../libs/demo/demo-seed-providers.service';

/** Closes what is open, in order, once: the stopping line first and the stopped line last. */
class Shutdown {
  private steps: { name: string; run: () => Promise<unknown> }[] = [];
  private started = false;

  constructor(
    private readonly log: Logger,
    private readonly graceMs: number,
  ) {}

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  listen(onStop: (signal: string) => void = () => undefined): void {
    // The embedded database stops as the last step below, not when the signal arrives.
    leaveSignalsToTheProcess();
    // Kept for every signal, not once: a second one during the drain is ignored by run(), where
    // with no listener Node would end the process and leave the embedded database running.
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.on(signal, () => {
        onStop(signal);
        void this.run(signal);
      });
  }

  private async run(signal: string): Promise<void> {
    if (this.started) return;
    this.started = true;
    const began = Date.now();
    this.log.info(
      { signal, graceMs: this.graceMs },
      'stopping: no new requests or jobs; finishing those in flight',
    );
    // Whatever is still running after the grace (and a little to close up) is abandoned.
    setTimeout(() => {
      this.log.error({ graceMs: this.graceMs }, 'stopped: grace period exceeded');
      process.exit(1);
    }, this.graceMs + 10_000).unref();
    let failed = false;
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (e) {
        failed = true;
        this.log.error({ step: step.name, err: e }, 'stopping: a step failed');
      }
    }
    this.log.info({ signal, durationMs: Date.now() - began }, 'stopped');
    process.exit(failed ? 1 : 0);
  }
}

/**
 * Stops taking connections and resolves once every request in flight is answered; connections
 * kept alive are closed as soon as they fall idle, and all of them after `graceMs`.
 */
function drain(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.on('request', (_req, res) => res.setHeader('Connection', 'close'));
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * `npm start`: the API and the worker in one process (RATIFY_ROLE=all), or either alone
 * (RATIFY_ROLE=api / RATIFY_ROLE=worker, or `npm run start:worker`).
 */
export async function main(roleOverride?: ProcessRole): Promise<void> {
  const settings = loadSettings();
  const role = roleOverride ?? settings.RATIFY_ROLE;
  const log = rootLogger(settings, role);
  const shutdown = new Shutdown(log, settings.SHUTDOWN_GRACE_MS);
  const clock: Clock = settings.RATIFY_CLOCK_FILE
    ? new FileClock(settings.RATIFY_CLOCK_FILE)
    : new SystemClock();
  const db = await openProductDatabase(settings, (l) => log.info(l), {
    startEmbedded: role !== 'worker',
    role,
  });
  let devMailbox: DevMailbox | undefined;
  if (settings.DEV_MAILBOX === 'true' && role !== 'worker') {
    devMailbox = new DevMailbox(`${settings.DATA_DIR}/mailbox`);
    await devMailbox.start(settings.DEV_SMTP_PORT);
    log.info(
      `development mailbox: SMTP on 127.0.0.1:${settings.DEV_SMTP_PORT}, read it at ${settings.PUBLIC_ORIGIN}/dev/mailbox`,
    );
  }
  if (settings.DEV_MAILBOX === 'true' && !settings.SMTP_URL)
    settings.SMTP_URL = `smtp://127.0.0.1:${settings.DEV_SMTP_PORT}`;
  const options = {
    devMailbox,
    dataSource: db.dataSource,
    clock,
    settings,
    role,
    logger: log,
    links: LinkTokens.fromSettings(settings.LINK_SECRET, `${settings.DATA_DIR}/link-secret`),
    checkpointKey: auditSigningKey(settings),
    crashBeforeEffect: process.env.RATIFY_FAULT === 'crash-before-effect',
  };
  const backlog = new BacklogRepository(db.dataSource);
  watchBacklog(() => backlog.read(acrossCouncils('operator'), clock.now()));
  const metricsServer = settings.METRICS_PORT
    ? await serveMetrics(settings.METRICS_PORT, settings.METRICS_HOST)
    : null;
  if (metricsServer)
    log.info(`metrics at http://${settings.METRICS_HOST}:${settings.METRICS_PORT}/metrics`);
  const closeTheRest = () => {
    shutdown.add('metrics', async () => {
      if (metricsServer) await new Promise((r) => metricsServer.close(r));
    });
    shutdown.add('development mailbox', async () => devMailbox?.stop());
    shutdown.add('database', () => db.close());
  };

  if (role === 'worker') {
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(options), {
      logger: new QuietNestLogger(log),
    });
    // Jobs stop being scheduled and the one running finishes (IntervalJob) before the pool closes.
    shutdown.add('worker jobs', () => ctx.close());
    closeTheRest();
    shutdown.listen();
    log.info('worker running');
    return;
  }
  const app = await NestFactory.create(AppModule.forRoot(options), {
    logger: new QuietNestLogger(log),
  });
  configureHttpApp(app, settings, log);
  if (
    settings.SEED_DEMO === 'true' &&
    (await seedDemo(db.dataSource, clock, app.get(DemoSeedProviders)))
  ) {
    log.info('seeded the demo tenant (Southampton) and its BCF plan case');
  }
  await app.listen(settings.PORT);
  const server = app.getHttpServer() as Server;
  // Readiness answers 503 from the signal on; the listener closes; requests in flight finish.
  shutdown.add('requests in flight', () => drain(server, settings.SHUTDOWN_GRACE_MS));
  // Then Nest closes: worker jobs finish their run (IntervalJob), modules are destroyed.
  shutdown.add('application', () => app.close());
  closeTheRest();
  shutdown.listen((signal) => app.get(ShutdownState).begin(signal));
  log.info(
    `serving ${settings.PUBLIC_ORIGIN} (API at /api, docs at /api/docs, health at /health/live and /health/ready), running ${role === 'all' ? 'API and worker' : 'API only'}`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof InvalidSettingsError ? e.message : e);
    process.exit(1);
  });
}
