/*
 * A list page's address and paging, as its query string carries them: the filters typed, an
 * offset, and the GOV.UK pagination component's previous and next links (the directory's lists,
 * the public register's page).
 */

/** A page of a list as the GOV.UK pagination component wants it, with the filters kept. */
export interface Paging {
  previous?: { href: string };
  next?: { href: string };
}

/** The address of a list with its filters and an offset (empty filters left out). */
export function listHref(path: string, filters: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Previous and next links for an offset-paged list. */
export function pagingOf(
  path: string,
  filters: Record<string, string | undefined>,
  page: { offset: number; limit: number; next: number | null },
): Paging {
  const at = (offset: number) =>
    listHref(path, { ...filters, offset: offset > 0 ? String(offset) : undefined });
  return {
    previous: page.offset > 0 ? { href: at(Math.max(0, page.offset - page.limit)) } : undefined,
    next: page.next !== null ? { href: at(page.next) } : undefined,
  };
}

/** A query parameter as text (a repeated one counts as absent), trimmed. */
export function queryText(query: Record<string, unknown>, key: string): string {
  const v = query[key];
  return typeof v === 'string' ? v.trim() : '';
}

/** A page number's offset, when it is a whole number; 0 otherwise. */
export function queryOffset(query: Record<string, unknown>): number {
  const v = queryText(query, 'offset');
  return /^\d{1,7}$/.test(v) ? Number(v) : 0;
}
