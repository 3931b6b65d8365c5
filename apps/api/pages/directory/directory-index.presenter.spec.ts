import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { directoryIndexPage } from './directory-index.presenter';

const as = (role: string) => ({ role, name: 'Sam Patel' }) as unknown as SignedInStaff;

describe('the directory front page presenter', () => {
  it('offers an administrator every section, API keys included, and the right to change', () => {
    const view = directoryIndexPage(as('administrator'));
    expect(view.mayChange).toBe(true);
    expect(view.sections.map((s) => s.text)).toEqual([
      'Organisations',
      'People',
      'Offices',
      'Bodies',
      'Delegations',
      'API keys',
      'Changes',
      'Import and export',
    ]);
  });

  it.each(['officer', 'governance_lead'])(
    'offers a reader (%s) every section but API keys, to read only',
    (role) => {
      const view = directoryIndexPage(as(role));
      expect(view.mayChange).toBe(false);
      expect(view.sections.map((s) => s.href)).not.toContain('/directory/api-keys');
      expect(view.sections).toHaveLength(7);
    },
  );

  it('says in words what each section keeps', () => {
    for (const s of directoryIndexPage(as('administrator')).sections)
      expect(s.about).toMatch(/^[A-Z].*\.$/);
  });
});
