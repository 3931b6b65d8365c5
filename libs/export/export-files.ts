/**
 * Where each kind of record lies in an export archive (docs/export-format.md). Every NDJSON file
 * but the two chains' is one row per line of the table named, with the database's column names.
 */
export const EXPORT_FILES = {
  council: 'council/council.ndjson',
  exports: 'council/exports.ndjson',
  cases: 'cases/cases.ndjson',
  caseEvents: 'cases/case-events.ndjson',
  auditRecords: 'cases/audit-records.ndjson',
  requests: 'cases/requests.ndjson',
  linkViews: 'cases/link-views.ndjson',
  deadlines: 'cases/deadlines.ndjson',
  effects: 'cases/effects.ndjson',
  documents: 'documents/documents.ndjson',
  documentFile: (documentId: string) => `documents/files/${documentId}`,
  directoryChanges: 'directory/changes.ndjson',
  register: 'register/entries.ndjson',
} as const;

/** A table exported whole (a council's) as rows: its file, and columns never exported. */
export interface TableFile {
  path: string;
  table: string;
  /** Secrets (hashes of link tokens, passwords, API keys) stay out of every archive. */
  omit?: string[];
  /** The key the table's rows are paged by: a uuid id (most) or a bigint id. */
  key?: 'uuid' | 'bigint';
  /** Only these columns (a subject access export's context: a case's title, a meeting's date). */
  columns?: string[];
  /** Which rows, in SQL over `t` ($1 the council, $3 the person's ids as uuid[]). */
  where?: string;
}

/** The council's tables exported row by row, in the archive's order. */
export const COUNCIL_TABLES: TableFile[] = [
  { path: EXPORT_FILES.cases, table: 'cases' },
  { path: EXPORT_FILES.caseEvents, table: 'case_events' },
  { path: EXPORT_FILES.requests, table: 'action_links', omit: ['token_hash'] },
  { path: EXPORT_FILES.linkViews, table: 'action_link_views', key: 'bigint' },
  { path: EXPORT_FILES.deadlines, table: 'deadlines' },
  { path: EXPORT_FILES.effects, table: 'effects' },
  { path: 'meetings/meetings.ndjson', table: 'meetings' },
  { path: 'meetings/agenda-items.ndjson', table: 'agenda_items' },
  { path: 'meetings/attendance.ndjson', table: 'meeting_attendance' },
  { path: 'meetings/declarations.ndjson', table: 'interest_declarations' },
  { path: 'meetings/votes.ndjson', table: 'votes' },
  { path: 'meetings/outcomes.ndjson', table: 'item_outcomes' },
  { path: 'meetings/minutes-approvals.ndjson', table: 'minutes_approvals' },
  { path: 'meetings/dispensations.ndjson', table: 'dispensations' },
  { path: 'directory/organisations.ndjson', table: 'organisations' },
  { path: 'directory/people.ndjson', table: 'people' },
  { path: 'directory/offices.ndjson', table: 'offices' },
  { path: 'directory/office-holders.ndjson', table: 'office_holders' },
  { path: 'directory/bodies.ndjson', table: 'bodies' },
  { path: 'directory/body-rules.ndjson', table: 'body_rules' },
  { path: 'directory/memberships.ndjson', table: 'memberships' },
  { path: 'directory/membership-substitutes.ndjson', table: 'membership_substitutes' },
  { path: 'directory/delegations.ndjson', table: 'delegations' },
  { path: 'directory/absences.ndjson', table: 'absences' },
  { path: 'directory/staff-accounts.ndjson', table: 'staff_accounts', omit: ['password_hash'] },
  { path: EXPORT_FILES.exports, table: 'data_exports' },
];

/** Rows of `table` one of whose `column` is the person's ($3), for a subject access export. */
const theirs = (table: string, column = 'person_id') =>
  `SELECT id FROM ${table} WHERE tenant_id = $1 AND ${column} = ANY($3)`;

/**
 * What names one person (a subject access export): their directory entries, the requests sent to
 * them, their answers (the events they sent), the views of their links, their attendance,
 * declarations, votes and dispensations; the cases and meetings those belong to by id, reference,
 * title and date only. Nobody else's rows: no other person's name or email is in any of these files.
 */
export const PERSON_TABLES: TableFile[] = [
  { path: 'directory/people.ndjson', table: 'people', where: 't.id = ANY($3)' },
  {
    path: 'directory/office-holders.ndjson',
    table: 'office_holders',
    where: 't.person_id = ANY($3)',
  },
  { path: 'directory/memberships.ndjson', table: 'memberships', where: 't.person_id = ANY($3)' },
  {
    path: 'directory/membership-substitutes.ndjson',
    table: 'membership_substitutes',
    where: 't.person_id = ANY($3)',
  },
  {
    path: 'directory/staff-accounts.ndjson',
    table: 'staff_accounts',
    omit: ['password_hash'],
    where: 't.person_id = ANY($3)',
  },
  // Their absences, and those they cover: the days, not who else (deputy, person away, recorder).
  {
    path: 'directory/absences.ndjson',
    table: 'absences',
    columns: ['id', 'person_id', 'first_day', 'last_day', 'note', 'cancelled_at', 'covered_at'],
    where: 't.person_id = ANY($3)',
  },
  {
    path: 'directory/absences-covered.ndjson',
    table: 'absences',
    columns: ['id', 'deputy_person_id', 'first_day', 'last_day', 'cancelled_at', 'covered_at'],
    where: 't.deputy_person_id = ANY($3)',
  },
  {
    path: EXPORT_FILES.cases,
    table: 'cases',
    columns: [
      'id',
      'reference',
      'title',
      'template_id',
      'template_version',
      'created_at',
      'closed_at',
    ],
    where: `t.id IN (SELECT case_id FROM action_links WHERE tenant_id = $1 AND person_id = ANY($3)
      UNION SELECT case_id FROM case_events WHERE tenant_id = $1 AND actor_person_id = ANY($3))`,
  },
  {
    path: EXPORT_FILES.requests,
    table: 'action_links',
    omit: ['token_hash'],
    where: 't.person_id = ANY($3)',
  },
  {
    path: EXPORT_FILES.linkViews,
    table: 'action_link_views',
    key: 'bigint',
    where: `t.link_id IN (${theirs('action_links')})`,
  },
  { path: EXPORT_FILES.caseEvents, table: 'case_events', where: 't.actor_person_id = ANY($3)' },
  {
    path: 'meetings/meetings.ndjson',
    table: 'meetings',
    columns: ['id', 'body_id', 'meeting_date', 'title'],
    where: `t.id IN (SELECT meeting_id FROM meeting_attendance WHERE tenant_id = $1 AND person_id = ANY($3)
      UNION SELECT meeting_id FROM interest_declarations WHERE tenant_id = $1 AND person_id = ANY($3)
      UNION SELECT meeting_id FROM votes WHERE tenant_id = $1 AND person_id = ANY($3))`,
  },
  {
    path: 'meetings/attendance.ndjson',
    table: 'meeting_attendance',
    where: 't.person_id = ANY($3)',
  },
  {
    path: 'meetings/declarations.ndjson',
    table: 'interest_declarations',
    where: 't.person_id = ANY($3)',
  },
  { path: 'meetings/votes.ndjson', table: 'votes', where: 't.person_id = ANY($3)' },
  { path: 'meetings/dispensations.ndjson', table: 'dispensations', where: 't.person_id = ANY($3)' },
];
