/**
 * `npm run audit:verify`: verifies every case's audit chain and reports the first record that was
 * edited, deleted or reordered. Exits 1 when any chain is broken.
 */
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { loadSettings } from '../libs/config/settings.service';
import { openProductDatabase } from '../libs/database/database-bootstrap.service';

async function main(): Promise<number> {
  const settings = loadSettings();
  const db = await openProductDatabase(settings, () => undefined);
  try {
    const results = await new VerifyAuditUseCase(db.dataSource).verifyAll();
    let broken = 0;
    for (const r of results) {
      if (r.finding.ok) continue;
      broken++;
      const f = r.finding;
      console.log(`BROKEN case ${r.caseId}: record ${f.atSeq} ${f.problem} (${f.detail})`);
    }
    console.log(`${results.length} case chains verified, ${broken} broken.`);
    return broken === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
