import { pdfFile } from './document-fixtures.service';
import { FUZZ_PASSWORDS } from './fuzz-world.factory';
import { date, type KeyboardForm, posting } from './keyboard-forms.factory';

/*
 * More forms for test/keyboard-forms-browser (after keyboard-meeting-forms.factory.ts's, on the
 * Board's day, 4 Sep 2025; before keyboard-case-forms.factory.ts's, whose authenticator app comes
 * last): the forgotten-password and sign-in pages (the officer signs in in a second browser, so
 * that the officer's own sessions page has another to sign out), a case's open requests chased, an
 * absence recorded and cancelled, a webhook's test event, a webhook subscribed and disabled, and a
 * new version of a case's document and its legal hold.
 */

/** The first absence's cancel button on /away (the one the row records, the only one ahead). */
const CANCEL_ABSENCE = 'form[method="post"][action^="/away/"][action$="/cancel"]';

export const KEYBOARD_MORE_FORMS: KeyboardForm[] = [
  {
    form: 'ask for a link to reset a forgotten password (an email address)',
    as: 'none',
    page: () => '/sign-in/forgot-password',
    refused: [['email', 'not an address']],
    steps: (w) => [
      {
        form: posting('/sign-in/forgot-password'),
        values: [['email', w.emailOf('officer')]],
        then: { shows: 'Check your email', at: /^\/sign-in\/forgot-password$/ },
      },
    ],
  },
  {
    form: 'sign in with a password (an email address, a password; a wrong one refused)',
    as: 'none',
    page: () => '/sign-in',
    refused: [
      ['email', 'nobody@example.org'],
      ['password', 'not the password'],
    ],
    steps: (w) => [
      {
        form: posting('/sign-in'),
        values: [
          ['email', w.emailOf('officer')],
          ['password', FUZZ_PASSWORDS.officer],
        ],
        then: { shows: /case/i, at: /^\/cases$/ },
      },
    ],
  },
  {
    form: 'sign out every other session (a button only)',
    as: 'officer',
    page: () => '/account/sessions',
    steps: () => [
      {
        form: posting('/account/sessions/others/end'),
        values: [],
        then: { shows: 'Every other session is signed out.', at: /\?done=others$/ },
      },
    ],
  },
  {
    form: 'chase a case’s open requests (a button only)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[1]}`,
    steps: (w) => [
      {
        form: posting(`/cases/${w.fuzz.cases[1]}/chase`),
        values: [],
        then: { shows: 'The open requests were sent again', at: /\?done=chase$/ },
      },
    ],
  },
  {
    form: 'record an absence and cancel it (dates, a deputy; a button)',
    as: 'officer',
    page: () => '/away',
    steps: () => [
      {
        form: posting('/away'),
        values: [
          ...date('firstDay', '1', '12', '2025'),
          ...date('lastDay', '5', '12', '2025'),
          ['deputyPersonId', { choose: '' }],
          ['note', 'Leave to be cancelled'],
        ],
        then: { shows: 'The absence is recorded.', at: /done=recorded/ },
      },
      {
        form: CANCEL_ABSENCE,
        values: [],
        then: { shows: 'The absence is cancelled.', at: /done=cancelled/ },
      },
    ],
  },
  {
    form: 'send a webhook a test event (a button only)',
    as: 'administrator',
    page: (w) => `/admin/webhooks/${w.crawl.webhook}`,
    steps: (w) => [
      {
        form: posting(`/admin/webhooks/${w.crawl.webhook}/test`),
        values: [],
        then: { shows: 'A test event is on its way', at: /\?done=test$/ },
      },
    ],
  },
  {
    // A subscription of its own: the crawl's keeps its buttons for keyboard-case-forms' new secret.
    form: 'disable a webhook (a button only, on a subscription made for it)',
    as: 'administrator',
    page: () => '/admin/webhooks',
    steps: () => [
      {
        form: posting('/admin/webhooks'),
        values: [
          ['url', 'https://hooks.example.org/to-disable'],
          ['events', { tick: true }],
        ],
        then: { shows: 'Copy the signing secret now', at: /^\/admin\/webhooks$/ },
      },
      {
        form: 'form[method="post"][action^="/admin/webhooks/"][action$="/disable"]',
        values: [],
        then: { shows: 'The subscription is disabled.', at: /\?done=disabled$/ },
      },
    ],
  },
  {
    form: 'upload a new version of a document (a title, radios, a file; none refused)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents/${w.fuzz.documents[0]}/new-version`,
    refused: [['title1', 'Keyboard new version']],
    steps: () => [
      {
        form: 'main form[method="post"]:not([action])',
        values: [
          ['title1', 'BCF narrative plan 2025-26, second version'],
          ['file1', { files: [{ name: 'plan-v2.pdf', text: () => pdfFile('Second version') }] }],
        ],
        then: { shows: 'The new version is uploaded', at: /\/documents\?done=version$/ },
      },
    ],
  },
  {
    form: 'place a legal hold on a document (a reason; none refused)',
    as: 'administrator',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents`,
    refused: [[/^hold-/, ' ']],
    steps: () => [
      {
        form: 'form[method="post"][action$="/legal-hold"]',
        values: [[/^hold-/, 'An information request about the plan']],
        then: { shows: 'The document is under legal hold', at: /\/documents\?done=held$/ },
      },
    ],
  },
];
