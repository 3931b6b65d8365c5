import { MigrationInterface, QueryRunner } from 'typeorm';

const BOUND = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/** Every column of an audit link but its event: what a redaction may never change. */
const FIXED = [
  'id',
  'tenant_id',
  'case_id',
  'seq',
  'recorded_at',
  'actor',
  'authority',
  'from_state',
  'to_state',
  'prev_hash',
  'hash',
  'txid',
];
const row = (r: string) => `(${FIXED.map((c) => `${r}.${c}`).join(', ')})`;

/**
 * Signed redactions of audit links written before the answer-evidence cut-over (docs/adr/0020):
 * such a link still holds an answer's IP address, browser and step-up email. Retention replaces
 * its event with the event less those fields, and only where a redaction statement for that one
 * link says exactly what the event becomes (`redacted_event`), signed with the checkpoint key
 * (kept outside the database: whoever controls the database can write a row here but cannot sign
 * one, and verifyChain checks the signature). The link's hash and every other column stay, so no
 * later hash, checkpoint, webhook or certificate changes.
 *
 * The table is append-only for the runtime role, bound to its council like every other (ADR
 * 0015); the runtime role may UPDATE audit_records' event column alone, and the append-only
 * trigger lets through an UPDATE that changes nothing but the event, to the redacted event a
 * statement names; every other UPDATE, DELETE or TRUNCATE is refused as before.
 */
export class RedactAnswerEvidenceInOldLinks1796398000000 implements MigrationInterface {
  name = 'RedactAnswerEvidenceInOldLinks1796398000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_redactions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "seq" integer NOT NULL,
      "record_id" bigint NOT NULL,
      "redacted_event" jsonb NOT NULL,
      "signed" jsonb NOT NULL,
      "made_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_audit_redactions" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE UNIQUE INDEX "IDX_audit_redactions_record" ON "audit_redactions" ("tenant_id", "record_id")',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_audit_redactions_case_seq" ON "audit_redactions" ("tenant_id", "case_id", "seq")',
    );
    await q.query(
      `ALTER TABLE "audit_redactions" ADD CONSTRAINT "FK_tenant_audit_redactions_case_id" FOREIGN KEY ("tenant_id", "case_id") REFERENCES "cases" ("tenant_id", "id")`,
    );
    const table = 'audit_redactions';
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
    await q.query(`REVOKE UPDATE, DELETE ON "${table}" FROM ratify_runtime`);
    await q.query('GRANT UPDATE ("event") ON "audit_records" TO ratify_runtime');
    await q.query(`CREATE OR REPLACE FUNCTION audit_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND ${row('NEW')} IS NOT DISTINCT FROM ${row('OLD')}
           AND EXISTS (SELECT 1 FROM audit_redactions r
                        WHERE r.tenant_id = OLD.tenant_id AND r.record_id = OLD.id
                          AND r.case_id = OLD.case_id AND r.seq = OLD.seq
                          AND r.redacted_event = NEW.event) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION audit_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query('REVOKE UPDATE ("event") ON "audit_records" FROM ratify_runtime');
    await q.query('DROP TABLE "audit_redactions"');
  }
}
