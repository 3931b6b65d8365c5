import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseViewService } from '../engine/case-view.service';
import type { Queryable } from '../core/queryable';
import { findTemplate, listTemplates } from '../workflows/template.registry';
import type { ForwardPlanListing } from './forward-plan-listing';
import { ForwardPlanRepository, type EditionRow } from './forward-plan.repository';

/** The templates whose cases may lead to a key decision: those that declare it (never an id here). */
export function keyDecisionTemplateIds(): string[] {
  return [...new Set(listTemplates().flatMap((t) => (t.keyDecisions ? [t.id] : [])))];
}

/**
 * The forward plan read: the draft generated from the council's open cases (what publishing now
 * would list), the latest published edition (what the public reads) and every edition (history).
 */
@Injectable()
export class ForwardPlanService {
  readonly repository = new ForwardPlanRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly views: CaseViewService,
  ) {}

  async tenantBySlug(slug: string): Promise<{ tenantId: string; name: string } | null> {
    const rows: { tenant_id: string; name: string }[] = await this.ds.query(
      'SELECT tenant_id, name FROM tenants WHERE slug = $1',
      [slug],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, name: rows[0].name } : null;
  }

  /** Every open case that will lead to a key decision, with its particulars, soonest first. */
  async draft(tenantId: string, q: Queryable = this.ds.manager): Promise<ForwardPlanListing[]> {
    return (await this.draftWithEvents(tenantId, q)).map((l) => l.listing);
  }

  /** The draft, each listing with the event that tells its case the plan was published. */
  async draftWithEvents(
    tenantId: string,
    q: Queryable = this.ds.manager,
  ): Promise<{ listing: ForwardPlanListing; publishedEvent: string }[]> {
    const ids = await this.repository.openCases(q, tenantId, keyDecisionTemplateIds());
    const first = await this.repository.firstPublications(q, tenantId);
    const listings: { listing: ForwardPlanListing; publishedEvent: string }[] = [];
    for (const id of ids) {
      const view = await this.views.get(tenantId, id);
      const keyDecisions = findTemplate(view.template.id, view.template.version)?.keyDecisions;
      const particulars = keyDecisions?.particulars(view.context);
      if (!keyDecisions || !particulars) continue;
      const maker = view.roles[keyDecisions.decisionMakerRole];
      listings.push({
        listing: {
          caseId: id,
          title: view.title,
          particulars,
          decisionMaker: {
            name: maker?.person?.name ?? null,
            actingAs: maker?.actingAs ?? maker?.label ?? 'not yet named',
          },
          firstPublishedOn: first.get(id) ?? null,
        },
        publishedEvent: keyDecisions.publishedEvent,
      });
    }
    return listings.sort(
      (a, b) =>
        expectedFrom(a.listing).localeCompare(expectedFrom(b.listing)) ||
        a.listing.title.localeCompare(b.listing.title),
    );
  }

  latest(tenantId: string): Promise<EditionRow | null> {
    return this.repository.latest(this.ds.manager, tenantId);
  }

  editions(tenantId: string): Promise<EditionRow[]> {
    return this.repository.editions(this.ds.manager, tenantId);
  }

  edition(tenantId: string, id: string): Promise<EditionRow | null> {
    return this.repository.edition(this.ds.manager, tenantId, id);
  }
}

/** The first day a decision may be taken on, for ordering. */
export function expectedFrom(l: ForwardPlanListing): string {
  const e = l.particulars.expected;
  return 'on' in e ? e.on : e.from;
}
