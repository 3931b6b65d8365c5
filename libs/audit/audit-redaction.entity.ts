import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed redaction of one audit link written before the answer-evidence cut-over
 * (docs/adr/0020): the link's event less the answer's IP address, browser and step-up email
 * (`redactedEvent`), and the statement vouching for it, signed with the checkpoint key
 * (audit-redaction.service.ts). The database lets the link's event become `redactedEvent` and
 * nothing else (migration 1796398000000); verifyChain accepts the link's kept hash for it only
 * when the signature checks. Append-only for the runtime role.
 */
@Entity({ name: 'audit_redactions' })
@Index('IDX_audit_redactions_record', ['tenantId', 'recordId'], { unique: true })
@Index('IDX_audit_redactions_case_seq', ['tenantId', 'caseId', 'seq'], { unique: true })
export class AuditRedaction {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_audit_redactions' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  /** audit_records.id of the link redacted. */
  @Column({ name: 'record_id', type: 'bigint' })
  recordId!: string;

  @Column({ name: 'redacted_event', type: 'jsonb' })
  redactedEvent!: unknown;

  /** The SignedRedaction: statement, Ed25519 signature, public key and key id. */
  @Column({ type: 'jsonb' })
  signed!: unknown;

  @Column({ name: 'made_at', type: 'timestamptz' })
  madeAt!: Date;
}
