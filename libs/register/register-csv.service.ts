import {
  hasNotice,
  type RegisterEntry,
  type RegisterEntryOfNewerBuild,
  type RegisterListing,
} from './decision-register.service';

/** A cell made safe: quoted as CSV, and a leading = + - @ neutralised so no spreadsheet runs it. */
function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const COLUMNS: [string, (e: RegisterEntry) => unknown][] = [
  ['case', (e) => e.caseId],
  ['reference', (e) => e.reference],
  ['item', (e) => e.notice.itemTitle],
  ['decision', (e) => e.notice.decision],
  ['decided on', (e) => e.notice.decidedOn],
  ['decision maker', (e) => e.notice.decisionMaker.name],
  ['acting as', (e) => e.notice.decisionMaker.actingAs],
  ['key decision', (e) => (e.notice.keyDecision ? 'yes' : 'no')],
  ['published on', (e) => e.notice.publishedOn],
  ['call-in', (e) => e.notice.callIn.status],
  ['implementable from', (e) => e.notice.implementableFrom],
  ['exempt', (e) => (e.exempt ? 'yes' : 'no')],
];

/** The public file adds whose decision it is and the audit chain's head, for anyone to check. */
const PUBLIC_COLUMNS: [string, (e: RegisterEntry) => unknown][] = [
  ...COLUMNS,
  ['kind', (e) => (e.kind === 'officer' ? 'officer decision' : 'executive decision')],
  ['audit hash', (e) => e.audit.head],
  ['audit records', (e) => e.audit.records],
];

/**
 * A decision on a template version this build lacks: the cells of what is kept beside its case;
 * its item says why the others, which only its version's notice fills, are empty.
 */
const KEPT: Record<string, (e: RegisterEntryOfNewerBuild) => unknown> = {
  case: (e) => e.caseId,
  reference: (e) => e.reference,
  item: () =>
    'Not shown until an update to the service has finished: download the register again in a few minutes',
  'key decision': (e) => (e.keyDecision === null ? '' : e.keyDecision ? 'yes' : 'no'),
  'published on': (e) => e.publishedOn,
  kind: (e) => (e.kind === 'officer' ? 'officer decision' : 'executive decision'),
  'audit hash': (e) => e.audit.head,
  'audit records': (e) => e.audit.records,
};

/** The register as CSV, one decision a row (exempt content already withheld in the entries). */
export function registerCsv(entries: RegisterListing[], opts: { public?: boolean } = {}): string {
  const columns = opts.public ? PUBLIC_COLUMNS : COLUMNS;
  const cells = (e: RegisterListing) =>
    columns.map(([name, f]) => (hasNotice(e) ? f(e) : KEPT[name]?.(e)));
  const rows = [columns.map(([name]) => name), ...entries.map(cells)];
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
