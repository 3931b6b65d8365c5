import { listTemplates } from './template.registry';
import { templateFingerprint } from './template-fingerprint.service';

/**
 * Fingerprints recorded when each template version was released. Running cases stay on the
 * version they started with, so a released version never changes: change a template by adding a
 * version (and its line here), never by editing a released one.
 */
const RELEASED: Record<string, string> = {
  'bcf-delegated-sign-off@1': '9c49111cb6d7604d488a75c5bd660d91b1ed0f4069787546c338d3bbceeba94c',
  'minutes-approval@1': 'dbcc250c0294175989a2b7407c792f2c8a68b81ea32999b80965e257d0b8fd0a',
  'grant-ratification@1': 'c3cff2f7c9498977bd6aae74dda20064c597815ce50145c011591c9b2a30dc87',
  'bcf-board-sign-off@1': '8eef957cdd99e967db710431485473d740d1c8cf564e4066b9c83c70150e71b1',
  'bcf-quarterly-performance-report@1':
    '0add7ff4c4d3f0edc831f0bc5ab161eb0104ab5b3328f5a4cea70d2d725ca2e5',
  'jcb-delegated-decision@1': '073eb279c2640a78d502b6b60b9d86a50f4aa2ab8472fa7368f8a02fd2c0289a',
  'jcb-delegated-decision@2': '999afc3d4e20fa84604dd180f49b98a5c9bee23c6b6583d0008a01aefd3c363f',
  'jcb-delegated-decision@3': 'cacded574b423889514f32c676c76d2010d7bcbb4fc00cbcebbb5d49a49af008',
  'pharmacy-consolidation-representation@1':
    '7bd034aa2f1a0f5d979c51d37023b01058ca593f2d432f03108d846db2669b47',
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
