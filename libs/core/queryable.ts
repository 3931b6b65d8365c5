import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: the pool's manager or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;
