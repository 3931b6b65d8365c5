import type { z } from 'zod';
import { deadlineWords } from './template-emails';
import { listTemplates } from './template.registry';
import type { WorkflowTemplate } from './workflow.template';

/** The deadlines a version's machines arm: the keys its worker's DEADLINE_PASSED event names. */
function deadlineKeys(t: WorkflowTemplate): string[] {
  const passed = t.events.DEADLINE_PASSED?.payload as
    z.ZodObject<{ key: z.ZodEnum<Record<string, string>> }> | undefined;
  return passed ? passed.shape.key.options : [];
}

describe('deadline words', () => {
  const versions = listTemplates().map((t) => [`${t.id}@${t.version}`, t] as const);

  it.each(versions)('%s names each deadline it arms in its own words', (_, t) => {
    for (const key of deadlineKeys(t)) {
      expect({ key, words: Object.hasOwn(t.emails.deadlines, key) }).toEqual({ key, words: true });
      const words = deadlineWords(t, key);
      // Words a person reads: no camel case standing in for them.
      expect(words).not.toMatch(/[a-z][A-Z]/);
    }
  });

  it('finds the deadlines of every template that arms any', () => {
    const arming = versions.filter(([, t]) => deadlineKeys(t).length > 0).map(([v]) => v);
    expect(arming).toEqual(expect.arrayContaining(['officer-delegated-decision@1']));
    expect(arming.length).toBeGreaterThanOrEqual(8);
  });

  it('reads a key the template has no words for as words, never as the key', () => {
    const t = listTemplates().find((x) => x.id === 'officer-delegated-decision')!;
    expect(deadlineWords(t, 'callIn')).toBe('call-in period');
    expect(deadlineWords(t, 'somethingUnworded')).toBe('something unworded');
  });
});
