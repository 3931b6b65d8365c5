import type { DataSource } from 'typeorm';

const BATCH = 10_000;

/** Copies of the demo tenant's cases (with their emails and open deadlines), last changed over two years. */
export async function seedCaseCopies(
  ds: DataSource,
  tenantId: string,
  cases: number,
): Promise<{ sources: number; seconds: number }> {
  const columns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'
        AND column_name NOT IN ('id', 'reference', 'title', 'created_at', 'updated_at') ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const deadlineColumns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'deadlines'
        AND column_name NOT IN ('id', 'case_id', 'due_at') ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const effectColumns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'effects'
        AND column_name NOT IN ('id', 'case_id') ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const sources = (await ds.query('SELECT id FROM cases WHERE tenant_id = $1 ORDER BY id', [
    tenantId,
  ])) as { id: string }[];
  const started = Date.now();
  for (let from = 1; from <= cases; from += BATCH) {
    const to = Math.min(cases, from + BATCH - 1);
    await ds.query(
      `WITH src AS (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM cases WHERE id = ANY($1::uuid[])),
            plan AS (SELECT gen_random_uuid() AS id, g, s.id AS source_id
                       FROM generate_series($2::int, $3::int) g JOIN src s ON s.n = g % $4),
            made AS (
              INSERT INTO cases (id, reference, title, created_at, updated_at, ${columns.join(', ')})
              SELECT p.id, c.reference || '-C' || p.g, c.title || ' (copy ' || p.g || ')',
                     now() - make_interval(mins => p.g * 7), now() - make_interval(mins => p.g * 7),
                     ${columns.map((c) => `c.${c}`).join(', ')}
                FROM plan p JOIN cases c ON c.id = p.source_id
              RETURNING id),
            emails AS (
              INSERT INTO effects (id, case_id, ${effectColumns.join(', ')})
              SELECT gen_random_uuid(), p.id, ${effectColumns.map((c) => `e.${c}`).join(', ')}
                FROM plan p JOIN effects e ON e.case_id = p.source_id
              RETURNING id)
       INSERT INTO deadlines (id, case_id, due_at, ${deadlineColumns.join(', ')})
       SELECT gen_random_uuid(), p.id, d.due_at + make_interval(days => (random() * 60)::int),
              ${deadlineColumns.map((c) => `d.${c}`).join(', ')}
         FROM plan p JOIN deadlines d ON d.case_id = p.source_id AND d.status = 'pending'`,
      [sources.map((s) => s.id), from, to, sources.length],
    );
    process.stdout.write(
      `\rseeded ${to} of ${cases} cases (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }
  process.stdout.write('\n');
  await ds.query('ANALYZE');
  return { sources: sources.length, seconds: (Date.now() - started) / 1000 };
}
