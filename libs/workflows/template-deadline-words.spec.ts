import type { z } from 'zod';
import { deadlineWords } from './template-emails';
import { listTemplates } from './template.registry';
import type { WorkflowTemplate } from './workflow.template';

/**
 * The deadlines a version's machines arm: the keys its worker's DEADLINE_PASSED event names (an
 * enum, or a union of one with keys armed per thing, such as `condition-R1-C1`, named by kind).
 */
function deadlineKeys(t: WorkflowTemplate): string[] {
  const payload = t.events.DEADLINE_PASSED?.payload as z.ZodObject<{ key: z.ZodType }> | undefined;
  if (!payload) return [];
  const key = payload.shape.key as z.ZodType & { options?: unknown[] };
  const members = (key.options ?? []).every((o) => typeof o === 'string') ? [key] : key.options!;
  return members.flatMap((k) => {
    const options = (k as { options?: unknown[] }).options;
    if (options) return options.filter((o): o is string => typeof o === 'string');
    // A key armed per thing: its kind, read from the pattern it must match (`^condition-…`).
    const checks = (k as { def: { checks?: { _zod: { def: { pattern?: RegExp } } }[] } }).def
      .checks;
    return (checks ?? []).flatMap(
      (c) => /^\^(\w+)-/.exec(c._zod.def.pattern?.source ?? '')?.[1] ?? [],
    );
  });
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
    const bcf2 = versions.find(([v]) => v === 'bcf-delegated-sign-off@2');
    if (bcf2)
      expect(deadlineKeys(bcf2[1])).toEqual(expect.arrayContaining(['information', 'condition']));
  });

  it('reads a key the template has no words for as words, never as the key', () => {
    const t = listTemplates().find((x) => x.id === 'officer-delegated-decision')!;
    expect(deadlineWords(t, 'callIn')).toBe('call-in period');
    expect(deadlineWords(t, 'somethingUnworded')).toBe('something unworded');
    const bcf2 = listTemplates().find((x) => x.id === 'bcf-delegated-sign-off' && x.version === 2);
    if (bcf2) expect(deadlineWords(bcf2, 'condition-R1-C2')).toBe('condition');
  });
});
