import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The personal evidence of one answer by email link (IP address, browser, the email a step-up
 * proved), outside the audit chain: the chain's link for the answer (case, seq) holds only a
 * salted commitment to it (evidence-commitment.service.ts, docs/adr/0020). Retention erases the
 * content and the salt at the evidence's date; the row stays to say when and under which rule.
 * Rows copied from links written before the cut-over say so (`inChain`): their content is in the
 * chain's link too, which is never changed.
 */
@Entity({ name: 'response_evidence' })
@Index('IDX_response_evidence_case_seq', ['tenantId', 'caseId', 'seq'], { unique: true })
export class ResponseEvidence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_response_evidence' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The audit link (of the case's chain) the evidence belongs to. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId!: string | null;

  /** { ip, userAgent, stepUpEmail? }; null once erased. */
  @Column({ type: 'jsonb', nullable: true })
  content!: unknown;

  /** The commitment's key (base64url); null once erased, and for rows copied from old links. */
  @Column({ type: 'text', nullable: true })
  salt!: string | null;

  /** True for a row copied from a link written before the cut-over, whose content the chain also holds. */
  @Column({ name: 'in_chain', type: 'boolean', default: false })
  inChain!: boolean;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;
}
