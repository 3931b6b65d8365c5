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
  // The changes, ends and revocation of what the rows above and the world made: each on a record
  // no later row relies on as it was (Lee Morgan, Healthwatch, the CCG's deputy office), or on a
  // later day than any later row's (the seat, its substitute and the delegation end next year).
  {
    form: 'change a person (text, a select, checkboxes, at the version read)',
    as: 'administrator',
    page: (w) => `/directory/people/${w.id('governanceLead')}/change`,
    refused: [
      ['name', 'Lee Morgan-Keyboard'],
      ['email', 'not-an-address'],
    ],
    steps: (w) => [
      {
        form: posting(`/directory/people/${w.id('governanceLead')}/change`),
        values: [
          ['name', 'Lee Morgan'],
          ['email', 'lee.morgan@keyboard.example.org'],
        ],
        then: {
          shows: 'The person is changed',
          at: SUCCESS,
          has: 'lee.morgan@keyboard.example.org',
        },
      },
    ],
  },
  {
    form: 'change an organisation (radios, two dates)',
    as: 'administrator',
    page: (w) => `/directory/organisations/${w.ids.organisations.healthwatch}/change`,
    refused: [['name', 'Healthwatch Southampton CIC'], ...date('activeUntil', '31', '2', '2026')],
    steps: (w) => [
      {
        form: posting(`/directory/organisations/${w.ids.organisations.healthwatch}/change`),
        values: [['name', 'Healthwatch Southampton CIC'], ...date('activeUntil', '', '', '')],
        then: {
          shows: 'The organisation is changed',
          at: SUCCESS,
          has: 'Healthwatch Southampton CIC',
        },
      },
    ],
  },
  {
    form: 'change an office (its title, its organisation)',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.ids.offices.deputyAo}/change`,
    refused: [['title', ' ']],
    steps: (w) => [
      {
        form: posting(`/directory/offices/${w.ids.offices.deputyAo}/change`),
        values: [
          ['title', 'Interim Deputy Accountable Officer, NHS Southampton City CCG'],
          ['organisationId', { choose: 'NHS Southampton City CCG' }],
        ],
        then: { shows: 'The office is changed', at: SUCCESS, has: 'Interim Deputy' },
      },
    ],
  },
  {
    form: 'correct an office holding (radios, its last day before its first refused)',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.crawl.office}/holders/${w.crawl.holding}/change`,
    refused: date('until', '1', '1', '1999'),
    steps: (w) => [
      {
        form: posting(`/directory/offices/${w.crawl.office}/holders/${w.crawl.holding}/change`),
        values: [['kind', { choose: 'substantive' }], ...date('until', '31', '3', '2027')],
        then: { shows: 'The holding is changed', at: SUCCESS, has: '31 March 2027' },
      },
    ],
  },
  {
    form: 'change a seat’s term (a select, radios, dates, its last day before its first refused)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    refused: [['seatSource', 'Keyboard minute'], ...date('seatUntil', '1', '1', '2024')],
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`),
        values: [...date('seatUntil', '31', '12', '2026'), ['seatSource', 'JCB minute 7, 2025']],
        then: { shows: 'The seat’s term is changed', at: SUCCESS, has: 'JCB minute 7, 2025' },
      },
    ],
  },
  {
    form: 'end a substitute’s naming (before it starts refused)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    refused: [
      [/^sub-.*-end-day$/, '1'],
      [/^sub-.*-end-month$/, '1'],
      [/^sub-.*-end-year$/, '2024'],
    ],
    steps: (w) => [
      {
        form: posting(
          `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}/substitutes/${w.crawl.substitute}/end`,
        ),
        values: date(`sub-${w.crawl.substitute}-end`, '31', '12', '2025'),
        then: { shows: 'The substitute’s naming is ended', at: SUCCESS, has: '31 December 2025' },
      },
    ],
  },
  {
    form: 'end a seat’s term (after the term already ends refused)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    refused: date('seatEnd', '31', '3', '2027'),
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}/end`),
        values: date('seatEnd', '31', '3', '2026'),
        then: { shows: 'The seat’s term is ended', at: SUCCESS, has: '31 March 2026' },
      },
    ],
  },
  {
    form: 'revoke a delegation (from a later day; back-dated refused)',
    as: 'administrator',
    page: (w) => `/directory/delegations/${w.crawl.delegation}`,
    refused: [['revokeReference', 'JCB minute 9, 2025'], ...date('revokeOn', '1', '8', '2025')],
    steps: (w) => [
      {
        form: posting(`/directory/delegations/${w.crawl.delegation}/revoke`),
        values: [['revokeReference', 'JCB minute 9, 2025'], ...date('revokeOn', '1', '4', '2026')],
        then: { shows: 'The delegation is revoked', at: SUCCESS, has: '1 April 2026' },
      },
    ],
  },
  {
    form: 'mark a person as left (a date)',
    as: 'administrator',
    page: (w) => `/directory/people/${w.id('governanceLead')}`,
    refused: date('leftOn', '31', '2', '2026'),
    steps: (w) => [
      {
        form: posting(`/directory/people/${w.id('governanceLead')}/leave`),
        values: date('leftOn', '31', '12', '2025'),
        then: { shows: 'The person is marked as left', at: SUCCESS, has: '31 December 2025' },
      },
    ],
  },
];
