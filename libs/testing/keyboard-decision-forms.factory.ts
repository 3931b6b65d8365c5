import { FUZZ_PASSWORDS } from './fuzz-world.factory';
import {
  date,
  type KeyboardForm,
  type KeyboardStep,
  posting,
  SUCCESS,
} from './keyboard-forms.factory';

/*
 * The forms of a JCB decision's way to the register and of the emailed links, for
 * test/keyboard-decision-forms-browser (libs/testing/keyboard-runner.service.ts fills them in with
 * the keyboard alone): the day before the Board's meeting (4 Sep 2025) an item added with its report
 * late and a lawful route around its notice recorded; after the meeting the show of hands of the
 * item linked to the JCB case (the case takes the meeting's notices, attendance and hands); the
 * decision drafted and checked ("check your answers"); the next day the decision maker's answer
 * from the emailed link after a code emailed separately (step-up), the Proper Officer's and the
 * decision maker's signatures of the Decision Notice (a code, then "check your answer"; the
 * decision maker's after asking for a new code, the one before refused); the
 * notice's publication checked, changed and recorded, and so an officer's decision's under
 * delegation (keyboard-decision-world.factory.ts decides it); and last, the administrator, whose password
 * opens a second council's account too, chooses the council to sign in to, and the officer, who
 * is an administrator of a second council too, switches to it (its own sign-in), sets up an
 * authenticator app there, signs out, and signs in again with a code from the app.
 */

/** The second council the world's officer works for, with a password of its own there. */
export const SECOND_COUNCIL = {
  slug: 'wessex-keyboard',
  name: 'Wessex Keyboard Council',
  password: 'wessex-keyboard-passphrase-2',
};

/** A council the administrator works for too, with the same password: one sign-in opens both. */
export const THIRD_COUNCIL = { slug: 'dorset-keyboard', name: 'Dorset Keyboard Council' };

/** An emailed link's form that asks for a code by email (and, on the code's page, a new one). */
const ASK_FOR_CODE = 'form[method="post"][action$="/verify/code"]';
/** The code's page's form where the code is typed. */
const TYPE_CODE = 'form[method="post"][action$="/verify/code/check"]';
/** An emailed link's forms to confirm who answers: a code asked for by email, then typed. */
const STEP_UP: KeyboardStep[] = [
  {
    form: ASK_FOR_CODE,
    values: [],
    then: { shows: 'Enter the code we emailed you', at: /\/verify\/code$/ },
  },
  {
    form: TYPE_CODE,
    values: [['code', { emailedCode: true }]],
    then: { shows: /./, at: /^\/act\/[\w-]{43}$/, has: 'You confirmed who you are' },
  },
];
/** The answer form of an emailed link's page (it posts to the page's own address). */
const ANSWER = 'main form[method="post"]:not([action])';
/** The "check your answer" page's form of an emailed link. */
const CHECKED_ANSWER = 'main form[method="post"][action^="/act/"]';

const jcbCase = (w: { fuzz: { cases: string[] } }) => w.fuzz.cases[4];

/** A day of publication no calendar has. */
const PUBLISHED_ON_NO_DAY = date('RECORD_PUBLICATION-publishedOn', '31', '2', '2025');

/**
 * A decision's publication recorded through "check your answers" (`form`, on the case page of the
 * case `title` names, and on the check page): 4 September 2025 checked, taken back to the case
 * page to change, 5 September checked, then confirmed; the page that says `done` follows.
 */
const publicationChecked = (form: string, title: string, done: string): KeyboardStep[] => [
  {
    form,
    values: date('RECORD_PUBLICATION-publishedOn', '4', '9', '2025'),
    then: { shows: 'Check your answers', has: 'Thursday 4 September 2025' },
  },
  {
    // "Change your answers": the case page's form again, as typed, to be changed.
    form,
    button: 'button[name="change"]',
    values: [],
    then: { shows: title },
  },
  {
    form,
    values: [['RECORD_PUBLICATION-publishedOn-day', '5']],
    then: { shows: 'Check your answers', has: 'Friday 5 September 2025' },
  },
  { form, values: [], then: { shows: done, at: SUCCESS } },
];

export const KEYBOARD_DECISION_FORMS: KeyboardForm[] = [
  {
    form: 'add an agenda item whose report was published late (its notice not met)',
    as: 'officer',
    on: '2025-09-03T10:00:00Z',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    steps: (w) => [
      {
        form: posting(`/meetings/${w.fuzz.meetings[0]}/agenda-items`),
        values: [
          ['item-title', 'Winter pressures funding, urgent'],
          ['item-keyDecision', { choose: 'no' }],
          ...date('item-reportPublishedOn', '3', '9', '2025'),
        ],
        then: { shows: 'The item was added to the agenda', at: SUCCESS },
      },
    ],
  },
  {
    form: 'record a lawful route around a notice (text, dates, selects, in a details)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    refused: [
      [/-lateItemSpecialCircumstances$/, 'The report was held back'],
      [/-generalException.*noticePublishedOn-day$/, '31'],
      [/-generalException.*noticePublishedOn-month$/, '2'],
      [/-generalException.*noticePublishedOn-year$/, '2025'],
    ],
    steps: () => [
      {
        // The late item's: the only item whose notice falls short.
        form: 'form[method="post"][action$="/notice-routes"]',
        values: [
          [
            /-lateItemSpecialCircumstances$/,
            'The figures came from the ICB after the agenda was published',
          ],
          // The day refused above, kept as typed, taken out again.
          [/-generalException.*noticePublishedOn-(day|month|year)$/, ''],
        ],
        then: { shows: 'The notice routes were recorded', at: SUCCESS },
      },
    ],
  },
  {
    form: 'record the show of hands of an item linked to a case (the case takes it)',
    as: 'officer',
    on: '2025-09-04T18:00:00Z',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    steps: (w) => [
      {
        form: posting(
          `/meetings/${w.fuzz.meetings[0]}/agenda-items/${w.fuzz.items[0]}/show-of-hands`,
        ),
        values: [[/^hands-.*-[0-9a-f]{12}$/, { choose: 'for' }]],
        then: { shows: 'The show of hands was recorded', at: SUCCESS },
      },
    ],
  },
  {
    form: 'draft the decision (a check page before an irreversible step)',
    as: 'officer',
    page: (w) => `/cases/${jcbCase(w)}`,
    refused: [
      ['DRAFT_DECISION-decision', 'Award the contract'],
      ['DRAFT_DECISION-amount', 'a lot'],
    ],
    steps: (w) => [
      {
        form: posting(`/cases/${jcbCase(w)}/events/DRAFT_DECISION`),
        values: [
          ['DRAFT_DECISION-decision', 'Award the carers support contract to Carers Together CIC'],
          ['DRAFT_DECISION-reasons', 'Best quality and price in the tender'],
          ['DRAFT_DECISION-alternativesRejected', 'Extend the current contracts'],
          ['DRAFT_DECISION-amount', '£1,500,000'],
          [/^DRAFT_DECISION-actingAs/, { choose: 'cabinetMember' }],
        ],
        then: { shows: 'Check your answers', has: '£1,500,000' },
      },
      {
        form: posting(`/cases/${jcbCase(w)}/events/DRAFT_DECISION`),
        values: [],
        then: { shows: 'The decision was drafted for the decision maker', at: SUCCESS },
      },
    ],
  },
  {
    form: 'take the decision from an emailed link, after a code emailed separately (step-up)',
    as: 'none',
    on: '2025-09-05T10:00:00Z',
    page: (w, at) => at.linkOf(jcbCase(w), 'cab1'),
    refusedAt: 1,
    refused: [['code', '12']],
    steps: () => [
      ...STEP_UP,
      {
        form: ANSWER,
        values: [['response', { choose: 'approve' }]],
        then: { shows: 'Your answer is recorded' },
      },
    ],
  },
  {
    form: 'sign the Decision Notice from an emailed link (a code, check your answer, change it)',
    as: 'none',
    page: (w, at) => at.linkOf(jcbCase(w), 'proper'),
    refusedAt: 2,
    // Refused: "I reject" chosen with the keyboard, its reasons box (shown under it) left blank.
    refused: [['response', { choose: 'reject' }]],
    steps: () => [
      ...STEP_UP,
      {
        form: ANSWER,
        values: [
          ['response', { choose: 'approveWithComments' }],
          ['comments', 'Signed for the council, with the provider’s name corrected'],
        ],
        then: { shows: 'Check your answer', has: 'with the provider’s name corrected' },
      },
      {
        // "Change your answers": the link's page again, the answer as given, to be changed.
        form: CHECKED_ANSWER,
        button: 'button[name="change"]',
        values: [],
        then: { shows: /./, at: /^\/act\/[\w-]{43}$/ },
      },
      {
        form: ANSWER,
        values: [
          ['response', { choose: 'approveWithComments' }],
          ['comments', 'Signed for the council'],
        ],
        then: { shows: 'Check your answer', has: 'Signed for the council' },
      },
      { form: CHECKED_ANSWER, values: [], then: { shows: 'Your answer is recorded' } },
    ],
  },
  {
    form: '"Send me a new code" on the code page (the code before refused in words, the new one taken)',
    as: 'none',
    page: (w, at) => at.linkOf(jcbCase(w), 'cab1'),
    refusedAt: 2,
    refused: [['code', { emailedCode: 'replaced' }]],
    steps: () => [
      STEP_UP[0],
      {
        form: ASK_FOR_CODE,
        values: [],
        then: {
          shows: 'Enter the code we emailed you',
          at: /\/verify\/code$/,
          has: 'The code we sent you before no longer works',
        },
      },
      STEP_UP[1],
    ],
  },
  {
    // In the browser that confirmed who they are with the new code, the row before.
    form: 'the decision maker signs the Decision Notice (confirmed with a new code, then check your answer)',
    as: 'none',
    page: (w, at) => at.linkOf(jcbCase(w), 'cab1'),
    steps: () => [
      {
        form: ANSWER,
        values: [['response', { choose: 'approve' }]],
        then: { shows: 'Check your answer' },
      },
      { form: CHECKED_ANSWER, values: [], then: { shows: 'Your answer is recorded' } },
    ],
  },
  {
    form: 'record the Decision Notice’s publication (a check page before an irreversible step)',
    as: 'officer',
    page: (w) => `/cases/${jcbCase(w)}`,
    refused: PUBLISHED_ON_NO_DAY,
    steps: (w) =>
      publicationChecked(
        posting(`/cases/${jcbCase(w)}/events/RECORD_PUBLICATION`),
        'Integrated carers support service contract',
        'The Decision Notice’s publication was recorded',
      ),
  },
  {
    form: 'record an officer’s decision’s publication (its own check page, as the JCB’s)',
    as: 'officer',
    page: (_w, at) => `/cases/${at.officerDecisionToPublish()}`,
    refused: PUBLISHED_ON_NO_DAY,
    steps: () =>
      publicationChecked(
        'form[method="post"][action$="/events/RECORD_PUBLICATION"]',
        'Mobile library routes',
        'The decision was published to the register',
      ),
  },
  {
    form: 'choose the council to sign in to (radios, after one password opened two councils)',
    as: 'none',
    page: () => '/sign-in',
    refusedAt: 1,
    refused: [],
    steps: (w) => [
      {
        form: posting('/sign-in'),
        values: [
          ['email', w.emailOf('gp')],
          ['password', FUZZ_PASSWORDS.administrator],
        ],
        then: { shows: 'Which council do you want to sign in to?', at: /^\/sign-in$/ },
      },
      {
        form: posting('/sign-in/council'),
        values: [['council', { choose: THIRD_COUNCIL.name }]],
        then: { shows: /case/i, at: /^\/cases$/, council: THIRD_COUNCIL.name },
      },
    ],
  },
  {
    form: 'switch council (radios; the other council’s own sign-in, its password)',
    as: 'officer',
    page: () => '/account/council?next=/cases',
    refused: [],
    steps: (w) => [
      {
        form: posting('/account/council'),
        values: [['council', { choose: SECOND_COUNCIL.slug }]],
        then: { shows: /sign in/i, at: /^\/sign-in\?council=wessex-keyboard/ },
      },
      {
        form: posting('/sign-in'),
        values: [
          ['email', w.emailOf('officer')],
          ['password', SECOND_COUNCIL.password],
        ],
        then: { shows: /case/i, at: /^\/cases$/, council: SECOND_COUNCIL.name },
      },
    ],
  },
  {
    form: 'set up an authenticator app in the second council (the code for the key shown)',
    as: 'officer',
    page: () => '/account/two-factor',
    steps: () => [
      {
        form: posting('/account/two-factor'),
        values: [['code', { authenticatorCode: 'main p code' }]],
        then: { shows: 'Authenticator app turned on', at: /^\/account\/two-factor$/ },
      },
    ],
  },
  {
    form: 'sign out (the button in the header)',
    as: 'officer',
    page: () => '/cases',
    steps: () => [
      { form: posting('/sign-out'), values: [], then: { shows: 'Sign in', at: /^\/sign-in$/ } },
    ],
  },
  {
    form: 'sign in with the code of an authenticator app (a password, then a wrong code refused)',
    as: 'none',
    on: '2025-09-05T12:00:00Z',
    page: () => `/sign-in?council=${SECOND_COUNCIL.slug}`,
    refusedAt: 1,
    refused: [['code', '000000']],
    steps: (w) => [
      {
        form: posting('/sign-in'),
        values: [
          ['email', w.emailOf('officer')],
          ['password', SECOND_COUNCIL.password],
        ],
        then: { shows: /code/i, at: /^\/sign-in\/two-factor/ },
      },
      {
        form: posting('/sign-in/two-factor'),
        values: [['code', { authenticatorCodeAgain: true }]],
        then: { shows: /case/i, at: /^\/cases$/, council: SECOND_COUNCIL.name },
      },
    ],
  },
];
