import type {
  RegisterPage,
  RegisterPageRequest,
} from '../../../libs/register/decision-register.service';
import { decodeCursor, encodeCursor } from '../../../libs/register/register-cursor.service';
import { listHref, queryOffset, queryText, type Paging } from '../pages/forms/list-paging.service';

/**
 * The register's page as its address asks for it: `after` or `before` a cursor the register made,
 * or (addresses made before keyset paging, issue #21) an `offset`; the first page otherwise. A
 * cursor that is not one of the register's is refused, in words saying what to do.
 */
export function registerPageRequest(
  query: unknown,
  limit: number,
): { request: RegisterPageRequest; error: string | null } {
  const typed = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  for (const key of ['after', 'before'] as const) {
    if (typed[key] === undefined) continue;
    const cursor = decodeCursor(queryText(typed, key));
    if (!cursor)
      return {
        request: { limit },
        error: `The address of this page of the register is not one it made (${key}): start again from its first page`,
      };
    return { request: { limit, [key]: cursor }, error: null };
  }
  return { request: { limit, offset: queryOffset(typed) }, error: null };
}

/**
 * Previous and next links of a register page, keeping the search: the next page after this page's
 * last decision, the previous before its first (the bare address when that is the first page).
 */
export function registerPaging(
  path: string,
  search: Record<string, string | undefined>,
  page: RegisterPage,
): Paging {
  const at = (key: 'after' | 'before', c: Parameters<typeof encodeCursor>[0]) =>
    listHref(path, { ...search, [key]: encodeCursor(c) });
  const previous = page.previous
    ? page.first <= page.limit + 1
      ? listHref(path, search)
      : at('before', page.previous)
    : undefined;
  return {
    previous: previous ? { href: previous } : undefined,
    next: page.next ? { href: at('after', page.next) } : undefined,
  };
}
