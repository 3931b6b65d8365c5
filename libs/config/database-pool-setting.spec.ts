import { loadSettings } from './settings.service';

describe('DATABASE_POOL_SIZE and DATABASE_POOL_IDLE_SECONDS', () => {
  it('keeps 20 connections at most and an unused one for five minutes unless told', () => {
    const settings = loadSettings({});
    expect(settings.DATABASE_POOL_SIZE).toBe(20);
    expect(settings.DATABASE_POOL_IDLE_SECONDS).toBe(300);
  });

  it('takes whole numbers, 0 seconds for never closing an unused connection', () => {
    const settings = loadSettings({ DATABASE_POOL_SIZE: '40', DATABASE_POOL_IDLE_SECONDS: '0' });
    expect(settings.DATABASE_POOL_SIZE).toBe(40);
    expect(settings.DATABASE_POOL_IDLE_SECONDS).toBe(0);
  });

  it('refuses a pool of no connections and a negative idle time, saying what to set', () => {
    expect(() => loadSettings({ DATABASE_POOL_SIZE: '0' })).toThrow(
      /DATABASE_POOL_SIZE must be a whole number of connections from 1 to 200/,
    );
    expect(() => loadSettings({ DATABASE_POOL_IDLE_SECONDS: '-1' })).toThrow(
      /DATABASE_POOL_IDLE_SECONDS must be a whole number of seconds from 0 to 86400/,
    );
  });

  it('waits 10 seconds at most for a connection unless told, and never without end', () => {
    expect(loadSettings({}).DATABASE_POOL_WAIT_SECONDS).toBe(10);
    expect(loadSettings({ DATABASE_POOL_WAIT_SECONDS: '2' }).DATABASE_POOL_WAIT_SECONDS).toBe(2);
    expect(() => loadSettings({ DATABASE_POOL_WAIT_SECONDS: '0' })).toThrow(
      /DATABASE_POOL_WAIT_SECONDS must be a whole number of seconds from 1 to 300/,
    );
  });

  it('starts the embedded PostgreSQL with room for 200 connections unless told', () => {
    expect(loadSettings({}).EMBEDDED_PG_MAX_CONNECTIONS).toBe(200);
    expect(() => loadSettings({ EMBEDDED_PG_MAX_CONNECTIONS: '5' })).toThrow(
      /EMBEDDED_PG_MAX_CONNECTIONS must be a whole number of connections from 10 to 10000/,
    );
  });
});
