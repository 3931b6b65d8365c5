import type { CrawlWorld } from './crawl-world.factory';
import { pdfFile } from './document-fixtures.service';

/*
 * One form of each type a person fills in (test/keyboard-forms-browser, issue #12 Tests:
 * keyboard-only on each form type), with a real instance behind it in the crawl's world
 * (crawl-world.factory.ts): the page, the form, what to type into which field, and what the page
 * the form leads to must show. The test reaches every field and the button with Tab alone, types
 * into text fields, moves radios and selects with the arrow keys, ticks boxes with Space and
 * submits with Enter. Rows run in order on one world: a later row may rely on an earlier one.
 */

/**
 * What a field is given: text typed (over what is there), a radio's value or a select's option
 * (by the start of its label) chosen with the arrow keys, a box ticked with Space, files picked
 * from the chooser Space opens (`files`' text is given the name of the council's organisation), or
 * the code an authenticator app shows now for the key the page shows in `authenticatorCode` (a
 * CSS selector), typed, or the code the app an earlier row set up shows now
 * (`authenticatorCodeAgain`), or the code of the newest email to confirm who someone is, typed
 * (`emailedCode: 'replaced'`: the code of the email before it, which the newest replaced).
 */
export type KeyboardValue =
  | string
  | { choose: string }
  | { tick: true }
  | { files: { name: string; text: (organisation: string) => string | Buffer }[] }
  | { authenticatorCode: string }
  | { emailedCode: true | 'replaced' }
  | { authenticatorCodeAgain: true };

/** Values by field id: a string is an id, a pattern matches ids; the first that matches wins. */
export type KeyboardValues = [string | RegExp, KeyboardValue][];

/** One form filled in and submitted with the keyboard. */
export interface KeyboardStep {
  /** The form, as a CSS selector (its action, for a page of several forms). */
  form: string;
  values: KeyboardValues;
  /** The form's button pressed, as a CSS selector within it, when not its first. */
  button?: string;
  /**
   * The form leads to the person's organisation's sign-in, at its OpenID provider (not Ratify's
   * pages, so not checked as they are): there `login` is typed, then a password, with Tab and the
   * keys alone, Enter pressed, and the consent given with Enter if asked; `then` is checked once
   * the provider has sent the browser back to Ratify.
   */
  provider?: { login: string };
  /**
   * What the page it leads to shows: a success banner's or heading's words, its address, and
   * words its main content has (what the form changed, as the page now says it); for a form that
   * `download`s a file (and leaves the page as it was), the file's name.
   */
  then: {
    shows: string | RegExp;
    at?: RegExp;
    has?: string;
    download?: true;
    /** The council the page's header says is signed in to. */
    council?: string;
  };
}

/** Addresses a row's page finds only when it is filled in (a link emailed by an earlier row's step). */
export interface KeyboardPlaces {
  /** The path of the open emailed link of `caseId` to the person `personKey` names in the world. */
  linkOf(caseId: string, personKey: string): Promise<string>;
  /** The id of an officer's decision under delegation the spec's world decided, to be published. */
  officerDecisionToPublish(): string;
}

export interface KeyboardForm {
  form: string;
  /** Who fills it in: `none` for an emailed link's page or a set-password link. */
  as: 'officer' | 'administrator' | 'none';
  /** The day the form is filled in, when not the world's (the meeting's day, for the room's forms). */
  on?: string;
  page: (w: CrawlWorld, at: KeyboardPlaces) => string | Promise<string>;
  /**
   * Values the page refuses, before `steps`: the GOV.UK error summary must then have the focus,
   * link each error to a field of the form in people's words, and the fields must show again the
   * text typed into them (a password or a one-time code excepted).
   */
  refused?: KeyboardValues;
  /** The step whose form `refused` is typed into (the first, unless said). */
  refusedAt?: number;
  /** The form and, for a form with a check page, the check page's form. */
  steps: (w: CrawlWorld) => KeyboardStep[];
}

export const date = (id: string, day: string, month: string, year: string): KeyboardValues => [
  [`${id}-day`, day],
  [`${id}-month`, month],
  [`${id}-year`, year],
];
export const posting = (action: string) => `form[method="post"][action="${action}"]`;
/** The page's own form: posts to its own address (no action). */
const OWN = 'main form[method="post"]:not([action])';
export const SUCCESS = /\?done=|\/[0-9a-f-]{36}$/;

/**
 * The case's, the administrator's, the account's and the email link's forms (the directory's:
 * keyboard-directory-forms.factory.ts, run before; the meetings': keyboard-meeting-forms.factory.ts,
 * run after).
 */
export const KEYBOARD_FORMS: KeyboardForm[] = [
  {
    form: 'open a case (a GOV.UK date input, a delegation chosen by name)',
    as: 'officer',
    page: () => '/cases/new/officer-delegated-decision',
    refused: [['title', 'Keyboard case'], ...date('dates-decisionDue', '31', '2', '2025')],
    steps: () => [
      {
        form: OWN,
        values: [
          ['title', 'Library opening hours, by keyboard'],
          ...date('dates-decisionDue', '15', '9', '2025'),
          ['roles-decisionMaker', { choose: 'Director' }],
        ],
        then: { shows: 'Library opening hours, by keyboard', at: /\/cases\/[0-9a-f-]{36}/ },
      },
    ],
  },
  {
    form: 'a case event (the notices of a JCB decision: dates, radios, text)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[4]}`,
    refused: date('RECORD_NOTICES-meetingDate', '31', '2', '2025'),
    steps: (w) => [
      {
        form: posting(`/cases/${w.fuzz.cases[4]}/events/RECORD_NOTICES`),
        values: [
          ...date('RECORD_NOTICES-meetingDate', '4', '9', '2025'),
          ['RECORD_NOTICES-itemTitle', 'Pooled budget for reablement'],
          ['RECORD_NOTICES-keyDecision', { choose: 'no' }],
          ...date('RECORD_NOTICES-reportPublishedOn', '20', '8', '2025'),
        ],
        then: { shows: /notices/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'hand a role to someone else (a person chosen by name)',
    as: 'officer',
    page: (w) => `/cases/${w.crawl.roleCase}/roles/${w.crawl.role}/reassign`,
    refused: [['reason', 'Keyboard reason']],
    steps: (w) => [
      {
        form: posting(`/cases/${w.crawl.roleCase}/roles/${w.crawl.role}/reassign`),
        values: [
          ['holderId', { choose: '' }],
          ['reason', 'Away until the decision is due'],
        ],
        then: { shows: /hand|role/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'record an absence (a deputy of the office appointed and the delegation granted above)',
    as: 'officer',
    page: () => '/away',
    refused: [['note', 'Keyboard leave'], ...date('firstDay', '31', '2', '2025')],
    steps: () => [
      {
        form: posting('/away'),
        values: [
          ...date('firstDay', '25', '8', '2025'),
          ...date('lastDay', '29', '8', '2025'),
          ['deputyPersonId', { choose: '' }],
          ['note', 'Annual leave'],
        ],
        then: { shows: /away|absence/i },
      },
    ],
  },
  {
    form: 'the council’s rules (radios and a number)',
    as: 'administrator',
    page: () => '/admin/settings',
    refused: [['periodWorkingDays', 'five']],
    steps: () => [
      {
        form: posting('/admin/settings'),
        values: [
          ['weekendsCountAsClearDays', { choose: 'no' }],
          ['dpiMemberMustLeaveRoom', { choose: 'yes' }],
          ['periodWorkingDays', '6'],
        ],
        then: { shows: /saved|rules/i, at: SUCCESS },
      },
    ],
  },
  {
    form: 'the prefix of case references',
    as: 'administrator',
    page: () => '/admin/settings/case-references',
    refused: [['referencePrefix', '9Z']],
    steps: () => [
      {
        form: posting('/admin/settings/case-references'),
        values: [['referencePrefix', 'KBD']],
        then: { shows: /prefix|reference/i },
      },
    ],
  },
  {
    form: 'officers’ key decisions and call-in (radios only)',
    as: 'administrator',
    page: () => '/admin/settings/officer-call-in',
    steps: () => [
      {
        form: OWN,
        values: [['officerKeyDecisions', { choose: 'yes' }]],
        then: { shows: /call-in|key decision|saved/i },
      },
    ],
  },
  {
    form: 'upload a document (a title, radios, a file picked with the keyboard)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents`,
    refused: [['title1', 'Keyboard plan']],
    steps: (w) => [
      {
        form: posting(`/cases/${w.fuzz.cases[0]}/documents`),
        values: [
          ['title1', 'Better Care Fund plan, keyboard copy'],
          ['kind1', { choose: '' }],
          ['file1', { files: [{ name: 'plan.pdf', text: () => pdfFile('Keyboard copy') }] }],
        ],
        then: { shows: /upload|document/i },
      },
    ],
  },
  {
    form: 'subscribe a webhook (checkboxes)',
    as: 'administrator',
    page: () => '/admin/webhooks',
    refused: [['url', 'not an address']],
    steps: () => [
      {
        form: posting('/admin/webhooks'),
        values: [
          ['url', 'https://hooks.example.org/keyboard'],
          ['events', { tick: true }],
          ['events-5', { tick: true }],
        ],
        then: { shows: /webhook|subscri|signing secret/i },
      },
    ],
  },
  {
    form: 'hold a case’s personal data (a legal hold)',
    as: 'administrator',
    page: () => '/admin/retention/holds',
    refused: [['reason', 'Keyboard reason']],
    steps: () => [
      {
        form: posting('/admin/retention/holds'),
        values: [
          ['caseId', { choose: 'Library' }],
          ['reason', 'A claim in the county court'],
        ],
        then: { shows: /hold/i },
      },
    ],
  },
  {
    form: 'create a staff account (radios, a password)',
    as: 'administrator',
    page: () => '/admin/staff',
    refused: [['password', 'keyboard-password-1']],
    steps: () => [
      {
        form: posting('/admin/staff'),
        values: [
          ['personId', { choose: 'Kay Board' }],
          ['role', { choose: 'officer' }],
          ['password', 'keyboard-password-1'],
        ],
        then: { shows: /account/i },
      },
    ],
  },
  {
    form: 'set a password from an emailed link',
    as: 'none',
    page: (w) => `/set-password/${w.crawl.passwordToken}`,
    refused: [['password', 'short']],
    steps: (w) => [
      {
        form: posting(`/set-password/${w.crawl.passwordToken}`),
        values: [
          ['password', 'a-long-keyboard-password-1'],
          ['confirm', 'a-long-keyboard-password-1'],
        ],
        then: { shows: /password/i },
      },
    ],
  },
  {
    form: 'publish the forward plan (a check page before an irreversible step)',
    as: 'officer',
    page: () => '/forward-plan',
    refused: date('publishedOn', '31', '2', '2025'),
    steps: () => [
      {
        form: posting('/forward-plan/check'),
        values: date('publishedOn', '22', '8', '2025'),
        then: { shows: /check/i },
      },
      {
        form: posting('/forward-plan/publish'),
        values: [],
        then: { shows: /publish/i },
      },
    ],
  },
  {
    form: 'a board member’s answer from an emailed link (radios, a text box)',
    as: 'none',
    page: (w) => `/act/${w.fuzz.links[0].token}`,
    steps: () => [
      {
        form: OWN,
        values: [
          ['response', { choose: 'approveWithComments' }],
          ['comments', 'Agreed, with thanks to the team'],
        ],
        then: { shows: 'Your answer is recorded' },
      },
    ],
  },
];
