import { listTemplates } from './template.registry';
import { templateFingerprint } from './template-fingerprint.service';

/**
 * Fingerprints recorded when each template version was released. Running cases stay on the
 * version they started with, so a released version never changes: change a template by adding a
 * version (and its line here), never by editing a released one.
 */
const RELEASED: Record<string, string> = {
  'bcf-delegated-sign-off@1': 'd25e4fea2ba187503ac866f929ac68b59d388656891618d11b5c8b4ee61b81c0',
};

describe('released template versions', () => {
  it.each(listTemplates().map((t) => [`${t.id}@${t.version}`, t] as const))(
    '%s is recorded and unchanged since its release',
    (key, t) => {
      expect(RELEASED[key]).toBeDefined();
      expect(templateFingerprint(t)).toBe(RELEASED[key]);
    },
  );

  it('keeps every released version registered', () => {
    const registered = new Set(listTemplates().map((t) => `${t.id}@${t.version}`));
    expect(Object.keys(RELEASED).filter((k) => !registered.has(k))).toEqual([]);
  });
});
