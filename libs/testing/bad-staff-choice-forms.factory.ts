import type { BadForm } from './bad-staff-forms.factory';

/*
 * More staff forms for test/staff-form-errors (beside bad-staff-forms.factory.ts): forms whose
 * fields carry ids (a member's attendance, a voter's hand, an account's role), forms reached
 * through a check page, and forms of radios only. A radios-only form cannot be refused except by
 * a forged post; for those the post is forged, and `unchanged` reads what must not have moved.
 * And a list's line refused (an amendment too long): its problem links to the list's box.
 *
 * Staff form routes not posted by the test, and why (grep @Post apps/api/pages and
 * apps/api/forward-plan/forward-plan-staff.controller.ts):
 * - a button alone, with no field an error could link to, whose only refusal short of a forged
 *   id is an expired form (@StaffForm's, held by apps/api/pages/staff-page.guard.spec.ts and
 *   test/directory-forms-expired): sign-out, a session's end and the others' end, an API key's
 *   revoke, a webhook's new secret, test and disable, an absence's cancel, an account's disable
 *   and enable, a closure day's remove (a day already gone is saved as it is), the council's
 *   records export (a download), a case's chase (the case's refusal goes to the form's heading)
 *   and resume (test/case-lifecycle-pages refuses a stale one);
 * - the confirmation of a disposal: its form is there only when something is due, and the crawl
 *   world has nothing due;
 * - sign-in, forgot-password, the council and organisation choice, the sign-in's second factor
 *   and set-password: posted before anyone is signed in, so not staff forms.
 */

type Fields = Map<string, Set<string>>;

const badDay = (field: string) => ({
  [`${field}-day`]: '31',
  [`${field}-month`]: '2',
  [`${field}-year`]: '2025',
});

/** The first field named `<prefix><id>` of a form, and the id. */
function firstOf(fields: Fields, prefix: string): { name: string; id: string } {
  const name = [...fields.keys()].find((n) => n.startsWith(prefix)) ?? `${prefix}(none)`;
  return { name, id: name.slice(prefix.length) };
}

/** The first seat of the attendance form that offers a substitute, and the first it offers. */
function seatWithSubstitutes(fields: Fields): { name: string; id: string; substitute: string } {
  for (const [name, values] of fields) {
    const substitute = [...values].find(Boolean);
    if (name.startsWith('substitute.') && substitute)
      return { name, id: name.slice('substitute.'.length), substitute };
  }
  return { name: 'substitute.(none)', id: '(none)', substitute: '' };
}

export const BAD_STAFF_CHOICE_FORMS: BadForm[] = [
  {
    form: 'mark a person as left',
    as: 'administrator',
    page: (w) => `/directory/people/${w.fuzz.people[0]}`,
    action: (w) => `/directory/people/${w.fuzz.people[0]}/leave`,
    set: { 'leftOn-day': '31', 'leftOn-month': '2', 'leftOn-year': '2025' },
    link: 'leftOn-day',
    kept: { 'leftOn-day': '31' },
  },
  {
    form: 'check a directory import',
    as: 'administrator',
    page: () => '/directory/import',
    action: () => '/directory/import/check',
    set: {},
    link: 'people',
    kept: {},
    multipart: true,
    unchanged: 'SELECT count(*) FROM people',
  },
  {
    form: 'import the directory (the files the check accepted, none here)',
    as: 'administrator',
    page: () => '/directory/import',
    fieldsOf: () => '/directory/import/check',
    action: () => '/directory/import',
    set: {},
    link: 'people',
    kept: {},
    multipart: true,
    unchanged: 'SELECT count(*) FROM people',
  },
  {
    form: 'change a named substitute',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    action: () => /\/members\/[0-9a-f-]{36}\/substitutes\/[0-9a-f-]{36}$/,
    set: (_fields, action) => badDay(`sub-${action.split('/').pop()}-from`),
    link: (_fields, action) => `sub-${action.split('/').pop()}-from-day`,
    kept: (_fields, action) => ({ [`sub-${action.split('/').pop()}-from-day`]: '31' }),
  },
  {
    form: 'end a named substitute',
    as: 'administrator',
    page: (w) => `/directory/bodies/${w.crawl.body}/members/${w.crawl.seat}`,
    action: () => /\/members\/[0-9a-f-]{36}\/substitutes\/[0-9a-f-]{36}\/end$/,
    set: (_fields, action) => badDay(`sub-${action.split('/').at(-2)}-end`),
    link: (_fields, action) => `sub-${action.split('/').at(-2)}-end-day`,
    kept: (_fields, action) => ({ [`sub-${action.split('/').at(-2)}-end-day`]: '31' }),
  },
  {
    form: 'record the attendance (a substitute in the seat of a member present)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/attendance`,
    set: (fields) => {
      const seat = seatWithSubstitutes(fields);
      return { [`status.${seat.id}`]: 'present', [seat.name]: seat.substitute };
    },
    link: (fields) => `attendance-substitute-${seatWithSubstitutes(fields).id}`,
    kept: (fields) => {
      const seat = seatWithSubstitutes(fields);
      return {
        [`attendance-${seat.id}`]: 'present',
        [`attendance-substitute-${seat.id}`]: seat.substitute,
      };
    },
    unchanged: 'SELECT person_id, status, substitute_for FROM meeting_attendance ORDER BY 1',
  },
  {
    form: 'record a show of hands (forged: a hand that is not one of the choices)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/agenda-items/${w.fuzz.items[1]}/show-of-hands`,
    set: (fields) => ({ [firstOf(fields, 'hand.').name]: 'maybe' }),
    link: (fields) => `hands-:item-${firstOf(fields, 'hand.').id}`,
    kept: {},
    unchanged: 'SELECT * FROM votes ORDER BY 1',
  },
  {
    form: 'record the notice routes of an agenda item (one added without its notices)',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    via: {
      action: (w) => `/meetings/${w.fuzz.meetings[0]}/agenda-items`,
      set: () => ({ title: 'A late key decision', caseId: '', keyDecision: 'yes' }),
    },
    action: () => /^\/meetings\/[0-9a-f-]{36}\/agenda-items\/[0-9a-f-]{36}\/notice-routes$/,
    set: {
      'generalException.noticePublishedOn-day': '31',
      'generalException.noticePublishedOn-month': '2',
      'generalException.noticePublishedOn-year': '2025',
    },
    link: (_fields, action) =>
      `routes-${action.split('/')[4]}-generalException-noticePublishedOn-day`,
    kept: (_fields, action) => ({
      [`routes-${action.split('/')[4]}-generalException-noticePublishedOn-day`]: '31',
    }),
  },
  {
    form: 'officers’ key decisions and call-in (forged: neither yes nor no)',
    as: 'administrator',
    page: () => '/admin/settings/officer-call-in',
    set: { officerKeyDecisions: 'maybe' },
    link: 'officerKeyDecisions',
    kept: {},
    unchanged: 'SELECT settings FROM tenants ORDER BY tenant_id',
  },
  {
    form: 'the prefix of case references',
    as: 'administrator',
    page: () => '/admin/settings/case-references',
    set: { referencePrefix: '9Z' },
    link: 'referencePrefix',
    kept: { referencePrefix: '9Z' },
    unchanged: 'SELECT settings FROM tenants ORDER BY tenant_id',
  },
  {
    form: 'who may sign in with a password (forged: not one of the choices)',
    as: 'administrator',
    page: () => '/admin/sign-in',
    action: () => '/admin/sign-in/passwords',
    set: { localPasswords: 'everyone-and-their-dog' },
    link: 'localPasswords',
    kept: {},
    unchanged: 'SELECT * FROM sign_in_policies ORDER BY 1',
  },
  {
    form: 'change an account’s role (forged: no such role)',
    as: 'administrator',
    page: () => '/admin/staff',
    action: () => /^\/admin\/staff\/[0-9a-f-]{36}\/role$/,
    set: { role: 'emperor' },
    link: (_fields, action) => `role-${action.split('/')[3]}`,
    kept: {},
    unchanged: 'SELECT id, role FROM staff_accounts ORDER BY id',
  },
  {
    form: 'publish the forward plan (forged: a date after today)',
    as: 'officer',
    page: () => '/forward-plan',
    via: {
      action: () => '/forward-plan/check',
      set: (today) => {
        const [year, month, day] = today.split('-').map(Number);
        return {
          'publishedOn-day': `${day}`,
          'publishedOn-month': `${month}`,
          'publishedOn-year': `${year}`,
        };
      },
    },
    action: () => '/forward-plan/publish',
    set: { publishedOn: '2099-01-01' },
    link: 'publishedOn-day',
    kept: { 'publishedOn-year': '2099' },
    unchanged: 'SELECT id FROM forward_plan_editions ORDER BY 1',
  },
  {
    form: 'hold a document',
    as: 'administrator',
    page: (w) => `/cases/${w.fuzz.cases[0]}/documents`,
    action: (w) => `/cases/${w.fuzz.cases[0]}/documents/${w.fuzz.documents[0]}/legal-hold`,
    set: { reason: ' ' },
    link: `hold-:document`,
    kept: {},
  },
  {
    // A problem at one line of a list (the API's `amendments.1`) links to the list's box.
    form: 'approve the minutes with an amendment too long',
    as: 'officer',
    page: (w) => `/meetings/${w.fuzz.meetings[0]}`,
    action: (w) => `/meetings/${w.fuzz.meetings[0]}/minutes-approval`,
    set: (fields) => ({
      previousMeetingId: [...(fields.get('previousMeetingId') ?? [])].find(Boolean) ?? '',
      amendments: `Typed amendment\n${'x'.repeat(2001)}`,
    }),
    link: 'minutes-amendments',
    kept: { 'minutes-amendments': `Typed amendment\n${'x'.repeat(2001)}` },
    unchanged: 'SELECT count(*) FROM minutes_approvals',
  },
];
