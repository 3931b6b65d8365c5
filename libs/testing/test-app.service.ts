import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../apps/server/app.module';
import { configureHttpApp } from '../../apps/api/http/http-app.service';
import { loadSettings } from '../config/settings.service';
import { Clock } from '../core/clock.service';
import type { DevMailbox } from '../notifications/dev-mailbox.service';

/** The real HTTP app (API only: tests fire the worker's jobs themselves) on a test database. */
export async function buildTestApp(
  ds: DataSource,
  clock: Clock,
  env: Record<string, string> = {},
  extra: { devMailbox?: DevMailbox } = {},
): Promise<INestApplication> {
  const settings = loadSettings({ SEED_DEMO: 'false', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ dataSource: ds, clock, settings, role: 'api', ...extra })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, settings);
  await app.init();
  return app;
}
