/**
 * PostgreSQL's SQLSTATE and constraint of a failed query, whether TypeORM wrapped the driver's
 * error (QueryFailedError.driverError) or the driver's own error reached us (a QueryRunner's
 * plain query); empty for anything else.
 */
export function postgresError(e: unknown): { code?: string; constraint?: string } {
  if (typeof e !== 'object' || e === null) return {};
  const wrapped = (e as { driverError?: unknown }).driverError;
  const raw = (typeof wrapped === 'object' && wrapped !== null ? wrapped : e) as {
    code?: unknown;
    constraint?: unknown;
  };
  return {
    code: typeof raw.code === 'string' ? raw.code : undefined,
    constraint: typeof raw.constraint === 'string' ? raw.constraint : undefined,
  };
}
