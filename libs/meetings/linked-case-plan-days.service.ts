import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { ForwardPlanRepository } from '../forward-plan/forward-plan.repository';
import { findTemplate, listTemplates } from '../workflows/template.registry';
import type { AgendaItemRow } from './agenda-items.repository';

/**
 * The forward plan's day of an agenda item linked to a case whose template declares key decisions
 * (JCB delegated decision from version 6, the officer delegated decision): the day the council's
 * published plan first listed the case (forward_plan_entries, ADR 0018), never the day typed on the
 * item, and none while no published plan has listed it. The meeting's notice check (noticesFor)
 * and the outcome it carries into the case (meetingOutcome) read the item after this, so the
 * meeting and the case count the 28 clear days from the same published day. Items without a case,
 * or whose case's template is told the day by no plan (JCB version 5 and before), keep their own.
 */
@Injectable()
export class LinkedCasePlanDays {
  constructor(private readonly plan: ForwardPlanRepository) {}

  async of(scope: TenantScope, q: Queryable, items: AgendaItemRow[]): Promise<AgendaItemRow[]> {
    const caseIds = [...new Set(items.flatMap((i) => (i.caseId ? [i.caseId] : [])))];
    const planned = new Map(
      (await this.plan.planDaysOf(scope, q, caseIds))
        .filter((c) => toldByThePlan(c.templateId, c.templateVersion, c.firstPublishedOn))
        .map((c) => [c.caseId, c.firstPublishedOn]),
    );
    return items.map((i) =>
      i.caseId && planned.has(i.caseId)
        ? { ...i, forwardPlanPublishedOn: planned.get(i.caseId) ?? null }
        : i,
    );
  }
}

/**
 * Whether a case's key-decision day is the plan's. A case on a template version this build lacks
 * (a rolling upgrade, or a downgrade) is not left to the item's typed day: a published plan listed
 * it (only a key-decision template's case is listed), or its template declares key decisions in
 * a version this build has, and the newer version is taken to as well.
 */
function toldByThePlan(templateId: string, version: number, listedOn: string | null): boolean {
  const template = findTemplate(templateId, version);
  if (template) return template.keyDecisions !== undefined;
  return listedOn !== null || listTemplates().some((t) => t.id === templateId && !!t.keyDecisions);
}
