import { dataSourceOptions } from './data-source.service';

/** What pg-pool is given: TypeORM passes `extra` to it as its options. */
const poolOptions = (pool: Parameters<typeof dataSourceOptions>[1]) =>
  (dataSourceOptions('postgres://localhost/ratify', pool) as { extra: Record<string, unknown> })
    .extra;

describe('the pool a data source opens', () => {
  it('keeps 20 connections at most and an unused one for five minutes unless told', () => {
    expect(poolOptions(undefined)).toMatchObject({ max: 20, idleTimeoutMillis: 300_000 });
  });

  it('takes a size alone with the default idle time, as the tools and tests ask', () => {
    expect(poolOptions(2)).toMatchObject({ max: 2, idleTimeoutMillis: 300_000 });
  });

  it('keeps an unused connection until the pool ends when told 0 seconds', () => {
    expect(poolOptions({ size: 40, idleSeconds: 0 })).toMatchObject({
      max: 40,
      idleTimeoutMillis: 0,
    });
  });

  it('sends a TCP keepalive after a minute unused, under the four minutes a NAT or load balancer (Azure’s by default) keeps an idle flow', () => {
    for (const pool of [undefined, 2, { idleSeconds: 0 }, { size: 40, idleSeconds: 86_400 }])
      expect(poolOptions(pool)).toMatchObject({
        keepAlive: true,
        keepAliveInitialDelayMillis: 60_000,
      });
  });

  it('waits 10 seconds for a connection unless told, never without end as pg-pool would', () => {
    expect(poolOptions(undefined)).toMatchObject({ connectionTimeoutMillis: 10_000 });
    expect(poolOptions(2)).toMatchObject({ connectionTimeoutMillis: 10_000 });
    expect(poolOptions({ waitSeconds: 3 })).toMatchObject({ connectionTimeoutMillis: 3_000 });
  });
});
