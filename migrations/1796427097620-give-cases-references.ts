import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/** Words a council's initials leave out (as libs/governance/case-reference.service.ts on landing). */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'upon', 'on', 'in', 'for', '&']);

/** The council's prefix as its cases' references took it when this migration landed. */
function prefixOf(name: string, settings: { caseReferences?: { prefix?: string } }): string {
  if (settings?.caseReferences?.prefix) return settings.caseReferences.prefix;
  const initials = name
    .split(/[\s-]+/)
    .map((w) => w.replace(/[^A-Za-z0-9]/g, ''))
    .filter((w) => w && !SMALL_WORDS.has(w.toLowerCase()))
    .map((w) => w[0])
    .join('')
    .toUpperCase()
    .replace(/^[0-9]+/, '')
    .slice(0, 10);
  if (initials.length >= 2) return initials;
  const letters = name.replace(/[^A-Za-z]/g, '').toUpperCase();
  return letters.length >= 2 ? letters.slice(0, 3) : 'CASE';
}

/**
 * Cases get references people can read and type (issue #12, docs/adr/0038): "SCC-2026-0042",
 * the council's prefix, the year the case opened in London and its number in that council's
 * year. Existing cases are numbered in the order they opened; each council's counter per year
 * starts after its last number, and is taken (row-locked) in the transaction that opens a case,
 * so two openings at once never share one. The cases table's row-level security is untouched;
 * the counters are bound to their council like every other table (ADR 0015).
 */
export class GiveCasesReferences1796427097620 implements MigrationInterface {
  name = 'GiveCasesReferences1796427097620';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_reference_counters" (
      "tenant_id" uuid NOT NULL,
      "year" integer NOT NULL,
      "last_number" integer NOT NULL,
      CONSTRAINT "PK_case_reference_counters" PRIMARY KEY ("tenant_id", "year"))`);
    const table = 'case_reference_counters';
    await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY "tenant_bound" ON "${table}" TO ratify_runtime USING (${BOUND}) WITH CHECK (${BOUND})`,
    );
    await q.query(
      `CREATE POLICY "tenant_sweep" ON "${table}" TO ratify_sweep USING (true) WITH CHECK (true)`,
    );
    await q.query(
      `CREATE POLICY "tenant_owner" ON "${table}" TO CURRENT_USER USING (true) WITH CHECK (true)`,
    );

    await q.query('ALTER TABLE "cases" ADD "reference" text');
    const tenants: { tenant_id: string; name: string; settings: never }[] = await q.query(
      'SELECT tenant_id, name, settings FROM tenants',
    );
    for (const t of tenants)
      await q.query(
        `WITH numbered AS (
           SELECT id, extract(year FROM created_at AT TIME ZONE 'Europe/London')::int AS year,
                  row_number() OVER (PARTITION BY extract(year FROM created_at AT TIME ZONE 'Europe/London')
                                     ORDER BY created_at, id)::int AS n
             FROM cases WHERE tenant_id = $1)
         UPDATE cases c SET reference = $2 || '-' || numbered.year || '-' || CASE WHEN numbered.n < 10000 THEN lpad(numbered.n::text, 4, '0') ELSE numbered.n::text END
           FROM numbered WHERE c.id = numbered.id`,
        [t.tenant_id, prefixOf(t.name, t.settings ?? {})],
      );
    await q.query(
      `INSERT INTO case_reference_counters (tenant_id, year, last_number)
       SELECT tenant_id, extract(year FROM created_at AT TIME ZONE 'Europe/London')::int, count(*)::int
         FROM cases GROUP BY 1, 2`,
    );
    await q.query('ALTER TABLE "cases" ALTER COLUMN "reference" SET NOT NULL');
    await q.query(
      'CREATE UNIQUE INDEX "IDX_cases_tenant_reference" ON "cases" ("tenant_id", "reference")',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_cases_tenant_reference"');
    await q.query('ALTER TABLE "cases" DROP COLUMN "reference"');
    await q.query('DROP TABLE "case_reference_counters"');
  }
}
