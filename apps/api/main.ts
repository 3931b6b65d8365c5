import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidSettingsError, loadSettings } from '../../libs/config/settings.service';
import { openProductDatabase } from '../../libs/database/database-bootstrap.service';
import { seedDemo } from '../../libs/demo/demo-seed.service';
import { Clock, FileClock, SystemClock } from '../../libs/engine/clock.service';
import { OpenCaseUseCase } from '../../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../../libs/engine/send-event.use-case';
import { DevMailbox } from '../../libs/notifications/dev-mailbox.service';
import { LinkTokens } from '../../libs/links/link-token.service';
import { AppModule, ProcessRole } from './app.module';
import { configureHttpApp } from './http/http-app.service';

/**
 * `npm start`: the API and the worker in one process (RATIFY_ROLE=all), or either alone
 * (RATIFY_ROLE=api / RATIFY_ROLE=worker, or `npm run start:worker`).
 */
export async function main(roleOverride?: ProcessRole): Promise<void> {
  const log = new Logger('Ratify');
  const settings = loadSettings();
  const role = roleOverride ?? settings.RATIFY_ROLE;
  const clock: Clock = settings.RATIFY_CLOCK_FILE
    ? new FileClock(settings.RATIFY_CLOCK_FILE)
    : new SystemClock();
  const db = await openProductDatabase(settings, (l) => log.log(l), {
    startEmbedded: role !== 'worker',
  });
  let devMailbox: DevMailbox | undefined;
  if (settings.DEV_MAILBOX === 'true' && role !== 'worker') {
    devMailbox = new DevMailbox(`${settings.DATA_DIR}/mailbox`);
    await devMailbox.start(settings.DEV_SMTP_PORT);
    log.log(
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
    links: LinkTokens.fromSettings(settings.LINK_SECRET, `${settings.DATA_DIR}/link-secret`),
    crashBeforeEffect: process.env.RATIFY_FAULT === 'crash-before-effect',
  };
  if (role === 'worker') {
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(options), {
      logger: ['error', 'warn', 'log'],
    });
    ctx.enableShutdownHooks();
    log.log('worker running');
    process.once('SIGTERM', () => void ctx.close().then(() => db.close()));
    return;
  }
  const app = await NestFactory.create(AppModule.forRoot(options), {
    logger: ['error', 'warn', 'log'],
  });
  configureHttpApp(app, settings);
  if (
    settings.SEED_DEMO === 'true' &&
    (await seedDemo(db.dataSource, clock, app.get(OpenCaseUseCase), app.get(SendEventUseCase)))
  ) {
    log.log('seeded the demo tenant (Southampton) and its BCF plan case');
  }
  await app.listen(settings.PORT);
  log.log(
    `serving ${settings.PUBLIC_ORIGIN} (API at /api, docs at /api/docs), running ${role === 'all' ? 'API and worker' : 'API only'}`,
  );
  const shutdown = () =>
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof InvalidSettingsError ? e.message : e);
    process.exit(1);
  });
}
