import { loadSettings } from './settings.service';

describe('MIGRATION_LOCK_WAIT_SECONDS', () => {
  it('waits a quarter of an hour for another process migrating unless told', () => {
    expect(loadSettings({}).MIGRATION_LOCK_WAIT_SECONDS).toBe(900);
  });

  it('takes a whole number of seconds', () => {
    expect(loadSettings({ MIGRATION_LOCK_WAIT_SECONDS: '3600' }).MIGRATION_LOCK_WAIT_SECONDS).toBe(
      3600,
    );
  });

  it('refuses a wait of nothing, saying what to set', () => {
    expect(() => loadSettings({ MIGRATION_LOCK_WAIT_SECONDS: '0' })).toThrow(
      /MIGRATION_LOCK_WAIT_SECONDS must be a whole number of seconds, at least 1/,
    );
  });
});
