import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * The personal evidence of answers by email link (IP address, browser, the email a step-up
 * proved) kept outside the audit chain, whose links from now on hold only a salted commitment to
 * it (docs/adr/0020), bound to its council like every other table (ADR 0015).
 *
 * A cut-over, not a rewrite: links already written are never changed (the database refuses it,
 * and their hashes are in signed checkpoints, webhooks and certificates), so they keep their
 * evidence and verify as before. Their evidence is copied here (`in_chain`), so that one table
 * lists every answer's evidence and retention erases it in one place, and says of the old links
 * that the chain still holds it.
 */
export class KeepAnswerEvidenceOutsideTheChain1796394236896 implements MigrationInterface {
  name = 'KeepAnswerEvidenceOutsideTheChain1796394236896';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "response_evidence" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "seq" integer NOT NULL,
      "link_id" uuid,
      "content" jsonb,
      "salt" text,
      "in_chain" boolean NOT NULL DEFAULT false,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "erased_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_response_evidence" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_response_evidence_case_seq" ON "response_evidence" ("tenant_id", "case_id", "seq") ',
    );
    await q.query(
      `ALTER TABLE "response_evidence" ADD CONSTRAINT "FK_tenant_response_evidence_case_id" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id")`,
    );
    const table = 'response_evidence';
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
    // The old links' evidence, copied (their links keep it: the chain is never rewritten).
    await q.query(`INSERT INTO "response_evidence" (tenant_id, case_id, seq, link_id, content, in_chain, recorded_at)
      SELECT a.tenant_id, a.case_id, a.seq,
             CASE WHEN a.event->'evidence'->>'linkId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                  THEN (a.event->'evidence'->>'linkId')::uuid END,
             jsonb_strip_nulls(jsonb_build_object(
               'ip', a.event->'evidence'->'ip',
               'userAgent', a.event->'evidence'->'userAgent',
               'stepUpEmail', a.event->'evidence'->'stepUp'->'email')),
             true, a.recorded_at
        FROM audit_records a
       WHERE jsonb_typeof(a.event->'evidence') = 'object' AND NOT (a.event->'evidence' ? 'personal')
       ORDER BY a.id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "response_evidence"');
  }
}
