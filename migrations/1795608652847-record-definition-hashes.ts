import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each case records the hash of the definition of the template version it opened on
 * (libs/workflows/template-definition.service.ts), as its first audit record does. Cases opened
 * before keep NULL: their version is known by its number, and its definition is the one checked in.
 */
export class RecordDefinitionHashes1795608652847 implements MigrationInterface {
  name = 'RecordDefinitionHashes1795608652847';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "cases" ADD "definition_hash" text');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "cases" DROP COLUMN "definition_hash"');
  }
}
