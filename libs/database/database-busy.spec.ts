import { databaseBusy } from './database-busy.errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('an error that says no database connection could be had', () => {
  it.each([
    ['pg-pool’s wait for a free connection', new Error('timeout exceeded when trying to connect')],
    [
      'a new connection that did not connect in time',
      new Error('Connection terminated due to connection timeout'),
    ],
    ['PostgreSQL’s max_connections', pgError('53300', 'sorry, too many clients already')],
    ['a role’s CONNECTION LIMIT', pgError('53300', 'too many connections for role "ratify_app"')],
    ['a server starting or stopping', pgError('57P03', 'the database system is starting up')],
  ])('is DATABASE_BUSY for %s, saying when to try again', (_what, error) => {
    expect(databaseBusy(error, 10)).toMatchObject({
      code: 'DATABASE_BUSY',
      detail:
        'The database had no connection free for this request in time: try again after 10 seconds, first checking whether a change you asked for was made.',
      extra: { retryAfterSeconds: 10 },
    });
  });

  it('is nothing for any other error', () => {
    for (const error of [
      new Error('timeout'),
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('57014', 'canceling statement due to statement timeout'),
      'timeout exceeded when trying to connect',
      null,
    ])
      expect(databaseBusy(error, 10)).toBeNull();
  });
});
