import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The words of cases without the order (issue #21): "IDX_case_words_word" (tenant, word, case)
 * replaces "IDX_case_words_order" (tenant, word, updated_at DESC, case), which every event wrote
 * into for each of its case's 10-11 words. The staff search now takes the list's order from the
 * cases' own IDX_cases_tenant_updated (CaseSearchRepository.pageByWords), and migration
 * 1796442950000 stops the rows following updated_at. Built before that one, so that a process of
 * the build before reads its words in order, by a sort, until it stops.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheWordsOfCasesUnordered1796442900000 implements MigrationInterface {
  name = 'IndexTheWordsOfCasesUnordered1796442900000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_case_words_word',
      table: 'case_words',
      on: '("tenant_id", "word", "case_id")',
    });
    await dropIndexOnline(q, 'IDX_case_words_order');
  }

  public async down(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_case_words_order',
      table: 'case_words',
      on: '("tenant_id", "word", "updated_at" DESC, "case_id")',
    });
    await dropIndexOnline(q, 'IDX_case_words_word');
  }
}
