/**
 * Where a page of the public register starts or ends, by the register's sort key (the publication
 * date, then the case) rather than by a count of rows to skip: a page after a cursor reads its own
 * rows through the index however deep it is (issue #21). `position` is the row's place in the list
 * (1 for the newest), carried only so that a page can say "Decisions 51 to 100"; nothing is read
 * by it, so a cursor edited by hand shows other numbers and never other decisions.
 */
export interface RegisterCursor {
  publishedOn: string;
  id: string;
  position: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor as an address carries it: opaque, URL-safe. */
export function encodeCursor(c: RegisterCursor): string {
  return Buffer.from(JSON.stringify([c.publishedOn, c.id, c.position]), 'utf8').toString(
    'base64url',
  );
}

/** The cursor an address carried, or null when it is not one this register made. */
export function decodeCursor(text: string): RegisterCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [publishedOn, id, position] = value as unknown[];
  if (typeof publishedOn !== 'string' || publishedOn.length === 0 || publishedOn.length > 40)
    return null;
  if (typeof id !== 'string' || !UUID.test(id)) return null;
  if (!Number.isSafeInteger(position) || (position as number) < 1) return null;
  return { publishedOn, id, position: position as number };
}
