import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Each time a link's page was fetched (by the person or by a mail scanner), for the certificate of
 * completion. A view never changes the case.
 */
@Entity({ name: 'action_link_views' })
@Index(['linkId'])
export class ActionLinkView {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId!: string;

  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'viewed_at', type: 'timestamptz' })
  viewedAt!: Date;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;
}
