import { jcbDelegatedDecisionV1 } from '../workflows/jcb-delegated-decision/jcb-delegated-decision.template';
import { officerDecisionNotice } from '../workflows/officer-delegated-decision/officer-decision-notice.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { listTemplates } from '../workflows/template.registry';

/**
 * Which Decision Notice a template builds, as far as the register's SQL is concerned: the
 * executive's (reg 12, the JCB's builder) or an officer's (reg 13). The register repository
 * selects, filters and pages published decisions on the snapshot's fields each builder reads; a
 * template with a builder of its own needs its SQL there first (register-shape spec).
 */
export type RegisterShape = 'executive' | 'officer';

/** A released template version that publishes decisions, with the shape of its notice. */
export interface PublishingVersion {
  templateId: string;
  version: number;
  shape: RegisterShape;
}

export function registerShapeOf(t: WorkflowTemplate): RegisterShape | null {
  if (!t.decisionNotice) return null;
  if (t.decisionNotice === officerDecisionNotice) return 'officer';
  if (t.decisionNotice === jcbDelegatedDecisionV1.decisionNotice) return 'executive';
  return null;
}

/**
 * The templates whose publishing versions build an officer's notice: the register's SQL and its
 * indexes (built on this list, migrations/1796440000000-*) tell an officer's from the executive's by
 * template, so each template's versions are all one shape (register-shape spec). A template added
 * here needs a migration that builds the register's indexes again with it.
 */
export const OFFICER_TEMPLATES: readonly string[] = ['officer-delegated-decision'];

/** Every released version whose decisions the register lists (each with a notice the SQL knows). */
export function publishingVersions(): PublishingVersion[] {
  return listTemplates().flatMap((t) => {
    const shape = registerShapeOf(t);
    return shape ? [{ templateId: t.id, version: t.version, shape }] : [];
  });
}

/** Every template version this build has, publishing or not. */
export function knownVersions(): { templateId: string; version: number }[] {
  return listTemplates().map((t) => ({ templateId: t.id, version: t.version }));
}
