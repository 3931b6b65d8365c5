import { MigrationInterface, QueryRunner } from 'typeorm';

/** Meetings of bodies: agenda items, attendance, declarations of interest, votes, outcomes, minutes approvals. */
export class AddMeetings1795604369914 implements MigrationInterface {
  name = 'AddMeetings1795604369914';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "agenda_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "case_id" uuid, "key_decision" boolean NOT NULL, "forward_plan_published_on" date, "part2_reasons" text, "private_notice_published_on" date, "report_published_on" date, CONSTRAINT "PK_7274c40301175b4b4b347820d0c" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_0b12010186eef1a28a809b67f2" ON "agenda_items"  ("tenant_id", "meeting_id", "position") ',
    );
    await q.query(
      'CREATE TABLE "interest_declarations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "item_id" uuid NOT NULL, "person_id" uuid NOT NULL, "kind" text NOT NULL, "details" text NOT NULL, "dispensation" jsonb, "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_25c963c6c45a367f8c7156afd40" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "IDX_b70fdfb5efc31a00be7ca83093" ON "interest_declarations"  ("tenant_id", "item_id") ',
    );
    await q.query(
      'CREATE TABLE "item_outcomes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "item_id" uuid NOT NULL, "outcome" text NOT NULL, "tally" jsonb NOT NULL, "explanation" jsonb NOT NULL, "quorum_explanation" jsonb NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_39771886e5ee8b1e3052b1f4e9a" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_1f38ebc22f07d8ca67766b6549" ON "item_outcomes"  ("tenant_id", "item_id") ',
    );
    await q.query(
      'CREATE TABLE "meeting_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, "status" text NOT NULL, "substitute_for" uuid, CONSTRAINT "PK_1ece13054cdfcd65f8487e71267" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_5795ebdf1a1060f9ca250576f5" ON "meeting_attendance"  ("tenant_id", "meeting_id", "person_id") ',
    );
    await q.query(
      'CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "body_id" uuid NOT NULL, "meeting_date" date NOT NULL, "title" text NOT NULL, "agenda_published_on" date, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE INDEX "IDX_6eb604df8c53ec72f093a73bf1" ON "meetings"  ("tenant_id", "body_id", "meeting_date") ',
    );
    await q.query(
      'CREATE TABLE "minutes_approvals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "previous_meeting_id" uuid NOT NULL, "amendments" jsonb NOT NULL, "quorum_explanation" jsonb NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_94478086f1d010843db553bf6c6" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_0c679c15b02c1026f9f5815b1f" ON "minutes_approvals"  ("tenant_id", "previous_meeting_id") ',
    );
    await q.query(
      'CREATE TABLE "votes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "item_id" uuid NOT NULL, "person_id" uuid NOT NULL, "hand" text NOT NULL, CONSTRAINT "PK_f3d9fd4a0af865152c3f59db8ff" PRIMARY KEY ("id"))',
    );
    await q.query(
      'CREATE UNIQUE INDEX "IDX_fd9ed7adefa9ad45d7f6bec4b1" ON "votes"  ("tenant_id", "item_id", "person_id") ',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "public"."IDX_fd9ed7adefa9ad45d7f6bec4b1"');
    await q.query('DROP TABLE "votes"');
    await q.query('DROP INDEX "public"."IDX_0c679c15b02c1026f9f5815b1f"');
    await q.query('DROP TABLE "minutes_approvals"');
    await q.query('DROP INDEX "public"."IDX_6eb604df8c53ec72f093a73bf1"');
    await q.query('DROP TABLE "meetings"');
    await q.query('DROP INDEX "public"."IDX_5795ebdf1a1060f9ca250576f5"');
    await q.query('DROP TABLE "meeting_attendance"');
    await q.query('DROP INDEX "public"."IDX_1f38ebc22f07d8ca67766b6549"');
    await q.query('DROP TABLE "item_outcomes"');
    await q.query('DROP INDEX "public"."IDX_b70fdfb5efc31a00be7ca83093"');
    await q.query('DROP TABLE "interest_declarations"');
    await q.query('DROP INDEX "public"."IDX_0b12010186eef1a28a809b67f2"');
    await q.query('DROP TABLE "agenda_items"');
  }
}
