import { DataSource } from 'typeorm';
import type { Settings } from '../config/settings.service';
import { startEmbeddedPostgres } from './embedded-postgres.service';
import { migrate, openDataSource } from './data-source.service';

export interface ProductDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The product's database: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR,
 * created on first run. Migrations are applied before anything else touches it.
 */
export async function openProductDatabase(
  settings: Settings,
  log: (line: string) => void,
  opts: { startEmbedded: boolean } = { startEmbedded: true },
): Promise<ProductDatabase> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = settings.DATABASE_URL;
  if (!url && !opts.startEmbedded) {
    // A separate worker process shares the embedded server that `npm start` runs.
    url = `postgres://postgres:ratify@localhost:${settings.EMBEDDED_PG_PORT}/ratify`;
  }
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: `${settings.DATA_DIR}/postgres`,
      port: settings.EMBEDDED_PG_PORT,
      database: 'ratify',
      persistent: true,
    });
    url = pg.url;
    stopEmbedded = pg.stop;
    log(
      `embedded PostgreSQL on port ${settings.EMBEDDED_PG_PORT}, data in ${settings.DATA_DIR}/postgres`,
    );
  }
  const dataSource = await openDataSource(url);
  await migrate(dataSource);
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
