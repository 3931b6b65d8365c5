import { loadSettings } from './settings.service';

describe('INDEX_BUILD_WAIT_SECONDS', () => {
  it('waits six hours for another session building the same index unless told', () => {
    expect(loadSettings({}).INDEX_BUILD_WAIT_SECONDS).toBe(21_600);
  });

  it('takes a whole number of seconds', () => {
    expect(loadSettings({ INDEX_BUILD_WAIT_SECONDS: '86400' }).INDEX_BUILD_WAIT_SECONDS).toBe(
      86_400,
    );
  });

  it('refuses a wait of nothing, saying what to set', () => {
    expect(() => loadSettings({ INDEX_BUILD_WAIT_SECONDS: '0' })).toThrow(
      /INDEX_BUILD_WAIT_SECONDS must be a whole number of seconds, at least 1/,
    );
  });
});
