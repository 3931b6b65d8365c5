import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A word of a decision the public register lists, one row each (the words its search finds it
 * by: reference, item title, decision, case title; the withheld words for an exempt one). Kept by
 * a trigger on cases in the statement that writes the snapshot (migration 1796441000000), never
 * written by the app; read by prefix, with conditions row-level security lets an index serve
 * (docs/adr/0054). Byte order ("C"), so that a word's prefix is a range of the index.
 */
@Entity({ name: 'register_words' })
@Index('IDX_register_words_case', ['tenantId', 'caseId', 'word'])
export class RegisterWord {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid', primaryKeyConstraintName: 'PK_register_words' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text', collation: 'C', primaryKeyConstraintName: 'PK_register_words' })
  word!: string;

  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'PK_register_words' })
  caseId!: string;
}
