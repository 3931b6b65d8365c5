import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { bindTenant } from '../core/tenant-context.service';
import { DirectoryRepository, type RoleHolder } from '../directory/directory.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { TemplateVersionNotInThisBuildError } from '../errors/domain.errors';
import type { RoleBinding } from '../governance/authority.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { findTemplate, listTemplates } from '../workflows/template.registry';
import type {
  DraftListing,
  ForwardPlanListing,
  ForwardPlanListingOfNewerBuild,
} from './forward-plan-listing';
import {
  ForwardPlanRepository,
  type EditionRow,
  type OpenCaseRow,
} from './forward-plan.repository';
import { tenantScope } from '../core/tenant-scope';

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
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    readonly repository: ForwardPlanRepository,
    private readonly directory: DirectoryRepository,
    private readonly tenants: TenantRepository,
  ) {}

  /**
   * The council that publishes at `slug`, the scope of the request bound to it from here on
   * (ADR 0015), as the register's is: the public plan's rows are that council's alone.
   */
  async tenantBySlug(slug: string): Promise<{ tenantId: string; name: string } | null> {
    const council = await this.tenants.councilBySlug(
      acrossCouncils('council look-up'),
      this.ds.manager,
      slug,
    );
    if (council) bindTenant(council.tenantId);
    return council;
  }

  /** The council's name and the slug of its public pages. */
  tenantOf(tenantId: string): Promise<{ name: string; slug: string } | null> {
    return this.repository.council(tenantScope(tenantId), this.ds.manager);
  }

  /**
   * Every open case that will lead to a key decision, with its particulars, soonest first; one on
   * a template version this build lacks in its place as the latest edition listed it, or last.
   */
  async draft(tenantId: string, m: EntityManager = this.ds.manager): Promise<DraftListing[]> {
    const { listings, newer, first } = await this.read(tenantId, m);
    if (newer.length === 0) return listings.map((l) => l.listing);
    const published = new Map(
      ((await this.repository.latest(tenantScope(tenantId), m))?.entries ?? []).map((l) => [
        l.caseId,
        l,
      ]),
    );
    const waiting = newer.map((row): ForwardPlanListingOfNewerBuild => {
      const listed = published.get(row.id);
      return {
        notInThisBuild: true,
        caseId: row.id,
        reference: row.reference,
        title: row.title,
        ...(listed ? { particulars: listed.particulars, decisionMaker: listed.decisionMaker } : {}),
        firstPublishedOn: first.get(row.id) ?? null,
      };
    });
    return [...listings.map((l) => l.listing), ...waiting].sort(soonestFirst);
  }

  /**
   * The draft, each listing with the event that tells its case the plan was published. A case on
   * a template version this build lacks refuses it (503, as its case would): this build can
   * neither tell it the day nor say what an edition should list of it, and an edition that left it
   * out would be published without a key decision it must list.
   */
  async draftWithEvents(
    tenantId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<{ listing: ForwardPlanListing; publishedEvent: string }[]> {
    const { listings, newer } = await this.read(tenantId, m);
    const [one] = newer;
    if (one)
      throw new TemplateVersionNotInThisBuildError(one.id, one.templateId, one.templateVersion);
    return listings;
  }

  /**
   * The listings this build reads, and the open cases on a version it lacks. A bounded number of
   * queries however many cases are open (issue #17 item 6): the cases in one, their first
   * publications in one, and their decision makers in one read of the directory per case officer
   * whose cases bind the role to "the officers" (one in all otherwise).
   */
  private async read(
    tenantId: string,
    m: EntityManager,
  ): Promise<{
    listings: { listing: ForwardPlanListing; publishedEvent: string }[];
    newer: OpenCaseRow[];
    first: Map<string, string>;
  }> {
    const rows = await this.repository.openCases(
      tenantScope(tenantId),
      m,
      keyDecisionTemplateIds(),
    );
    const first = await this.repository.firstPublications(tenantScope(tenantId), m);
    const newer = rows.filter((row) => !findTemplate(row.templateId, row.templateVersion));
    const listed = rows.flatMap((row) => {
      const template = findTemplate(row.templateId, row.templateVersion);
      const keyDecisions = template?.keyDecisions;
      const particulars = keyDecisions?.particulars(row.context);
      return template && keyDecisions && particulars
        ? [
            {
              row,
              keyDecisions,
              particulars,
              label: template.roles[keyDecisions.decisionMakerRole]?.label,
            },
          ]
        : [];
    });
    const makers = await this.decisionMakers(
      m,
      tenantId,
      listed.map((l) => ({
        caseId: l.row.id,
        caseOfficerId: l.row.createdBy,
        binding: l.row.roles[l.keyDecisions.decisionMakerRole],
      })),
    );
    const listings = listed.map(({ row, keyDecisions, particulars, label }) => {
      const maker = makers.get(row.id);
      return {
        listing: {
          caseId: row.id,
          title: row.title,
          particulars,
          decisionMaker: {
            name: maker?.person?.name ?? null,
            actingAs: maker?.actingAs ?? label ?? 'not yet named',
          },
          firstPublishedOn: first.get(row.id) ?? null,
        },
        publishedEvent: keyDecisions.publishedEvent,
      };
    });
    listings.sort((a, b) => soonestFirst(a.listing, b.listing));
    return { listings, newer, first };
  }

  /**
   * Each case's decision maker on today's London date, as a case's page would show it. The
   * directory reads every binding in one query; a binding to "the officers" means the case's own
   * officer, so those are read once per case officer.
   */
  private async decisionMakers(
    m: EntityManager,
    tenantId: string,
    wanted: { caseId: string; caseOfficerId: string; binding: RoleBinding | undefined }[],
  ): Promise<Map<string, RoleHolder>> {
    const groups = new Map<string, { caseOfficerId: string; roles: Record<string, RoleBinding> }>();
    for (const w of wanted) {
      if (!w.binding) continue;
      const key = w.binding.kind === 'officers' ? w.caseOfficerId : '';
      const group = groups.get(key) ?? { caseOfficerId: w.caseOfficerId, roles: {} };
      group.roles[w.caseId] = w.binding;
      groups.set(key, group);
    }
    const on = londonDate(this.clock.now());
    const holders = new Map<string, RoleHolder>();
    for (const g of groups.values()) {
      const read = await this.directory.roleHolders(
        tenantScope(tenantId),
        m,
        g.roles,
        g.caseOfficerId,
        on,
        // Keyed by case, not by role; a decision maker is an office, a delegation or an officer,
        // never a person a case names, whom only a template has words for.
        undefined,
      );
      for (const [caseId, holder] of Object.entries(read)) holders.set(caseId, holder);
    }
    return holders;
  }

  latest(tenantId: string): Promise<EditionRow | null> {
    return this.repository.latest(tenantScope(tenantId), this.ds.manager);
  }

  editions(tenantId: string): Promise<EditionRow[]> {
    return this.repository.editions(tenantScope(tenantId), this.ds.manager);
  }

  edition(tenantId: string, id: string): Promise<EditionRow | null> {
    return this.repository.edition(tenantScope(tenantId), this.ds.manager, id);
  }
}

/** The first day a decision may be taken on, for ordering ('' when not known: last). */
export function expectedFrom(l: DraftListing): string {
  const e = l.particulars?.expected;
  return !e ? '' : 'on' in e ? e.on : e.from;
}

/** Soonest first, one whose day is not known last, then by title. */
function soonestFirst(a: DraftListing, b: DraftListing): number {
  const [x, y] = [expectedFrom(a), expectedFrom(b)];
  return (!x ? 1 : 0) - (!y ? 1 : 0) || x.localeCompare(y) || a.title.localeCompare(b.title);
}
