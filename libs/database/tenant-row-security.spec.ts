import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BindRowsToTheirCouncil1796376036387 } from '../../migrations/1796376036387-bind-rows-to-their-council';
import { BindRetentionRulesToTheirCouncil1796376311823 } from '../../migrations/1796376311823-bind-retention-rules-to-their-council';
import { DateBodyRules1796394184000 } from '../../migrations/1796394184000-date-body-rules';
import { KeepAnswerEvidenceOutsideTheChain1796394236896 } from '../../migrations/1796394236896-keep-answer-evidence-outside-the-chain';
import { HoldACasePersonalData1796395979396 } from '../../migrations/1796395979396-hold-a-case-personal-data';
import { RedactAnswerEvidenceInOldLinks1796398000000 } from '../../migrations/1796398000000-redact-answer-evidence-in-old-links';
import { KeepAbsences1796416000000 } from '../../migrations/1796416000000-keep-absences';
import { GiveCasesReferences1796427097620 } from '../../migrations/1796427097620-give-cases-references';
import {
  bindRowsToTheirCouncil,
  noTenantRowSecurityStatements,
  tenantRowSecurityStatements,
  unbindRowsFromTheirCouncil,
} from './tenant-row-security.service';

/** The SQL a migration's up or down sends, in order (every query answered with no rows). */
async function sqlOf(run: (q: QueryRunner) => Promise<void>): Promise<string[]> {
  const sent: string[] = [];
  const q = {
    query: (sql: string) => {
      sent.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as QueryRunner;
  await run(q);
  return sent;
}

/** Whether `part` lies in `whole` as consecutive statements. */
function runsIn(whole: string[], part: string[]): boolean {
  return whole.some((_, i) => part.every((s, j) => whole[i + j] === s));
}

/** The released migrations that bind a table's rows to their council, each writing the statements out by hand. */
const RELEASED: MigrationInterface[] = [
  new BindRowsToTheirCouncil1796376036387(),
  new BindRetentionRulesToTheirCouncil1796376311823(),
  new DateBodyRules1796394184000(),
  new KeepAnswerEvidenceOutsideTheChain1796394236896(),
  new HoldACasePersonalData1796395979396(),
  new RedactAnswerEvidenceInOldLinks1796398000000(),
  new KeepAbsences1796416000000(),
  new GiveCasesReferences1796427097620(),
];

const tablesBound = (sql: string[]) =>
  sql.flatMap((s) => /^ALTER TABLE "(\w+)" ENABLE ROW LEVEL SECURITY$/.exec(s)?.[1] ?? []);

describe('the migrations’ helper that binds a table’s rows to their council', () => {
  it.each(RELEASED.map((m) => [m.constructor.name, m] as const))(
    'emits, byte for byte, what %s emitted for each table it bound',
    async (_, migration) => {
      const sent = await sqlOf((q) => migration.up(q));
      const tables = tablesBound(sent);
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables)
        expect(runsIn(sent, tenantRowSecurityStatements(table))).toBe(true);
      // Nothing of row security is sent but those five statements a table.
      const policies = sent.filter((s) => /ROW LEVEL SECURITY|CREATE POLICY/.test(s));
      expect(policies).toHaveLength(tables.length * 5);
    },
  );

  it.each([
    ['BindRowsToTheirCouncil1796376036387', new BindRowsToTheirCouncil1796376036387()],
    [
      'BindRetentionRulesToTheirCouncil1796376311823',
      new BindRetentionRulesToTheirCouncil1796376311823(),
    ],
  ])('undoes, byte for byte, what %s’s down undid', async (_, migration) => {
    const sent = await sqlOf((q) => migration.down(q));
    const tables = sent.flatMap(
      (s) => /^ALTER TABLE "(\w+)" DISABLE ROW LEVEL SECURITY$/.exec(s)?.[1] ?? [],
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables)
      expect(runsIn(sent, noTenantRowSecurityStatements(table))).toBe(true);
  });

  it('is pinned to its statements, whichever migration calls it', () => {
    const bound = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";
    expect(tenantRowSecurityStatements('things')).toEqual([
      'ALTER TABLE "things" ENABLE ROW LEVEL SECURITY',
      'ALTER TABLE "things" FORCE ROW LEVEL SECURITY',
      `CREATE POLICY "tenant_bound" ON "things" TO ratify_runtime USING (${bound}) WITH CHECK (${bound})`,
      'CREATE POLICY "tenant_sweep" ON "things" TO ratify_sweep USING (true) WITH CHECK (true)',
      'CREATE POLICY "tenant_owner" ON "things" TO CURRENT_USER USING (true) WITH CHECK (true)',
    ]);
    expect(noTenantRowSecurityStatements('things')).toEqual([
      'DROP POLICY "tenant_owner" ON "things"',
      'DROP POLICY "tenant_sweep" ON "things"',
      'DROP POLICY "tenant_bound" ON "things"',
      'ALTER TABLE "things" NO FORCE ROW LEVEL SECURITY',
      'ALTER TABLE "things" DISABLE ROW LEVEL SECURITY',
    ]);
  });

  it('sends its statements in one call, in order, and undoes them in another', async () => {
    await expect(sqlOf((q) => bindRowsToTheirCouncil(q, 'things'))).resolves.toEqual(
      tenantRowSecurityStatements('things'),
    );
    await expect(sqlOf((q) => unbindRowsFromTheirCouncil(q, 'things'))).resolves.toEqual(
      noTenantRowSecurityStatements('things'),
    );
  });
});
