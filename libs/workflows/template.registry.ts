import { bcfDelegatedSignOffV1 } from './bcf-delegated-sign-off/bcf-delegated-sign-off.template';
import { bcfDelegatedSignOffV2 } from './bcf-delegated-sign-off/bcf-delegated-sign-off-v2.template';
import { bcfQuarterlyPerformanceReportV1 } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report.template';
import { bcfQuarterlyPerformanceReportV2 } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v2.template';
import { bcfQuarterlyPerformanceReportV3 } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v3.template';
import { bcfQuarterlyPerformanceReportV4 } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v4.template';
import { bcfBoardSignOffV1 } from './bcf-board-sign-off/bcf-board-sign-off.template';
import { bcfBoardSignOffV2 } from './bcf-board-sign-off/bcf-board-sign-off-v2.template';
import { bcfBoardSignOffV3 } from './bcf-board-sign-off/bcf-board-sign-off-v3.template';
import { bcfBoardSignOffV4 } from './bcf-board-sign-off/bcf-board-sign-off-v4.template';
import { grantRatificationV1 } from './grant-ratification/grant-ratification.template';
import { grantRatificationV2 } from './grant-ratification/grant-ratification-v2.template';
import { grantRatificationV3 } from './grant-ratification/grant-ratification-v3.template';
import { minutesApprovalV1 } from './minutes-approval/minutes-approval.template';
import { minutesApprovalV2 } from './minutes-approval/minutes-approval-v2.template';
import { minutesApprovalV3 } from './minutes-approval/minutes-approval-v3.template';
import { minutesApprovalV4 } from './minutes-approval/minutes-approval-v4.template';
import { jcbDelegatedDecisionV1 } from './jcb-delegated-decision/jcb-delegated-decision.template';
import { jcbDelegatedDecisionV2 } from './jcb-delegated-decision/jcb-delegated-decision-v2.template';
import { jcbDelegatedDecisionV3 } from './jcb-delegated-decision/jcb-delegated-decision-v3.template';
import { jcbDelegatedDecisionV4 } from './jcb-delegated-decision/jcb-delegated-decision-v4.template';
import { jcbDelegatedDecisionV5 } from './jcb-delegated-decision/jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV6 } from './jcb-delegated-decision/jcb-delegated-decision-v6.template';
import { jcbDelegatedDecisionV7 } from './jcb-delegated-decision/jcb-delegated-decision-v7.template';
import { jcbDelegatedDecisionV8 } from './jcb-delegated-decision/jcb-delegated-decision-v8.template';
import { jcbDelegatedDecisionV9 } from './jcb-delegated-decision/jcb-delegated-decision-v9.template';
import { jcbDelegatedDecisionV10 } from './jcb-delegated-decision/jcb-delegated-decision-v10.template';
import { jcbDelegatedDecisionV11 } from './jcb-delegated-decision/jcb-delegated-decision-v11.template';
import { jcbDelegatedDecisionV12 } from './jcb-delegated-decision/jcb-delegated-decision-v12.template';
import { pharmacyConsolidationRepresentationV1 } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation.template';
import { pharmacyConsolidationRepresentationV2 } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation-v2.template';
import { officerDelegatedDecisionV1 } from './officer-delegated-decision/officer-delegated-decision.template';
import type { WorkflowTemplate } from './workflow.template';

/**
 * Every released template version. A case runs on the version it started with for its whole
 * life, so a version, once released, stays here.
 */
const RELEASED: WorkflowTemplate[] = [
  officerDelegatedDecisionV1,
  bcfDelegatedSignOffV1,
  bcfDelegatedSignOffV2,
  minutesApprovalV1,
  minutesApprovalV2,
  minutesApprovalV3,
  minutesApprovalV4,
  grantRatificationV1,
  grantRatificationV2,
  grantRatificationV3,
  bcfBoardSignOffV1,
  bcfBoardSignOffV2,
  bcfBoardSignOffV3,
  bcfBoardSignOffV4,
  bcfQuarterlyPerformanceReportV1,
  bcfQuarterlyPerformanceReportV2,
  bcfQuarterlyPerformanceReportV3,
  bcfQuarterlyPerformanceReportV4,
  jcbDelegatedDecisionV1,
  jcbDelegatedDecisionV2,
  jcbDelegatedDecisionV3,
  jcbDelegatedDecisionV4,
  jcbDelegatedDecisionV5,
  jcbDelegatedDecisionV6,
  jcbDelegatedDecisionV7,
  jcbDelegatedDecisionV8,
  jcbDelegatedDecisionV9,
  jcbDelegatedDecisionV10,
  jcbDelegatedDecisionV11,
  jcbDelegatedDecisionV12,
  pharmacyConsolidationRepresentationV1,
  pharmacyConsolidationRepresentationV2,
];

/**
 * The version new cases open on, per template (an alias, as AWS Step Functions has): releasing a
 * version registers it above, for the cases that name it, and new cases move to it only when it
 * is made current here, a change of its own.
 */
const CURRENT: Record<string, number> = {
  'officer-delegated-decision': 1,
  'bcf-delegated-sign-off': 2,
  'minutes-approval': 4,
  'grant-ratification': 3,
  'bcf-board-sign-off': 4,
  'bcf-quarterly-performance-report': 4,
  'jcb-delegated-decision': 12,
  'pharmacy-consolidation-representation': 2,
};

/** A released version; without `version`, the template's current one. */
export function findTemplate(id: string, version?: number): WorkflowTemplate | undefined {
  const v = version ?? currentVersion(id);
  return RELEASED.find((t) => t.id === id && t.version === v);
}

/** The version new cases of template `id` open on. */
export function currentVersion(id: string): number | undefined {
  return Object.hasOwn(CURRENT, id) ? CURRENT[id] : undefined;
}

export function listTemplates(): WorkflowTemplate[] {
  return [...RELEASED];
}

/**
 * The versions this build has, as two lists paired by position (for SQL's `unnest`): a worker
 * claims only the deadlines and emails of cases on one of them, and leaves the rest to the workers
 * of a newer build that released their version (a rolling upgrade, docs/operations.md).
 */
export interface ReleasedVersions {
  ids: string[];
  versions: number[];
}

export const RELEASED_HERE: ReleasedVersions = {
  ids: RELEASED.map((t) => t.id),
  versions: RELEASED.map((t) => t.version),
};

/**
 * SQL's condition that the case row `alias` runs on one of the versions passed as the statement's
 * parameters `$at` (ReleasedVersions' ids) and `$at+1` (its versions): the one way the workers'
 * repositories, each with its own table's SQL, test a case's version against a ReleasedVersions.
 */
export function onReleasedVersion(alias: string, at: number): string {
  return `(${alias}.template_id, ${alias}.template_version) IN (SELECT * FROM unnest($${at}::text[], $${at + 1}::int[]))`;
}
