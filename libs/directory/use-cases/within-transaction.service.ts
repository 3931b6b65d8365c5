import type { DataSource, EntityManager } from 'typeorm';

/**
 * The DataSource a use case is built with, bound to a transaction the caller has open: the use
 * case's own `transaction()` becomes a savepoint of the caller's (TypeORM nests them so), and its
 * reads see the caller's writes. Several use cases then commit or roll back together: a CSV import
 * (all lines or none) and the demo seed (one transaction, so a failed seed leaves nothing).
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
