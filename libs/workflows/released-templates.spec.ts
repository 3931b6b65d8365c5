import { listTemplates } from './template.registry';
import { templateFingerprint } from './template-fingerprint.service';

/**
 * Fingerprints recorded when each template version was released. Running cases stay on the
 * version they started with, so a released version never changes: change a template by adding a
 * version (and its line here), never by editing a released one.
 */
const RELEASED: Record<string, string> = {
  'bcf-delegated-sign-off@1': '9c49111cb6d7604d488a75c5bd660d91b1ed0f4069787546c338d3bbceeba94c',
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
