import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { SmtpCapture } from './smtp-capture.service';
import { buildTestApp } from './test-app.service';

/**
 * The app (buildTestApp) with its SMTP server down: SMTP_URL names the port on 127.0.0.1 that an
 * SMTP capture listened on and closed, so every delivery is refused until a capture starts again
 * on `port`.
 */
export async function testAppWithSmtpDown(
  ds: DataSource,
  clock: Clock,
): Promise<{ app: INestApplication; port: number }> {
  const down = await SmtpCapture.start();
  const port = Number(new URL(down.url).port);
  await down.close();
  return { app: await buildTestApp(ds, clock, { SMTP_URL: `smtp://127.0.0.1:${port}` }), port };
}
