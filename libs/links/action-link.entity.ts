import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ActionLinkStatus = 'open' | 'consumed' | 'voided';

/**
 * A one-time link in an email that lets one person answer one approval request. Only the
 * SHA-256 of its token is stored; the token is derived from the link id with a server secret so a
 * redelivered email carries the same link.
 */
@Entity({ name: 'action_links' })
@Index(['caseId', 'personId', 'status'])
export class ActionLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** The role the person answers in, e.g. chiefExecutive. */
  @Column({ type: 'text' })
  role!: string;

  /** The request the email made, e.g. agreement-requested. */
  @Column({ type: 'text' })
  request!: string;

  /** The answers this link may give: approve, approveWithComments, reject, declareInterest. */
  @Column({ name: 'allowed_responses', type: 'text', array: true })
  allowedResponses!: string[];

  /** The documents (name and SHA-256) the person is asked about, as they were when the link was made. */
  @Column({ name: 'document_hashes', type: 'jsonb' })
  documentHashes!: unknown;

  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ type: 'text' })
  status!: ActionLinkStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  /** What was recorded through the link, or why it was voided. */
  @Column({ type: 'jsonb', nullable: true })
  outcome!: unknown;
}
