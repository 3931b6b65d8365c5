import { DomainError } from '../errors/domain.errors';

/**
 * What pg-pool and PostgreSQL say when no connection can be had: pg-pool's wait for a free one
 * ran out (connectionTimeoutMillis, DATABASE_POOL_WAIT_SECONDS), or its new one did not connect
 * in that time; PostgreSQL refused a new one (53300 too_many_connections: max_connections, or a
 * role's or database's connection limit, reached) or cannot take one now (57P03: starting up,
 * shutting down).
 */
const POOL_WAIT_RAN_OUT = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];
const NO_CONNECTION_CODES = ['53300', '57P03'];

/**
 * `error` as DATABASE_BUSY (503, try again after `retryAfterSeconds`) when it says that no
 * database connection could be had; null for any other error. The statement that wanted one never
 * ran, but the request may have committed a change before it (an event sent in a transaction is
 * read back for its reply on a connection of its own): the words never say nothing was changed.
 */
export function databaseBusy(error: unknown, retryAfterSeconds: number): DomainError | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  const busy =
    POOL_WAIT_RAN_OUT.includes(error.message) ||
    (typeof code === 'string' && NO_CONNECTION_CODES.includes(code));
  if (!busy) return null;
  const after = retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`;
  return new DomainError(
    'DATABASE_BUSY',
    'The service is too busy to answer',
    `The database had no connection free for this request in time: try again after ${after}, first checking whether a change you asked for was made.`,
    { retryAfterSeconds },
  );
}
