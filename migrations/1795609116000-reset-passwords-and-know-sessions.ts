import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset by emailed link (issue #16): a password link says whether it sets a first
 * password or resets a forgotten one (the page's words differ; the token discipline does not).
 * Sessions keep the browser they were started in and when they were last seen, so that a person
 * can recognise and end them.
 */
export class ResetPasswordsAndKnowSessions1795609116000 implements MigrationInterface {
  name = 'ResetPasswordsAndKnowSessions1795609116000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "password_links" ADD "purpose" text NOT NULL DEFAULT 'set'`);
    await q.query('ALTER TABLE "staff_sessions" ADD "user_agent" text');
    await q.query('ALTER TABLE "staff_sessions" ADD "last_seen_at" TIMESTAMP WITH TIME ZONE');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "staff_sessions" DROP COLUMN "last_seen_at"');
    await q.query('ALTER TABLE "staff_sessions" DROP COLUMN "user_agent"');
    await q.query('ALTER TABLE "password_links" DROP COLUMN "purpose"');
  }
}
