import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One thing being signed off or decided. The workflow's state lives in `snapshot` (xstate's
 * persisted snapshot); `version` is the optimistic lock every change must present.
 */
@Entity({ name: 'cases' })
// Lists read newest change first (updated_at DESC): written by its migration, not synchronised.
@Index('IDX_cases_tenant_updated', { synchronize: false })
// Overdue lists read the overdue cases alone (a partial index): written by its migration too.
@Index('IDX_cases_overdue', { synchronize: false })
// The public register reads the decisions it lists in its order, and by key decision, by the
// columns a trigger keeps (partial indexes, migrations 1796441100000 and 1796441200000; ADR 0054).
@Index('IDX_cases_register_on', { synchronize: false })
@Index('IDX_cases_register_key', { synchronize: false })
// The public register reads the published decisions alone (a partial index, migration 1796412000000).
@Index('IDX_cases_published_decisions', { synchronize: false })
// ...and the decisions it lists, in its order, by key decision and by their words' trigrams
// (partial indexes on its own predicate, migrations 1796440100000 to 1796440300000).
@Index('IDX_cases_register', { synchronize: false })
@Index('IDX_cases_register_key_decision', { synchronize: false })
@Index('IDX_cases_register_words', { synchronize: false })
// The dashboard counts open cases by state from the open cases' states alone (migration 1796441400000).
@Index('IDX_cases_open_stage', { synchronize: false })
// ...and lists one stage's open cases by the top state a trigger keeps (migration 1796442050000).
@Index('IDX_cases_open_top_state', { synchronize: false })
// audit:verify reads a council's cases in the order they were made (migration 1796433000000).
@Index('IDX_cases_tenant_created', { synchronize: false })
// A case's reference is its council's alone (docs/adr/0038).
@Index('IDX_cases_tenant_reference', ['tenantId', 'reference'], { unique: true })
@Check('CHK_cases_lifecycle_status', `"lifecycle_status" IN ('active', 'paused', 'withdrawn')`)
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** What people read and type: "SCC-2026-0042" (libs/governance/case-reference.service.ts). */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'template_id', type: 'text' })
  templateId!: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  snapshot!: unknown;

  /** The state as one dotted string, so that lists can filter on it without reading snapshots. */
  @Column({ name: 'state_key', type: 'text' })
  stateKey!: string;

  /** The state in plain words, as the workflow template describes it. */
  @Column({ type: 'text' })
  summary!: string;

  /** The people whose action the case waits for (kept one a row in case_awaits, which lists read). */
  @Column({ name: 'awaiting_person_ids', type: 'uuid', array: true, default: () => "'{}'" })
  awaitingPersonIds!: string[];

  /** Who holds each role on this case: offices, delegations, the case officer. */
  @Column({ type: 'jsonb' })
  roles!: unknown;

  /** The dates the workflow works to (submission deadline, expected assurance, noting deadline). */
  @Column({ type: 'jsonb' })
  dates!: unknown;

  /**
   * The hash of the definition of the template version the case opened on (its first audit record
   * says it too); NULL for cases opened before cases recorded it.
   */
  @Column({ name: 'definition_hash', type: 'text', nullable: true })
  definitionHash!: string | null;

  /** The hash of the last link of the case's audit chain, advanced with the version. */
  @Column({ name: 'audit_head', type: 'text', default: '' })
  auditHead!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** Around the workflow (ADR 0012): active, paused or withdrawn; the machine never sees it. */
  @Column({ name: 'lifecycle_status', type: 'text', default: 'active' })
  lifecycleStatus!: 'active' | 'paused' | 'withdrawn';

  /** When the case was last paused or withdrawn; null while it has only ever been active. */
  @Column({ name: 'lifecycle_since', type: 'timestamptz', nullable: true })
  lifecycleSince!: Date | null;

  /** Why it was paused or withdrawn, in the officer's words. */
  @Column({ name: 'lifecycle_reason', type: 'text', nullable: true })
  lifecycleReason!: string | null;

  /**
   * The publication date of a decision the public register lists, null for every other case; kept
   * from the snapshot by a trigger in the statement that writes it (migration 1796441000000), never
   * written by the app. A column so that the register's conditions on it are leakproof (ADR 0054).
   */
  @Column({
    name: 'register_published_on',
    type: 'text',
    nullable: true,
    insert: false,
    update: false,
    select: false,
  })
  registerPublishedOn!: string | null;

  /** A listed decision's key-decision answer (true, false, or null if neither), kept likewise. */
  @Column({
    name: 'register_key_decision',
    type: 'boolean',
    nullable: true,
    insert: false,
    update: false,
    select: false,
  })
  registerKeyDecision!: boolean | null;

  /**
   * The top-level state ("preSubmission" of "preSubmission.agreement.ceo;…"), kept from state_key
   * by a trigger in the statement that writes it (migration 1796442000000), never written by the
   * app: a column so that the dashboard's stage is an index's leakproof `=` (docs/adr/0053).
   */
  @Column({
    name: 'top_state',
    type: 'text',
    nullable: true,
    insert: false,
    update: false,
    select: false,
  })
  topState!: string | null;
}
