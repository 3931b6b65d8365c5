import type { CrawlWorld } from './crawl-world.factory';

/*
 * One bad value for each type of staff form (test/staff-form-errors): the page that shows the
 * form, the value that is refused, the id the GOV.UK error summary must link to and the values the
 * page must show again. The crawl's world (crawl-world.factory.ts) has a real instance behind each.
 */

type Fields = Map<string, Set<string>>;
/** A value, or one read from the page's form: its fields (names, values offered) and its action. */
type FromForm<T> = T | ((fields: Fields, action: string) => T);

/** A form posted with one bad value: what the summary must link to and what must be kept. */
export interface BadForm {
  form: string;
  as: 'officer' | 'administrator';
  page: (w: CrawlWorld) => string;
  /** Where the form posts, when not to its page's own address (a pattern: the first such form). */
  action?: (w: CrawlWorld) => string | RegExp;
  /** The form whose fields are posted, when a forged post goes to another address. */
  fieldsOf?: (w: CrawlWorld) => string;
  /** A form of `page` posted first (given today's date): the page it leads to holds the form. */
  via?: { action: (w: CrawlWorld) => string; set: (today: string) => Record<string, string> };
  set: FromForm<Record<string, string>>;
  /** The id the error summary links to (`:item` an agenda item's id, `:document` a document's). */
  link: FromForm<string>;
  /** Ids of fields and the values they must show again (`:item` likewise). */
  kept: FromForm<Record<string, string>>;
  multipart?: boolean;
  /** A forged post: SQL whose rows must read the same after it as before (nothing recorded). */
  unchanged?: string;
}

const badDay = (field: string) => ({
  [`${field}-day`]: '31',
  [`${field}-month`]: '2',
  [`${field}-year`]: '2025',
});

export const BAD_STAFF_FORMS: BadForm[] = [
  {
    form: 'add an organisation',
    as: 'administrator',
    page: () => '/directory/organisations/new',
    action: () => '/directory/organisations',
    set: { name: 'Typed Trust', ...badDay('activeFrom') },
    link: 'activeFrom-day',
    kept: { name: 'Typed Trust', 'activeFrom-day': '31' },
  },
  {
    form: 'change an organisation',
    as: 'administrator',
    page: (w) => `/directory/organisations/${w.crawl.organisation}/change`,
    set: { name: 'Typed Council', ...badDay('activeUntil') },
    link: 'activeUntil-day',
    kept: { name: 'Typed Council', 'activeUntil-day': '31' },
  },
  {
    form: 'add a person',
    as: 'administrator',
    page: () => '/directory/people/new',
    action: () => '/directory/people',
    set: { name: 'Typed Person', email: 'not-an-address' },
    link: 'email',
    kept: { name: 'Typed Person', email: 'not-an-address' },
  },
  {
    form: 'change a person',
    as: 'administrator',
    page: (w) => `/directory/people/${w.fuzz.people[0]}/change`,
    set: { name: 'Typed Person', email: 'not-an-address' },
    link: 'email',
    kept: { name: 'Typed Person', email: 'not-an-address' },
  },
  {
    form: 'add an office',
    as: 'administrator',
    page: () => '/directory/offices/new',
    action: () => '/directory/offices',
    set: { title: 'Typed office', organisationId: '' },
    link: 'organisationId',
    kept: { title: 'Typed office' },
  },
  {
    form: 'change an office',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.crawl.office}/change`,
    set: { title: 'Typed office', organisationId: '' },
    link: 'organisationId',
    kept: { title: 'Typed office' },
  },
  {
    form: 'appoint a holder',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.crawl.office}/appoint`,
    set: { ...badDay('from') },
    link: 'from-day',
    kept: { 'from-day': '31' },
  },
  {
    form: 'correct a holding',
    as: 'administrator',
    page: (w) => `/directory/offices/${w.crawl.office}/holders/${w.crawl.holding}/change`,
    set: { ...badDay('until') },
    link: 'until-day',
    kept: { 'until-day': '31' },
  },
  {
    form: 'add a body',
    as: 'administrator',
    page: () => '/directory/bodies/new',
    action: () => '/directory/bodies',
    set: { name: 'Typed board', kind: '' },
    link: 'kind',
    kept: { name: 'Typed board' },
  },
  {
    form: 'change a body',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/edit`,
    action: (w) => `/directory/bodies/${w.crawl.body}`,
    set: { name: 'Typed board', kind: '' },
    link: 'kind',
    kept: { name: 'Typed board' },
  },
  {
    form: 'add a seat',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members`,
    set: { personId: '', source: 'Typed source', ...badDay('validFrom') },
    link: 'personId',
    kept: { source: 'Typed source' },
  },
  {
    form: 'change a seat',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    set: { source: 'Typed source', ...badDay('seatFrom') },
    link: 'seatFrom-day',
    kept: { seatSource: 'Typed source', 'seatFrom-day': '31' },
  },
  {
    form: 'end a seat',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    action: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}/end`,
    set: { ...badDay('seatEnd') },
    link: 'seatEnd-day',
    kept: { 'seatEnd-day': '31' },
  },
  {
    form: 'name a substitute',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    action: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}/substitutes`,
    set: { personId: '', reference: 'Typed minute' },
    link: 'subPerson',
    kept: { subReference: 'Typed minute' },
  },
  {
    form: 'amend a delegation',
    as: 'administrator',
    page: (w) => `/directory/delegations/${w.crawl.delegation}`,
    set: { amountLimit: 'lots' },
    link: 'amountLimit',
    kept: { amountLimit: 'lots' },
  },
  {
    form: 'revoke a delegation',
    as: 'administrator',
    page: (w) => `/directory/delegations/${w.crawl.delegation}`,
    action: (w) => `/directory/delegations/${w.crawl.delegation}/revoke`,
    set: { revokeReference: 'Typed minute', ...badDay('revokeOn') },
    link: 'revokeOn-day',
    kept: { revokeReference: 'Typed minute', 'revokeOn-day': '31' },
  },
  {
    form: 'grant a delegation',
    as: 'administrator',
    page: () => '/directory/delegations/new',
    action: () => '/directory/delegations',
    set: { amountLimit: 'lots', reference: 'Typed reference' },
    link: 'amountLimit',
    kept: { amountLimit: 'lots', reference: 'Typed reference' },
  },
  {
    form: 'make an API key',
    as: 'administrator',
    page: () => '/directory/api-keys/new',
    action: () => '/directory/api-keys',
    set: { personId: '', name: 'Typed key' },
    link: 'personId',
    kept: { name: 'Typed key' },
  },
  {
    form: 'schedule a meeting',
    as: 'officer',
    page: () => '/meetings',
    set: { title: 'Typed meeting', ...badDay('meetingDate') },
    link: 'schedule-meetingDate-day',
    kept: { 'schedule-title': 'Typed meeting', 'schedule-meetingDate-day': '31' },
  },
  {
    form: 'add an agenda item',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/agenda-items`,
    set: { title: 'Typed item', keyDecision: 'no', ...badDay('reportPublishedOn') },
    link: 'item-reportPublishedOn-day',
    kept: { 'item-title': 'Typed item', 'item-reportPublishedOn-day': '31' },
  },
  {
    form: 'record a declaration',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/agenda-items/${w.fuzz.items[1]}/declarations`,
    set: { personId: '', kind: 'other', details: 'Typed details' },
    link: 'declaration-:item-personId',
    kept: { 'declaration-:item-details': 'Typed details' },
  },
  {
    form: 'publish the agenda',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/publication`,
    set: { ...badDay('agendaPublishedOn') },
    link: 'publication-agendaPublishedOn-day',
    kept: { 'publication-agendaPublishedOn-day': '31' },
  },
  {
    form: 'a case event (the notices of a JCB decision)',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[4]}`,
    action: (w) => `/cases/${w.fuzz.cases[4]}/events/RECORD_NOTICES`,
    set: { itemTitle: 'Typed title', ...badDay('meetingDate') },
    link: 'RECORD_NOTICES-meetingDate-day',
    kept: { 'RECORD_NOTICES-itemTitle': 'Typed title', 'RECORD_NOTICES-meetingDate-day': '31' },
  },
  {
    form: 'open a case',
    as: 'officer',
    page: () => '/cases/new/officer-delegated-decision',
    set: { title: 'Typed case', ...badDay('dates-decisionDue') },
    link: 'dates-decisionDue-day',
    kept: { title: 'Typed case', 'dates-decisionDue-day': '31' },
  },
  {
    form: 'approve the minutes',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/minutes-approval`,
    set: { previousMeetingId: '', amendments: 'Typed amendment' },
    link: 'minutes-previousMeetingId',
    kept: { 'minutes-amendments': 'Typed amendment' },
  },
  {
    form: 'pause a case',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/pause`,
    set: { reason: ' ' },
    link: 'reason',
    kept: {},
  },
  {
    form: 'upload a new version',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents/${w.fuzz.documents[0]}/new-version`,
    set: { title1: 'Typed version' },
    link: 'file1',
    kept: { title1: 'Typed version' },
    multipart: true,
  },
  {
    form: 'release a hold',
    as: 'administrator',
    page: (w) => `/admin/retention/holds/${w.crawl.heldCase}/release`,
    set: { reason: ' ' },
    link: 'reason',
    kept: {},
  },
  {
    form: 'withdraw a case',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/withdraw`,
    set: { reason: 'Typed reason', confirm: '' },
    link: 'confirm',
    kept: { reason: 'Typed reason' },
  },
  {
    form: 'hand a role to someone else',
    as: 'officer',
    page: (w) => `/cases/${w.crawl.roleCase}/roles/${w.crawl.role}/reassign`,
    set: { holderId: '', reason: 'Typed reason' },
    link: 'holderId',
    kept: { reason: 'Typed reason' },
  },
  {
    form: 'upload documents',
    as: 'officer',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents`,
    set: { title1: 'Typed title', kind1: 'plan' },
    link: 'file1',
    kept: { title1: 'Typed title' },
    multipart: true,
  },
  {
    form: 'record an absence',
    as: 'officer',
    page: () => '/away',
    set: { note: 'Typed note', ...badDay('firstDay') },
    link: 'firstDay-day',
    kept: { note: 'Typed note', 'firstDay-day': '31' },
  },
  {
    form: 'set up an authenticator app',
    as: 'officer',
    page: () => '/account/two-factor',
    set: { code: '12' },
    link: 'code',
    kept: {},
  },
  {
    form: 'add a closure day',
    as: 'administrator',
    page: () => '/admin/settings',
    action: () => '/admin/settings/closures',
    set: { closureReason: 'Typed closure', ...badDay('closureDate') },
    link: 'closureDate-day',
    kept: { closureReason: 'Typed closure', 'closureDate-day': '31' },
  },
  {
    form: 'the council’s settings',
    as: 'administrator',
    page: () => '/admin/settings',
    set: { periodWorkingDays: 'five' },
    link: 'periodWorkingDays',
    kept: { periodWorkingDays: 'five' },
  },
  {
    form: 'create a staff account',
    as: 'administrator',
    page: () => '/admin/staff',
    set: { personId: '', role: 'officer' },
    link: 'personId',
    kept: {},
  },
  {
    form: 'subscribe a webhook',
    as: 'administrator',
    page: () => '/admin/webhooks',
    set: { url: 'not an address' },
    link: 'url',
    kept: { url: 'not an address' },
  },
  {
    form: 'keep documents for',
    as: 'administrator',
    page: () => '/admin/retention',
    set: { keepYears: 'many', reason: 'Typed reason' },
    link: 'keepYears',
    kept: { keepYears: 'many', reason: 'Typed reason' },
  },
  {
    form: 'hold a case’s personal data',
    as: 'administrator',
    page: () => '/admin/retention/holds',
    set: { caseId: '', reason: 'Typed reason' },
    link: 'caseId',
    kept: { reason: 'Typed reason' },
  },
  {
    form: 'export one person’s records',
    as: 'administrator',
    page: () => '/admin/export',
    action: () => '/admin/export/person',
    set: { email: 'not-an-address' },
    link: 'email',
    kept: { email: 'not-an-address' },
  },
  {
    form: 'an organisation’s sign-in',
    as: 'administrator',
    page: (w) => `/admin/sign-in/organisations/${w.crawl.organisation}`,
    set: { issuer: 'not an address', clientId: 'Typed client', enabled: 'yes' },
    link: 'issuer',
    kept: { issuer: 'not an address', clientId: 'Typed client' },
  },
  {
    form: 'check the forward plan’s edition',
    as: 'officer',
    page: () => '/forward-plan',
    action: () => '/forward-plan/check',
    set: { ...badDay('publishedOn') },
    link: 'publishedOn-day',
    kept: { 'publishedOn-day': '31' },
  },
];
