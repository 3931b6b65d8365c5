import type { DataSource } from 'typeorm';

/**
 * `n` copies of a case whose decision is published, made in SQL (as the scale bench makes its
 * copies): copy `i` (1..n) is titled "<title> (copy i)" and published `i` days after 1 January
 * 2025, so that the register's order (newest publication first) is known; its reference is the
 * case's with i in four digits after it (SCC-2025-0001 copy 3: SCC-2025-00010003). Returns the copies'
 * ids, newest publication first.
 */
export async function publishedCopies(
  ds: DataSource,
  caseId: string,
  n: number,
): Promise<string[]> {
  const columns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'
        AND column_name NOT IN ('id', 'reference', 'title', 'snapshot') ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO cases (id, reference, title, snapshot, ${columns.join(', ')})
     SELECT gen_random_uuid(), c.reference || lpad(g::text, 4, '0'), c.title || ' (copy ' || g || ')',
            jsonb_set(c.snapshot, '{context,publication,publishedOn}',
                      to_jsonb(to_char(date '2025-01-01' + g, 'YYYY-MM-DD'))),
            ${columns.map((x) => `c.${x}`).join(', ')}
       FROM cases c, generate_series(1, $2::int) g
      WHERE c.id = $1
      ORDER BY g DESC
     RETURNING id`,
    [caseId, n],
  );
  return rows.map((r) => r.id);
}
