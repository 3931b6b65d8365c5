import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema.registry';
import { bindConnectionsToTenants, type UnboundPolicy } from './tenant-bound-connections.service';

/** Options shared by the app, the CLI tools and the tests: the schema comes from migrations only. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed.
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    extra: { max: poolSize },
  };
}

export async function openDataSource(
  url: string,
  poolSize?: number,
  unbound?: UnboundPolicy,
): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, poolSize));
  await ds.initialize();
  // Row-level security (ADR 0015): each connection bound to the council of the work in hand.
  await bindConnectionsToTenants(ds, unbound);
  return ds;
}

export async function migrate(ds: DataSource): Promise<void> {
  await ds.runMigrations({ transaction: 'each' });
}
