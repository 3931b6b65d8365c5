import { statementCount, transactionEnds } from './transaction-ends.service';

/*
 * What the council binding reads of a text before sending it (ADR 0039): whether a statement that
 * ends a transaction has others after it, and whether the last opens the next by AND CHAIN. A word
 * in a string, a quoted name, a dollar quote, a comment or a function's body never counts.
 */
describe('how a text ends transactions', () => {
  it.each([
    ['SELECT name FROM people', 'none'],
    ['COMMIT', 'none'],
    ['BEGIN; UPDATE people SET name = name; COMMIT', 'none'],
    ['BEGIN; SELECT 1; COMMIT;  -- done', 'none'],
    ['COMMIT AND NO CHAIN', 'none'],
    ['SELECT 1; ROLLBACK TO SAVEPOINT s; SELECT 2', 'none'],
    ['COMMIT AND CHAIN', 'chains'],
    ['commit work and chain;', 'chains'],
    ['/* chained */ ROLLBACK AND CHAIN -- on', 'chains'],
    ['SELECT 1; END AND CHAIN', 'chains'],
    ['SELECT 1; COMMIT; SELECT name FROM people', 'midway'],
    ['BEGIN; SELECT 1; ROLLBACK; SELECT 2', 'midway'],
    ['SELECT 1; END; SELECT 2', 'midway'],
    ['SELECT 1; abort; SELECT 2', 'midway'],
    ["PREPARE TRANSACTION 'p'; SELECT 1", 'midway'],
    ['COMMIT AND CHAIN; SELECT 1', 'midway'],
  ])('%s: %s', (text, want) => {
    expect(transactionEnds(text)).toBe(want);
  });

  it.each([
    "SELECT 'one; COMMIT; two'; SELECT 2",
    "SELECT E'it\\'s; COMMIT'; SELECT 2",
    'SELECT "odd;"" COMMIT" FROM people; SELECT 2',
    'SELECT CASE WHEN true THEN 1 END; SELECT 2',
    'SELECT $$ ; COMMIT; $$; SELECT 2',
    'SELECT $body$ ; COMMIT; $body$; SELECT 2',
    'SELECT a$b FROM t; SELECT 2 -- ; COMMIT; SELECT 3',
    'SELECT 1 /* ; COMMIT; /* nested; */ ROLLBACK; */; SELECT 2',
    'CREATE FUNCTION f() RETURNS int LANGUAGE SQL BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; SELECT 1',
    'CREATE OR REPLACE FUNCTION public.f(a int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT a + 1; END; SELECT 1',
  ])('never counts a word that is not a statement: %s', (text) => {
    expect(transactionEnds(text)).toBe('none');
  });

  it('reads one statement of the extended protocol without looking for semicolons', () => {
    expect(transactionEnds('COMMIT AND CHAIN', true)).toBe('chains');
    expect(transactionEnds("SELECT ';COMMIT;'", true)).toBe('none');
  });

  it('counts the statements PostgreSQL answers, blank ones and comments left out', () => {
    expect(statementCount('SELECT 1')).toBe(1);
    expect(statementCount('SELECT 1; END AND CHAIN')).toBe(2);
    expect(statementCount('BEGIN;;  -- x\n; (SELECT 1);')).toBe(2);
  });
});
