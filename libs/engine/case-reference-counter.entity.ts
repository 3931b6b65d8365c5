import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last number a council gave a case's reference in a year (docs/adr/0038): the next opening
 * takes it plus one, row-locked in its own transaction, so that two cases never share a reference.
 */
@Entity({ name: 'case_reference_counters' })
export class CaseReferenceCounter {
  @PrimaryColumn({
    name: 'tenant_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_case_reference_counters',
  })
  tenantId!: string;

  /** The year the cases opened, in London. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_case_reference_counters' })
  year!: number;

  @Column({ name: 'last_number', type: 'integer' })
  lastNumber!: number;
}
