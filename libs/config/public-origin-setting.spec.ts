import { loadSettings } from './settings.service';

describe('PUBLIC_ORIGIN', () => {
  it('links to the port the server listens on when no origin is set', () => {
    expect(loadSettings({ PORT: '3417' }).PUBLIC_ORIGIN).toBe('http://localhost:3417');
  });

  it('is http://localhost:3000 when neither is set', () => {
    expect(loadSettings({}).PUBLIC_ORIGIN).toBe('http://localhost:3000');
  });

  it('is the origin set, whatever the port', () => {
    expect(
      loadSettings({ PORT: '8080', PUBLIC_ORIGIN: 'https://ratify.example.org' }).PUBLIC_ORIGIN,
    ).toBe('https://ratify.example.org');
  });

  it('refuses an origin that is not an absolute URL, saying what to set', () => {
    expect(() => loadSettings({ PUBLIC_ORIGIN: 'ratify.example.org' })).toThrow(
      /PUBLIC_ORIGIN must be an absolute URL such as https:\/\/ratify.example.org/,
    );
  });
});
