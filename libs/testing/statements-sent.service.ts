import { Client } from 'pg';

/**
 * The statements PostgreSQL is sent while `fn` runs, on every connection, in order, each with its
 * white space folded to single spaces: for specs that count a path's reads and writes.
 */
export async function statementsSent(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const query = Client.prototype.query;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
    this: Client,
    ...args: unknown[]
  ) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (text) seen.push(text.trim().replace(/\s+/g, ' '));
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}
