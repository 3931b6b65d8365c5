import { date, type KeyboardForm, posting, SUCCESS } from './keyboard-forms.factory';

/*
 * The last forms for test/keyboard-forms-browser (after keyboard-meeting-forms.factory.ts's, on the
 * Board's day, 4 Sep 2025, after its meeting): the agenda of the JCB's meeting of 7 August
 * published; a chair of the JCB appointed and the minutes of that meeting opened as a case,
 * approved at the meeting of 4 September and, the chair not there and the JCB having no
 * vice-chair, the member who presided named to sign them; a case withdrawn and the paused one
 * resumed; a closure day added and removed, one person's records exported, an organisation's
 * sign-in and who may use a password saved, a retention period, a hold released, an account's
 * role, a webhook's new secret; and, last (the officer signs in with a code from then on), an
 * authenticator app set up.
 */

/** The meeting page's form naming who presided (after its heading and words; it posts as the approval's does). */
const PRESIDING = (meeting: string) =>
  `[id^="form-minutesSigner-"] + p + ${posting(`/meetings/${meeting}/minutes-approval`)}`;

export const KEYBOARD_CASE_FORMS: KeyboardForm[] = [
  {
    form: 'publish an agenda (a GOV.UK date input)',
    as: 'officer',
    on: '2025-09-04T10:00:00Z',
    page: (w) => `/meetings/${w.fuzz.meetings[1]}`,
    refused: date('publication-agendaPublishedOn', '31', '2', '2025'),
    steps: (w) => [
      {
        form: posting(`/meetings/${w.fuzz.meetings[1]}/publication`),
        values: date('publication-agendaPublishedOn', '1', '8', '2025'),
        then: { shows: 'The agenda’s publication was recorded', at: SUCCESS },
      },
    ],
  },
  {
    // The JCB has no chair: one is appointed from 1 August, who was not at the meeting of 4 September.
    form: 'add a chair’s seat to a body (a person, a constituency, radios, a date)',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members`,
    steps: (w) => [
      {
        form: posting(`/directory/bodies/${w.crawl.body}/members`),
        values: [
          ['personId', { choose: 'Cllr Noor Hale' }],
          ['constituency', { choose: '' }],
          ['role', { choose: 'chair' }],
          ...date('validFrom', '1', '8', '2025'),
          ['source', 'Council 31 July 2025, minute 9'],
        ],
        then: { shows: 'The seat is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'open the minutes of a meeting as a case (the body’s seats chosen by name)',
    as: 'officer',
    page: () => '/cases/new/minutes-approval',
    steps: () => [
      {
        form: 'main form[method="post"]:not([action])',
        values: [
          ['title', 'JCB minutes of 7 August 2025'],
          ...date('dates-meetingDate', '7', '8', '2025'),
          ...date('dates-nextMeetingDate', '4', '9', '2025'),
          ['roles-chair', { choose: 'The chair of the Joint Commissioning Board' }],
          // The seat, which nobody holds: whoever holds it on the approving meeting's day.
          ['roles-viceChair', { choose: 'The vice-chair of the Joint Commissioning Board' }],
        ],
        then: { shows: 'JCB minutes of 7 August 2025', at: /\/cases\/[0-9a-f-]{36}/ },
      },
    ],
  },
  {
    form: 'approve the minutes of an earlier meeting (a meeting chosen by name, amendments)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    refused: [['minutes-amendments', 'Keyboard amendment']],
    steps: (w) => [
      {
        // The first form posting there: the approval's (who presided is named in the next).
        form: posting(`/meetings/${w.fuzz.meetings[0]}/minutes-approval`),
        values: [
          ['minutes-previousMeetingId', { choose: 'JCB, 7 August 2025' }],
          ['minutes-amendments', 'Item 2: Dr Eve Long’s apologies added'],
        ],
        then: { shows: 'The approval of the minutes was recorded', at: SUCCESS },
      },
    ],
  },
  {
    form: 'name the member who presided, to sign the minutes (a member chosen by name)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    refused: [],
    steps: (w) => [
      {
        form: PRESIDING(w.fuzz.meetings[0]),
        values: [[/-presidingPersonId$/, { choose: 'Cllr Ada Fox' }]],
        then: { shows: 'The member who presided was asked to sign the minutes', at: SUCCESS },
      },
    ],
  },
  {
    form: 'withdraw a case (a reason, a box to confirm)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[1]}/withdraw`,
    refused: [['reason', 'Keyboard reason']],
    steps: (w) => [
      {
        form: posting(`/cases/${w.fuzz.cases[1]}/withdraw`),
        values: [
          ['reason', 'The plan was merged into the main Better Care Fund plan'],
          ['confirm', { tick: true }],
        ],
        then: { shows: 'The case was withdrawn', at: SUCCESS },
      },
    ],
  },
  {
    form: 'resume a paused case (a button only)',
    as: 'officer',
    page: (w) => `/cases/${w.crawl.pausedCase}/resume`,
    steps: (w) => [
      {
        form: posting(`/cases/${w.crawl.pausedCase}/resume`),
        values: [],
        then: { shows: 'The case was resumed', at: SUCCESS },
      },
    ],
  },
  {
    form: 'add a closure day (a GOV.UK date input, a reason)',
    as: 'administrator',
    page: () => '/admin/settings',
    refused: [['closureReason', 'Keyboard closure'], ...date('closureDate', '31', '2', '2025')],
    steps: () => [
      {
        form: posting('/admin/settings/closures'),
        values: [
          ...date('closureDate', '29', '12', '2025'),
          ['closureReason', 'Civic centre closed between Christmas and New Year'],
        ],
        then: { shows: 'The closure day is added', at: SUCCESS },
      },
    ],
  },
  {
    form: 'remove a closure day (a button only)',
    as: 'administrator',
    page: () => '/admin/settings',
    steps: () => [
      {
        form: posting('/admin/settings/closures/remove'),
        values: [],
        then: { shows: 'The closure day is removed', at: SUCCESS },
      },
    ],
  },
  {
    form: 'export one person’s records (an email address; the archive downloaded)',
    as: 'administrator',
    page: () => '/admin/export',
    refused: [['email', 'nobody@example.org']],
    steps: (w) => [
      {
        form: posting('/admin/export/person'),
        values: [['email', w.emailOf('officer')]],
        then: { shows: /^ratify-person-2025-09-04\.tar\.gz$/, download: true },
      },
    ],
  },
  {
    form: 'an organisation’s sign-in (text, radios)',
    as: 'administrator',
    page: (w) => `/admin/sign-in/organisations/${w.crawl.organisation}`,
    refused: [
      ['issuer', 'not an address'],
      ['clientId', 'Keyboard client'],
    ],
    steps: (w) => [
      {
        form: posting(`/admin/sign-in/organisations/${w.crawl.organisation}`),
        values: [
          ['name', 'Council staff account'],
          ['issuer', 'https://login.example.org/keyboard/v2.0'],
          ['clientId', 'ratify-keyboard'],
          ['clientSecretSetting', 'OIDC_KEYBOARD_SECRET'],
          ['emailDomains', 'keyboard.example.org'],
          ['verifiedEmailClaim', 'email_verified'],
          ['enabled', { choose: 'no' }],
        ],
        then: { shows: 'The sign-in is saved', at: SUCCESS },
      },
    ],
  },
  {
    form: 'who may sign in with a password (radios only)',
    as: 'administrator',
    page: () => '/admin/sign-in',
    steps: () => [
      {
        form: posting('/admin/sign-in/passwords'),
        values: [['localPasswords', { choose: 'everyone' }]],
        then: { shows: 'Who may sign in with a password is saved', at: SUCCESS },
      },
    ],
  },
  {
    form: 'keep a kind of record for longer (radios, a number, a character count)',
    as: 'administrator',
    page: () => '/admin/retention',
    refused: [
      ['keepYears', 'many'],
      ['reason', 'Keyboard policy'],
    ],
    steps: () => [
      {
        form: posting('/admin/retention'),
        values: [
          ['kind', { choose: '' }],
          ['keepYears', '12'],
          ['reason', 'Records management policy, paragraph 4.3'],
        ],
        then: { shows: 'The retention period is saved', at: SUCCESS },
      },
    ],
  },
  {
    form: 'release a case’s personal data from its hold (a character count)',
    as: 'administrator',
    page: (w) => `/admin/retention/holds/${w.crawl.heldCase}/release`,
    refused: [['reason', ' ']],
    steps: (w) => [
      {
        form: posting(`/admin/retention/holds/${w.crawl.heldCase}/release`),
        values: [['reason', 'The Ombudsman closed the complaint']],
        then: { shows: 'The hold is released', at: SUCCESS },
      },
    ],
  },
  {
    form: 'change a staff account’s role (a select in a table)',
    as: 'administrator',
    page: () => '/admin/staff',
    steps: (w) => [
      {
        form: posting(`/admin/staff/${w.fuzz.spareAccounts[0]}/role`),
        values: [[/^role-/, { choose: 'governance_lead' }]],
        then: { shows: 'The role is changed', at: SUCCESS },
      },
    ],
  },
  {
    form: 'make a new signing secret for a webhook (a button only)',
    as: 'administrator',
    page: (w) => `/admin/webhooks/${w.crawl.webhook}`,
    steps: (w) => [
      {
        form: posting(`/admin/webhooks/${w.crawl.webhook}/rotate-secret`),
        values: [],
        then: { shows: 'Copy the signing secret now', at: /\/rotate-secret$/ },
      },
    ],
  },
  {
    form: 'set up an authenticator app (the code it shows for the key on the page)',
    as: 'officer',
    page: () => '/account/two-factor',
    refused: [['code', '12']],
    steps: () => [
      {
        form: posting('/account/two-factor'),
        values: [['code', { authenticatorCode: 'main p code' }]],
        then: { shows: 'Authenticator app turned on', at: /^\/account\/two-factor$/ },
      },
    ],
  },
];
