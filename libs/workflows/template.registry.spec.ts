import { currentVersion, findTemplate, listTemplates } from './template.registry';

describe('the template registry', () => {
  const ids = [...new Set(listTemplates().map((t) => t.id))];

  it.each(ids)('names a registered version of %s as the one new cases open on', (id) => {
    const current = currentVersion(id);
    expect(listTemplates().some((t) => t.id === id && t.version === current)).toBe(true);
    expect(findTemplate(id)?.version).toBe(current);
  });

  it('finds any registered version by its number, current or not', () => {
    expect(findTemplate('jcb-delegated-decision', 1)?.version).toBe(1);
    expect(findTemplate('jcb-delegated-decision', 2)?.version).toBe(2);
  });

  it('knows no current version of a template it does not have', () => {
    expect(currentVersion('toString')).toBeUndefined();
    expect(findTemplate('no-such-template')).toBeUndefined();
  });
});
