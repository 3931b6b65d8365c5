import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentVersion, listTemplates } from './template.registry';

/** README's names for the templates, as its "What else is there" list writes them. */
const README_NAMES: Record<string, string> = {
  'bcf-delegated-sign-off': 'BCF delegated sign-off (current version',
  'bcf-board-sign-off': 'BCF board sign-off (',
  'jcb-delegated-decision': 'JCB delegated decision (',
  'pharmacy-consolidation-representation': 'pharmacy consolidation representation (',
  'bcf-quarterly-performance-report': 'BCF quarterly performance report (',
  'grant-ratification': 'grant ratification (',
  'minutes-approval': 'minutes approval (',
  'officer-delegated-decision': 'an officer’s decision under delegation (',
};

/** The README's template list stays true when a version is made current (issue #15's done-when). */
describe('README’s list of templates', () => {
  // Whatever way prettier wraps the paragraph.
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')
    .replace(/'/g, '’')
    .replace(/\s+/g, ' ');
  const ids = [...new Set(listTemplates().map((t) => t.id))].sort();

  it('names every template', () => {
    expect(ids).toEqual(Object.keys(README_NAMES).sort());
  });

  it.each(ids)('gives %s’s current version', (id) => {
    const at = readme.indexOf(README_NAMES[id]);
    expect(at).toBeGreaterThan(-1);
    const version = /^\s*(\d+)/.exec(readme.slice(at + README_NAMES[id].length))?.[1];
    expect({ id, version: Number(version) }).toEqual({ id, version: currentVersion(id) });
  });
});
