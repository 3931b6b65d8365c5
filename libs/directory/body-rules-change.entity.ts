import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A body's rules from a day on (issue #10): the history of its quorum, decision, notice,
 * substitution and delegation rules, so that each meeting is judged by the rules in force on its
 * date. A body's first rules have no day (null): they are its rules from when it was set up, which
 * the directory never dated. One set of rules per body per day; who recorded it, when and why
 * beside it (and on the directory's change chain).
 */
@Entity({ name: 'body_rules' })
@Index('UQ_body_rules_body_day', ['tenantId', 'bodyId', 'inForceFrom'], { unique: true })
// One undated row per body: the index above lets NULLs repeat.
@Index('UQ_body_rules_first', ['tenantId', 'bodyId'], {
  unique: true,
  where: '"in_force_from" IS NULL',
})
export class BodyRulesChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId!: string;

  /** The first day these rules apply (London); null: from when the body was set up. */
  @Column({ name: 'in_force_from', type: 'date', nullable: true })
  inForceFrom!: string | null;

  /** The rules as libs/governance/body-rules.schema.ts reads them. */
  @Column({ type: 'jsonb' })
  rules!: unknown;

  /** Why they changed, in the administrator's words (a minute, a new terms of reference). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Who recorded them: a person (id, name) or a tool (as on the directory's change chain). */
  @Column({ name: 'recorded_by', type: 'jsonb' })
  recordedBy!: unknown;
}
