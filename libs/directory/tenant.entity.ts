import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A council area using Ratify: the council, its NHS partners and their boards. */
@Entity({ name: 'tenants' })
export class Tenant {
  /** Named tenant_id so that every row, this one included, carries a tenant_id. */
  @PrimaryGeneratedColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  /**
   * Bumped by triggers whenever the tenant's offices, delegations, people or bodies change, so that
   * a cached directory is never used once it could be stale.
   */
  @Column({ name: 'directory_version', type: 'bigint', default: 0 })
  directoryVersion!: string;

  /** The council's settings for the rules (libs/governance/council-settings.service.ts). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: unknown;

  /** How many directory changes the tenant's chain holds, and the last one's hash. */
  @Column({ name: 'directory_changes', type: 'integer', default: 0 })
  directoryChanges!: number;

  /**
   * Moved by a trigger whenever who the council's absences say is away changes, so that the
   * council's row is a new tuple then (libs/engine/case.repository.ts, a kept case's send state).
   */
  @Column({ name: 'absence_changes', type: 'bigint', default: 0 })
  absenceChanges!: string;

  @Column({ name: 'directory_change_head', type: 'text', default: () => "repeat('0', 64)" })
  directoryChangeHead!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
