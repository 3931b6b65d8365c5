import { existsSync, mkdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { Settings } from '../config/settings.service';
import { keptSecret, startEmbeddedPostgres } from './embedded-postgres.service';
import { migrate, openDataSource } from './data-source.service';
import {
  connectionCapacity,
  poolApplicationName,
  readServerConnections,
} from './connection-capacity.service';
import { unboundConnectionsFromEnv } from './tenant-bound-connections.service';
import {
  asRole,
  EMBEDDED_RUNTIME_LOGIN,
  ensureRuntimeLogin,
  runtimeRoleWarnings,
} from './database-roles.service';

export interface ProductDatabase {
  /** As the runtime role: what the app and the workers use. */
  dataSource: DataSource;
  close(): Promise<void>;
}

/** The embedded cluster's two roles' passwords, kept in DATA_DIR (readable by its owner only). */
function embeddedPasswords(dataDir: string): { superuser: string; runtime: string } {
  return {
    superuser: `${dataDir}/postgres-superuser-password`,
    runtime: `${dataDir}/postgres-app-password`,
  };
}

/**
 * The product's database: DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR,
 * created on first run. Migrations are applied before anything else touches it, as the owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL; the embedded cluster's superuser); the app and the
 * workers then connect as the runtime role (DATABASE_URL; the embedded cluster's ratify_app,
 * made here with a random password kept in DATA_DIR).
 */
export async function openProductDatabase(
  settings: Settings,
  log: (line: string) => void,
  opts: { startEmbedded: boolean; role?: string } = { startEmbedded: true },
): Promise<ProductDatabase> {
  let stopEmbedded: (() => Promise<void>) | null = null;
  let runtimeUrl = settings.DATABASE_URL;
  let ownerUrl = settings.MIGRATION_DATABASE_URL ?? settings.DATABASE_URL;
  let embeddedRuntimePassword: string | null = null;
  if (!runtimeUrl) {
    const files = embeddedPasswords(settings.DATA_DIR);
    let superuserUrl: string;
    if (opts.startEmbedded) {
      mkdirSync(settings.DATA_DIR, { recursive: true });
      const pg = await startEmbeddedPostgres({
        dataDir: `${settings.DATA_DIR}/postgres`,
        port: settings.EMBEDDED_PG_PORT,
        database: 'ratify',
        persistent: true,
        passwordFile: files.superuser,
        maxConnections: settings.EMBEDDED_PG_MAX_CONNECTIONS,
      });
      superuserUrl = pg.url;
      stopEmbedded = pg.stop;
      embeddedRuntimePassword = keptSecret(files.runtime);
      log(
        `embedded PostgreSQL on port ${settings.EMBEDDED_PG_PORT}, data in ${settings.DATA_DIR}/postgres`,
      );
    } else {
      // A separate worker process shares the embedded server that `npm start` runs.
      if (!existsSync(files.superuser) || !existsSync(files.runtime))
        throw new Error(
          `no embedded PostgreSQL under ${settings.DATA_DIR}: start the API first (npm start), or set DATABASE_URL`,
        );
      superuserUrl = `postgres://postgres:${encodeURIComponent(keptSecret(files.superuser))}@localhost:${settings.EMBEDDED_PG_PORT}/ratify`;
    }
    ownerUrl = superuserUrl;
    runtimeUrl = asRole(superuserUrl, EMBEDDED_RUNTIME_LOGIN, keptSecret(files.runtime));
  }
  const pool = {
    size: settings.DATABASE_POOL_SIZE,
    idleSeconds: settings.DATABASE_POOL_IDLE_SECONDS,
    waitSeconds: settings.DATABASE_POOL_WAIT_SECONDS,
    applicationName: poolApplicationName(
      opts.role ?? settings.RATIFY_ROLE,
      settings.DATABASE_POOL_SIZE,
    ),
  };
  const wait = {
    log,
    waitSeconds: settings.MIGRATION_LOCK_WAIT_SECONDS,
    indexBuildWaitSeconds: settings.INDEX_BUILD_WAIT_SECONDS,
  };
  let dataSource: DataSource;
  if (ownerUrl === runtimeUrl) {
    dataSource = await openDataSource(runtimeUrl, pool);
    await migrate(dataSource, wait);
  } else {
    const owner = await openDataSource(ownerUrl!, 2);
    try {
      await migrate(owner, wait);
    } finally {
      await owner.destroy();
    }
    if (embeddedRuntimePassword !== null)
      await ensureRuntimeLogin(ownerUrl!, EMBEDDED_RUNTIME_LOGIN, embeddedRuntimePassword);
    dataSource = await openDataSource(runtimeUrl, pool);
  }
  for (const warning of await runtimeRoleWarnings(dataSource)) log(`warning: ${warning}`);
  const capacity = connectionCapacity(await readServerConnections(dataSource), {
    name: pool.applicationName,
    poolSize: pool.size,
    embedded: !settings.DATABASE_URL,
  });
  log(capacity.line);
  if (capacity.warning) log(`warning: ${capacity.warning}`);
  if (unboundConnectionsFromEnv() === 'sweep')
    log(
      'warning: RATIFY_TENANT_UNBOUND=sweep: a query bound to no council sees every council instead of being refused (ADR 0015); unset it once the path is fixed',
    );
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
