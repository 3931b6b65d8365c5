import type { DataSource, EntityManager } from 'typeorm';

/**
 * A use case's write in a transaction of its own, or in one the caller has open (`within`): the
 * use case's transaction is then a savepoint of the caller's (TypeORM nests them so), and its reads
 * see the caller's writes. Several use cases then commit or roll back together: a CSV import (all
 * lines or none) and the demo seed (one transaction, so a failed seed leaves nothing).
 */
export function inTransaction<T>(
  ds: DataSource,
  within: EntityManager | undefined,
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  if (!within) return ds.transaction(work);
  if (!within.queryRunner?.isTransactionActive)
    throw new Error('a use case runs within the manager of an open transaction only');
  return within.transaction(work);
}

/**
 * The DataSource of a use case built for one transaction the caller has open, for a use case that
 * takes no `within` (the demo seed sets its administrator's password so): its `transaction()` is a
 * savepoint of the caller's, and its reads (`manager`, `query`) see the caller's writes.
 */
export function withinTransaction(m: EntityManager): DataSource {
  if (!m.queryRunner?.isTransactionActive)
    throw new Error('withinTransaction needs the manager of an open transaction');
  return new Proxy(m.connection, {
    get(target, prop, receiver) {
      if (prop === 'transaction') return m.transaction.bind(m);
      if (prop === 'manager') return m;
      if (prop === 'query') return m.query.bind(m);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
