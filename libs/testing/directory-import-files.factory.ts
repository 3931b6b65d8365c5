import { stringify } from 'csv-stringify/sync';

/*
 * CSV files an administrator imports into a directory world (libs/testing/directory-world.factory:
 * Southampton's council and CCG, their HWBB) in test/directory-import*: good files for the people,
 * bodies and memberships import, and a CSV written from rows.
 */

/** A CSV file written from rows, as a spreadsheet saves it. */
export const csv = (rows: (string | number)[][]) => stringify(rows);

const cabinetRules = JSON.stringify({
  constituencies: [
    {
      key: 'executive',
      name: 'The Executive',
      organisation: 'Southampton City Council',
      categories: [],
    },
  ],
  quorum: {
    source: 'Executive procedure rules 4.2',
    total: 3,
    minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
  },
  decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
});
/** Good files: three people, a cabinet and three seats (two on the cabinet, one on the HWBB). */
export const directoryImportFiles = {
  people: csv([
    ['Name', 'Email', 'Organisation', 'Elected member', 'Officer', 'Left on'],
    ['Cllr Ada Finch', 'ada.finch@example.org', 'Southampton City Council', 'yes', 'no', ''],
    ['Dr Ben Osei', 'ben.osei@example.org', 'NHS Southampton City CCG', 'no', 'no', ''],
    ['Cllr Cara Lund', 'cara.lund@example.org', 'Southampton City Council', 'yes', '', ''],
  ]),
  bodies: csv([
    ['name', 'kind', 'rules'],
    ['Cabinet', 'cabinet', cabinetRules],
  ]),
  memberships: csv([
    ['body', 'person_email', 'constituency', 'role', 'voting', 'valid_from', 'valid_until'],
    ['Cabinet', 'ada.finch@example.org', 'executive', 'chair', '', '2026-05-20', ''],
    ['Cabinet', 'cara.lund@example.org', 'executive', 'member', 'yes', '20/05/2026', '2027-05-18'],
    [
      'Southampton Health and Wellbeing Board',
      'ben.osei@example.org',
      'ccg',
      'member',
      '',
      '2026-06-01',
      '',
    ],
  ]),
};
