import { DocumentSettings } from './document-settings.service';

/** DocumentSettings as read from an environment of only `env`. */
function settingsFrom(env: Record<string, string>): DocumentSettings {
  const saved = process.env;
  process.env = { ...env };
  try {
    return new DocumentSettings();
  } finally {
    process.env = saved;
  }
}

describe('the documents settings', () => {
  it('refuses an empty or blank DOCUMENT_MAX_MB, naming it, as every number setting does', () => {
    // Before: DOCUMENT_MAX_MB= (an env file's line left empty) was read as the 25 MB default.
    for (const value of ['', '  ']) {
      expect(() => settingsFrom({ DOCUMENT_MAX_MB: value })).toThrow(
        /DOCUMENT_MAX_MB is empty: set a number of megabytes more than 0, at most 1024, or unset it for its default \(25\)/,
      );
    }
  });

  it('reads an unset DOCUMENT_MAX_MB as 25 MB, and a set one as given', () => {
    expect(settingsFrom({}).maxBytes).toBe(25 * 1024 * 1024);
    expect(settingsFrom({ DOCUMENT_MAX_MB: ' 1 ' }).maxBytes).toBe(1024 * 1024);
    expect(settingsFrom({ DOCUMENT_MAX_MB: '0.5' }).maxBytes).toBe(512 * 1024);
  });

  it('refuses a DOCUMENT_MAX_MB that is not a number of megabytes from above 0 to 1024', () => {
    expect(() => settingsFrom({ DOCUMENT_MAX_MB: 'ten' })).toThrow(
      /DOCUMENT_MAX_MB must be a number of megabytes/,
    );
    expect(() => settingsFrom({ DOCUMENT_MAX_MB: '0' })).toThrow(
      /DOCUMENT_MAX_MB must be more than 0/,
    );
    expect(() => settingsFrom({ DOCUMENT_MAX_MB: '1025' })).toThrow(
      /DOCUMENT_MAX_MB must be at most 1024/,
    );
  });

  it('still reads the other documents settings left empty as unset', () => {
    expect(settingsFrom({ DOCUMENT_STORE: '', DOCUMENT_S3_BUCKET: '' })).toMatchObject({
      store: 'postgresql',
      s3: null,
    });
  });
});
