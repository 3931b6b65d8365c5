/**
 * The one order of a case's open deadlines, wherever they are listed: by the moment they are due,
 * then by their key, then by their kind (issue #21). The reply to POST /api/cases/:id/events builds
 * its list from the write (case-reply.service.ts) while GET /api/cases/:id reads it back
 * (case-view.service.ts); two deadlines due at the same instant, such as two conditions due the
 * same day, must come out in the same order in both, byte for byte. Keys and kinds are the
 * workflows' ASCII names, compared by their bytes on both sides (COLLATE "C", and JavaScript's <).
 */
export function DEADLINE_ORDER(alias = ''): string {
  return `${alias}due_at, ${alias}key COLLATE "C", ${alias}kind COLLATE "C"`;
}

/** DEADLINE_ORDER in JavaScript, for the deadlines the reply has in hand. */
export function byDeadlineOrder(
  a: { due_at: Date; key: string; kind: string },
  b: { due_at: Date; key: string; kind: string },
): number {
  const byBytes = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    a.due_at.getTime() - b.due_at.getTime() || byBytes(a.key, b.key) || byBytes(a.kind, b.kind)
  );
}
