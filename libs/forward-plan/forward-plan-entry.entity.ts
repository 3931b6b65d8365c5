import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A case's first appearance in a published forward plan: the day its key decision's 28 clear days
 * count from, and what "new since" reads.
 */
@Entity({ name: 'forward_plan_entries' })
export class ForwardPlanEntry {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'first_edition_id', type: 'uuid' })
  firstEditionId!: string;

  @Column({ name: 'first_published_on', type: 'date' })
  firstPublishedOn!: string;
}
