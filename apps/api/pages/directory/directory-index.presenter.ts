import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';

/** Every section of the council's directory, with what each keeps; API keys for administrators. */
const SECTIONS = [
  {
    href: '/directory/organisations',
    text: 'Organisations',
    about: 'The council and its partners, by kind, and when each is a partner.',
  },
  {
    href: '/directory/people',
    text: 'People',
    about:
      'Everyone who sits on a body, holds an office or acts on a case: their organisation, whether they are an elected member, and whether they have left.',
  },
  {
    href: '/directory/offices',
    text: 'Offices',
    about:
      'Offices such as Chief Executive or Director of Public Health, who holds each on a day, acting or substantive, and who held it before.',
  },
  {
    href: '/directory/bodies',
    text: 'Bodies',
    about:
      'Boards and committees with their rules (quorum, decisions, notice, substitutes) and their members.',
  },
  {
    href: '/directory/delegations',
    text: 'Delegations',
    about:
      'The scheme of delegation: what a body or office has delegated to an office, with its limits and dates.',
  },
  {
    href: '/directory/api-keys',
    text: 'API keys',
    about: 'Keys that let another system act for a person through the API.',
    administrators: true,
  },
  {
    href: '/directory/changes',
    text: 'Changes',
    about: 'Who changed what in the directory and when, with what it was before and after.',
  },
  {
    href: '/directory/import',
    text: 'Import and export',
    about: 'People, bodies and memberships from and to a spreadsheet (CSV).',
  },
];

/**
 * The directory's front page as directory/index.njk draws it: every section with what it keeps,
 * API keys for administrators only, and whether the reader may change the directory.
 */
export function directoryIndexPage(staff: SignedInStaff) {
  const administrator = staff.role === 'administrator';
  return {
    staff,
    mayChange: administrator,
    sections: SECTIONS.filter((s) => !s.administrators || administrator),
  };
}
