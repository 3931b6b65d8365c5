import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The words of cases in the staff search's order (migration 1796441900000 keeps the case's
 * updated_at beside each word): "IDX_case_words_order" replaces "IDX_case_words_word", serving
 * every read that one served.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheWordsOfCasesInOrder1796441950000 implements MigrationInterface {
  name = 'IndexTheWordsOfCasesInOrder1796441950000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_case_words_order',
      table: 'case_words',
      on: '("tenant_id", "word", "updated_at" DESC, "case_id")',
    });
    await dropIndexOnline(q, 'IDX_case_words_word');
  }

  public async down(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_case_words_word',
      table: 'case_words',
      on: '("tenant_id", "word", "case_id")',
    });
    await dropIndexOnline(q, 'IDX_case_words_order');
  }
}
