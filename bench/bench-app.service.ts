import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AppModule } from '../apps/server/app.module';
import { loadSettings, type Settings } from '../libs/config/settings.service';
import { type Clock, SystemClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';

/**
 * The app with the API role on the bench's database, as the benches seed the demo through it and
 * drive its routes: the settings given (the demo not seeded at start unless they say so), the
 * system clock, a throwaway link secret, only errors logged. Not yet initialised or listening.
 */
export function benchApiApp(
  ds: DataSource,
  settings: Settings = loadSettings({ SEED_DEMO: 'false' }),
  clock: Clock = new SystemClock(),
) {
  return NestFactory.create(
    AppModule.forRoot({
      dataSource: ds,
      clock,
      settings,
      role: 'api',
      links: LinkTokens.ephemeral(),
    }),
    { logger: ['error'] },
  );
}
