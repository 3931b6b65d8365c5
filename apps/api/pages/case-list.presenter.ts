import type { CaseListRow, CaseSearch } from '../../../libs/engine/case-search.repository';
import { findTemplate, listTemplates } from '../../../libs/workflows/template.registry';
import { readDateField, type TypedDate } from './forms/date-field.service';
import { FormErrors } from './forms/form-errors.service';
import { whenInWords } from './forms/words.service';
import {
  CASE_OPENS_AFTER_UPDATE,
  WORKFLOW_OF_NEWER_BUILD,
} from '../http/service-updating.presenter';

export const CASES_PER_PAGE = 25;

/**
 * How many matching cases the find page counts before it says "more than" instead: counting every
 * match of a common word read every case of the council, 0.8 s at 100,000 (issue #21).
 */
export const CASES_COUNTED = 1000;

/** How far the count goes for a page: far enough to know whether the page after it exists. */
export function countedUpTo(page: number): number {
  return Math.max(CASES_COUNTED, page * CASES_PER_PAGE);
}

/** The count as the page says it: "261", "1,250", or "more than 1,000" when it stopped counting. */
export function totalInWords(total: number, upTo: number): string {
  return total > upTo ? `more than ${upTo.toLocaleString('en-GB')}` : total.toLocaleString('en-GB');
}

/** The search as typed: kept to show again, and read as the repository's search. */
export interface CaseQuery {
  search: CaseSearch;
  typed: { text: string; template: string; status: string; from: TypedDate; to: TypedDate };
  page: number;
  errors: FormErrors;
}

function text(q: Record<string, unknown>, key: string): string {
  return typeof q[key] === 'string' ? (q[key] as string).trim().slice(0, 200) : '';
}

/** The find-a-case page's query string read as a search; dates as GOV.UK date inputs. */
export function readCaseQuery(q: Record<string, unknown>): CaseQuery {
  const errors = new FormErrors();
  const from = readDateField(q, 'from', 'the first day');
  const to = readDateField(q, 'to', 'the last day');
  errors.date('from', from).date('to', to);
  const template = text(q, 'template');
  const status = text(q, 'status');
  const search: CaseSearch = {
    text: text(q, 'q') || undefined,
    templateId: listTemplates().some((t) => t.id === template) ? template : undefined,
    status: status === 'open' || status === 'closed' ? status : undefined,
    openedFrom: from.iso,
    openedTo: to.iso,
  };
  if (from.iso && to.iso && from.iso > to.iso)
    errors.add('to-day', 'The last day must be the same as or after the first day');
  const page = Math.min(Math.max(Number.parseInt(text(q, 'page'), 10) || 1, 1), 100_000);
  return {
    search,
    typed: { text: text(q, 'q'), template, status, from: from.typed, to: to.typed },
    page,
    errors,
  };
}

/** The query string of a search, for paging links and the CSV link. */
export function queryString(query: CaseQuery, page?: number): string {
  const p = new URLSearchParams();
  if (query.typed.text) p.set('q', query.typed.text);
  if (query.search.templateId) p.set('template', query.search.templateId);
  if (query.search.status) p.set('status', query.search.status);
  for (const [name, d] of [
    ['from', query.typed.from],
    ['to', query.typed.to],
  ] as const)
    if (d.day || d.month || d.year) {
      p.set(`${name}-day`, d.day);
      p.set(`${name}-month`, d.month);
      p.set(`${name}-year`, d.year);
    }
  if (page && page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * A workflow's name: its version's title; for a version this build lacks (a rolling upgrade), the
 * template's current title, or words saying so when the template is new to this build: never its key.
 */
export function templateTitle(id: string, version: number): string {
  return findTemplate(id, version)?.title ?? findTemplate(id)?.title ?? WORKFLOW_OF_NEWER_BUILD;
}

/**
 * A case as a row of the list, in words. A case on a template version this build lacks is listed in
 * its place, its stored summary kept, with a sentence that it cannot be opened until the update ends.
 */
export function caseListItem(c: CaseListRow) {
  const updating = !findTemplate(c.templateId, c.templateVersion);
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    template: templateTitle(c.templateId, c.templateVersion),
    updating: updating ? CASE_OPENS_AFTER_UPDATE : '',
    summary: c.summary,
    status: c.closedAt ? 'Closed' : 'Open',
    opened: whenInWords(c.createdAt),
    changed: whenInWords(c.updatedAt),
    closed: c.closedAt ? whenInWords(c.closedAt) : '',
  };
}

/** A CSV cell: quoted, and never read as a formula by a spreadsheet. */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${v.replace(/"/g, '""')}"`;
}

export const CSV_HEADER = [
  'Reference',
  'Title',
  'Workflow',
  'Status',
  'Where it stands',
  'Opened',
  'Last changed',
  'Closed',
];

export function csvLine(c: CaseListRow): string {
  const i = caseListItem(c);
  return [i.reference, i.title, i.template, i.status, i.summary, i.opened, i.changed, i.closed]
    .map(csvCell)
    .join(',');
}

/**
 * GOV.UK pagination's items: previous, numbered pages around this one, next. `total` is the count,
 * which may have stopped at `upTo` (countedUpTo): then the last page is not known, and the pages
 * end with an ellipsis and next.
 */
export function pagination(query: CaseQuery, total: number, upTo = Infinity) {
  const more = total > upTo;
  const pages = Math.max(1, Math.ceil(Math.min(total, upTo) / CASES_PER_PAGE));
  const at = Math.min(query.page, pages);
  const last = more ? pages + 1 : pages;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || (n === last && !more) || Math.abs(n - at) <= 1)
      items.push({ number: n, href: `/cases/find${queryString(query, n)}`, current: n === at });
    else if ('number' in (items[items.length - 1] ?? {})) items.push({ ellipsis: true });
  }
  if (more && 'number' in (items[items.length - 1] ?? {})) items.push({ ellipsis: true });
  return {
    pages,
    items: last > 1 ? items : [],
    previous: at > 1 ? { href: `/cases/find${queryString(query, at - 1)}` } : undefined,
    next: at < last ? { href: `/cases/find${queryString(query, at + 1)}` } : undefined,
  };
}
