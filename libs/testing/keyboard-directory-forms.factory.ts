import { csv } from './directory-import-files.factory';
import { date, type KeyboardForm, posting, SUCCESS } from './keyboard-forms.factory';

/*
 * The directory's forms for test/keyboard-forms-browser (beside keyboard-forms.factory.ts, whose
 * rows run after these): people, organisations, offices and their holders, delegations, bodies,
 * seats and substitutes, the import and API keys. Dana Whitlock, the officer, is appointed to the
 * HWBB chair's office and that office delegates to the Leader of the Council: a deputy for her
 * absence (keyboard-forms.factory.ts).
 */

export const KEYBOARD_DIRECTORY_FORMS: KeyboardForm[] = [
  {
    form: 'add a person (a select, checkboxes)',
    as: 'administrator',
    page: () => '/directory/people/new',
    refused: [
      ['name', 'Kay Board'],
      ['email', 'not-an-address'],
    ],
    steps: () => [
      {
        form: posting('/directory/people'),
        values: [
          ['name', 'Kay Board'],
          ['email', 'kay.board@example.org'],
          ['organisationId', { choose: '' }],
          ['electedMember-2', { tick: true }],
        ],
        then: { shows: 'The person is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'add an organisation (radios)',
    as: 'administrator',
    page: () => '/directory/organisations/new',
    refused: [['name', 'Keyboard Trust'], ...date('activeFrom', '31', '2', '2025')],
    steps: () => [
      {
        form: posting('/directory/organisations'),
        values: [
          ['name', 'Keyboard Community Trust'],
          ['kind', { choose: 'voluntary_sector' }],
          ...date('activeFrom', '1', '8', '2025'),
        ],
        then: { shows: 'The organisation is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'add an office',
    as: 'administrator',
    page: () => '/directory/offices/new',
    refused: [['title', 'Keyboard officer']],
    steps: () => [
      {
        form: posting('/directory/offices'),
        values: [
          ['title', 'Head of Keyboards'],
          ['organisationId', { choose: '' }],
        ],
        then: { shows: 'The office is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'appoint an office holder',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.crawl.office}/appoint`,
    refused: date('from', '31', '2', '2025'),
    steps: (w) => [
      {
        form: posting(`/directory/offices/${w.crawl.office}/appoint`),
        values: [
          ['personId', { choose: 'Dana Whitlock' }],
          ['kind', { choose: 'acting' }],
          ...date('from', '2', '8', '2025'),
        ],
        then: { shows: /appoint|holder/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'grant a delegation (an office, its delegate and the scope chosen by name)',
    as: 'administrator',
    page: () => '/directory/delegations/new',
    refused: [['reference', 'Keyboard scheme'], ...date('validFrom', '31', '2', '2025')],
    steps: () => [
      {
        form: posting('/directory/delegations'),
        values: [
          ['grantor', { choose: 'The office of Chair, Southampton Health and Wellbeing Board' }],
          ['delegate', { choose: 'Leader of the Council' }],
          ['scope', { choose: 'Officer decision under delegation' }],
          ...date('validFrom', '22', '8', '2025'),
          ['reference', 'Scheme of delegation, paragraph 4.2'],
        ],
        then: { shows: /delegation/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'amend a delegation',
    as: 'administrator',
    page: (w) => `/directory/delegations/${w.crawl.delegation}`,
    refused: [['amountLimit', 'lots']],
    steps: (w) => [
      {
        form: posting(`/directory/delegations/${w.crawl.delegation}`),
        values: [['amountLimit', '250000']],
        then: { shows: /delegation/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'change a body (its rules: radios, numbers, sources)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/edit`,
    refused: [['quorumTotal', 'three']],
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}`),
        values: [['quorumTotal', '4']],
        then: { shows: /body|board/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'add a seat (a person, a constituency, radios)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members`,
    refused: [['source', 'Keyboard minute'], ...date('validFrom', '31', '2', '2025')],
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}/members`),
        values: [
          ['personId', { choose: 'Kay Board' }],
          ['constituency', { choose: '' }],
          ['role', { choose: 'member' }],
          // A seat that does not vote: at the meeting it is present, listed without a hand.
          ['voting', { choose: 'no' }],
          ...date('validFrom', '1', '8', '2025'),
          ['source', 'Board minute 12, 1 August 2025'],
        ],
        then: { shows: 'The seat is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'name a substitute',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    refused: [['subReference', 'Keyboard minute'], ...date('subFrom', '31', '2', '2025')],
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}/substitutes`),
        values: [
          ['subPerson', { choose: 'Kay Board' }],
          ...date('subFrom', '1', '8', '2025'),
          ['subReference', 'Board minute 13, 1 August 2025'],
        ],
        then: { shows: /substitute/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'check and import the directory (files picked with the keyboard)',
    as: 'administrator',
    page: () => '/directory/import',
    steps: () => [
      {
        form: posting('/directory/import/check'),
        values: [
          [
            'people',
            {
              files: [
                {
                  name: 'people.csv',
                  text: (organisation) =>
                    csv([
                      ['Name', 'Email', 'Organisation', 'Elected member', 'Officer', 'Left on'],
                      ['Lee Import', 'lee.import@example.org', organisation, 'no', 'yes', ''],
                    ]),
                },
              ],
            },
          ],
        ],
        then: { shows: /check/i },
      },
      {
        form: posting('/directory/import'),
        values: [],
        then: { shows: 'Import complete' },
      },
    ],
  },
  {
    form: 'make an API key',
    as: 'administrator',
    page: () => '/directory/api-keys/new',
    refused: [['name', 'Keyboard key']],
    steps: () => [
      {
        form: posting('/directory/api-keys'),
        values: [
          ['personId', { choose: '' }],
          ['name', 'Keyboard reporting'],
          ...date('expiresOn', '1', '8', '2026'),
        ],
        then: { shows: /key/i },
      },
    ],
  },
];
