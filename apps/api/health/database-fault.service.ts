/** Thrown when the database gave no answer within the readiness check's bound. */
export class NoAnswerWithin extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** SQLSTATEs and socket errors an operator can act on, in words. */
const WORDS: Record<string, string> = {
  ECONNREFUSED: 'the database refused the connection',
  ECONNRESET: 'the database closed the connection',
  EPIPE: 'the database closed the connection',
  ENOTFOUND: "the database's host name is not known",
  EAI_AGAIN: "the database's host name could not be looked up",
  ETIMEDOUT: 'the database could not be reached',
  EHOSTUNREACH: 'the database could not be reached',
  ENETUNREACH: 'the database could not be reached',
  '55000': 'the database refused the connection (it does not accept connections now)',
  '57P01': 'the database is shutting down',
  '57P02': 'the database is shutting down',
  '57P03': 'the database is starting up or shutting down',
  '53300': 'the database has no connection free for this process',
  '28P01': "the database refused this process's login",
  '28000': "the database refused this process's login",
  '3D000': 'the database named in DATABASE_URL does not exist',
};

/**
 * What went wrong with the database, in words, for a public readiness answer: never the error's
 * own message, which can carry the host, port, database or login name.
 */
export function databaseFaultInWords(e: unknown): string {
  if (e instanceof NoAnswerWithin) return `the database did not answer within ${e.ms / 1000} s`;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && WORDS[code]) return WORDS[code];
  // pg-pool's own: no connection came free (or none could be made) within its wait.
  if (e instanceof Error && /timeout exceeded when trying to connect/i.test(e.message))
    return 'the database did not answer: no connection came free or could be made in time';
  return 'the database answered with an error (the log of this process says which)';
}
