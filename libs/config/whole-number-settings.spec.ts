import { loadSettings } from './settings.service';

/** Every setting that is a whole number. */
const WHOLE_NUMBERS = [
  'PORT',
  'MIGRATION_LOCK_WAIT_SECONDS',
  'INDEX_BUILD_WAIT_SECONDS',
  'DATABASE_POOL_SIZE',
  'DATABASE_POOL_IDLE_SECONDS',
  'DATABASE_POOL_WAIT_SECONDS',
  'AUDIT_CHECKPOINT_MINUTES',
  'EMBEDDED_PG_PORT',
  'EMBEDDED_PG_MAX_CONNECTIONS',
  'WORKER_INTERVAL_MS',
  'WORKER_EMAIL_MAX_DEFER_MS',
  'DEV_SMTP_PORT',
  'LINK_RATE_LIMIT_PER_MINUTE',
  'API_RATE_LIMIT_PER_MINUTE',
  'REQUEST_TIMEOUT_MS',
  'DOCUMENT_UPLOADS_AT_ONCE',
  'PASSWORD_CHECKS_AT_ONCE',
  'HEALTH_BACKLOG_MAX_AGE_SECONDS',
  'METRICS_PORT',
  'SHUTDOWN_GRACE_MS',
];

describe('whole number settings', () => {
  it('refuses an empty WORKER_EMAIL_MAX_DEFER_MS instead of reading it as 0, which turns the deadlines-first ordering off', () => {
    // Before: an env file's `WORKER_EMAIL_MAX_DEFER_MS=` was read as 0 without a word.
    expect(() => loadSettings({ WORKER_EMAIL_MAX_DEFER_MS: '' })).toThrow(
      /WORKER_EMAIL_MAX_DEFER_MS is empty: set a whole number of milliseconds from 0 to 300000, or unset it for its default/,
    );
    expect(loadSettings({}).WORKER_EMAIL_MAX_DEFER_MS).toBe(10_000);
    expect(loadSettings({ WORKER_EMAIL_MAX_DEFER_MS: '0' }).WORKER_EMAIL_MAX_DEFER_MS).toBe(0);
  });

  it.each(WHOLE_NUMBERS)('refuses an empty or blank %s, naming it', (name) => {
    for (const value of ['', '  ']) {
      expect(() => loadSettings({ [name]: value })).toThrow(new RegExp(`${name} is empty: set `));
    }
  });

  it.each(WHOLE_NUMBERS)(
    'refuses a %s that is not a whole number, saying what it must be',
    (name) => {
      for (const value of ['ten', '2.5']) {
        expect(() => loadSettings({ [name]: value })).toThrow(new RegExp(`${name} must be `));
      }
    },
  );

  it('reads a whole number given with spaces round it', () => {
    expect(loadSettings({ SHUTDOWN_GRACE_MS: ' 5000 ' }).SHUTDOWN_GRACE_MS).toBe(5_000);
  });

  it('leaves an unset METRICS_PORT unset: no metrics served', () => {
    expect(loadSettings({}).METRICS_PORT).toBeUndefined();
    expect(loadSettings({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9_464);
  });
});
