import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One export of a council's records (the whole council's, or one person's for a subject access
 * request): who asked, when, how, and the manifest's hash. An export carries personal data, so the
 * council keeps this record of every one. Append-only for the runtime role.
 */
@Entity({ name: 'data_exports' })
@Index('IDX_data_exports_tenant_requested', ['tenantId', 'requestedAt'])
export class DataExport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_data_exports' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** 'council' (every record) or 'person' (a subject access export). */
  @Column({ type: 'text' })
  kind!: string;

  /** The person a subject access export is about (their email, as asked); null for the council's. */
  @Column({ name: 'subject_email', type: 'text', nullable: true })
  subjectEmail!: string | null;

  /** Who asked: a person (id, name) or the command line (its tool and the operating system's user). */
  @Column({ name: 'requested_by', type: 'jsonb' })
  requestedBy!: unknown;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** 'command', 'api' or 'page'. */
  @Column({ type: 'text' })
  channel!: string;
}
