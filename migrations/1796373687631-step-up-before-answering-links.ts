import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Step-up before an answer by email link is recorded (issue #16 item 4, docs/adr/0016): each
 * attempt to prove who answers, by the organisation's sign-in or by a code emailed separately.
 */
export class StepUpBeforeAnsweringLinks1796373687631 implements MigrationInterface {
  name = 'StepUpBeforeAnsweringLinks1796373687631';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "link_step_ups" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "link_id" uuid NOT NULL,
      "method" text NOT NULL,
      "browser_key_hash" text,
      "provider_id" uuid,
      "state" text,
      "nonce" text,
      "code_verifier" text,
      "code_hash" text,
      "attempts" integer NOT NULL DEFAULT 0,
      "sent_to" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "verified_at" TIMESTAMP WITH TIME ZONE,
      "verified_email" text,
      "answered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_link_step_ups" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_link_step_ups_link" ON "link_step_ups" ("link_id", "created_at") ',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "link_step_ups"');
  }
}
