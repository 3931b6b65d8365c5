/**
 * `npm run audit:verify`: verifies every case's audit chain and reports the first record that was
 * edited, deleted or reordered, and queues an audit.verify_failed webhook for each break. Exits 1
 * when any chain is broken. A link redacted by retention (docs/adr/0020) holds only with its
 * redaction statement signed under the council's key (`--public-key`, else AUDIT_SIGNING_KEY_FILE's).
 *
 * `npm run audit:verify -- --checkpoint <file or URL> [--public-key <file>]` also checks the
 * database against a checkpoint published earlier (kept outside the database): its signature
 * under the council's key (the file given, else the one AUDIT_SIGNING_KEY_FILE names), and each
 * chain, as long as it was then, against the head signed. Exits 1 on any difference.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import type { WebhookFanOutService } from '../libs/webhooks/webhook-fan-out.service';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { VerifyBatchPool } from '../libs/audit/verify-batch-pool.service';
import { AuditRepository } from '../libs/audit/audit.repository';
import {
  auditSigningKey,
  PublishedCheckpoint,
  publicKeyFrom,
} from '../libs/audit/checkpoint-key.service';
import { loadSettings } from '../libs/config/settings.service';
import { openProductDatabase } from '../libs/database/database-bootstrap.service';
import { withTenant } from '../libs/core/tenant-context.service';
import { tenantScope } from '../libs/core/tenant-scope';

async function checkpointFrom(where: string): Promise<PublishedCheckpoint> {
  const text = /^https?:\/\//.test(where)
    ? await (await fetch(where)).text()
    : readFileSync(where, 'utf8');
  return JSON.parse(text) as PublishedCheckpoint;
}

async function webhookFanOut(ds: DataSource): Promise<WebhookFanOutService> {
  const [{ WebhookFanOutService: FanOut }, { SystemClock }, facts, hooks] = await Promise.all([
    import('../libs/webhooks/webhook-fan-out.service.js'),
    import('../libs/core/clock.service.js'),
    import('../libs/webhooks/webhook-facts.repository.js'),
    import('../libs/webhooks/webhook.repository.js'),
  ]);
  return new FanOut(
    ds,
    new SystemClock(),
    new facts.WebhookFactsRepository(),
    new hooks.WebhookRepository(),
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { checkpoint: { type: 'string' }, 'public-key': { type: 'string' } },
    strict: true,
  });
  const settings = loadSettings();
  // The council's key (the file given, else the one AUDIT_SIGNING_KEY_FILE names): a checkpoint
  // and every redacted link's statement must be signed with it (docs/adr/0020).
  const trusted = values['public-key']
    ? publicKeyFrom(readFileSync(values['public-key'], 'utf8').trim())
    : auditSigningKey(settings).publicKey;
  // The worker threads start (each loads its own modules) while this one opens the database.
  const pool = VerifyBatchPool.open(trusted);
  const db = await openProductDatabase(settings, () => undefined).catch(async (e: unknown) => {
    await pool.close();
    throw e;
  });
  try {
    // This command is its own composition root: it wires by hand what it runs.
    const audit = new AuditRepository();
    const results = await new VerifyAuditUseCase(db.dataSource, audit, {
      publicKey: trusted,
    }).verifyAll(undefined, pool);
    await pool.close();
    let webhooks: WebhookFanOutService | null = null;
    let broken = 0;
    for (const r of results) {
      if (r.finding.ok) continue;
      broken++;
      // Loaded on the first break only: the fan-out requires every template (xstate, the bank
      // holidays), a third of the tool's start-up (issue #21).
      const fanOut = (webhooks ??= await webhookFanOut(db.dataSource));
      const f = r.finding;
      console.log(
        `BROKEN case ${r.reference} (id ${r.caseId}): record ${f.atSeq} ${f.problem} (${f.detail})`,
      );
      // Subscribers to audit.verify_failed hear of each break once (the worker delivers it),
      // queued bound to the case's council (ADR 0015).
      await withTenant(r.tenantId, () => fanOut.auditBroken(tenantScope(r.tenantId), r.caseId, f));
    }
    console.log(`${results.length} case chains verified, ${broken} broken.`);
    if (!values.checkpoint) return broken === 0 ? 0 : 1;

    const cp = await checkpointFrom(values.checkpoint);
    const { VerifyCheckpointUseCase } = await import('../libs/audit/verify-checkpoint.use-case.js');
    const { AuditCheckpointRepository } =
      await import('../libs/audit/audit-checkpoint.repository.js');
    // A checkpoint is one council's (statement.council): its chains are read bound to it.
    const problems = await withTenant(cp.statement.council, () =>
      new VerifyCheckpointUseCase(db.dataSource, new AuditCheckpointRepository(), audit).verify(
        cp,
        trusted,
      ),
    );
    for (const p of problems)
      console.log(
        `CHECKPOINT ${p.problem}${p.caseId ? ` case ${p.caseId}: record ${p.atSeq}` : ''}: ${p.detail}`,
      );
    console.log(
      `checkpoint of ${cp.statement.madeAt} (${cp.statement.treeSize} cases, root ${cp.statement.rootHash}): ${problems.length === 0 ? 'every chain matches it' : `${problems.length} differences`}.`,
    );
    return broken === 0 && problems.length === 0 ? 0 : 1;
  } finally {
    await pool.close();
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
