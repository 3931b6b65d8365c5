import { bcfDelegatedSignOffV1 } from './bcf-delegated-sign-off/bcf-delegated-sign-off.template';
import { bcfQuarterlyPerformanceReportV1 } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report.template';
import { bcfBoardSignOffV1 } from './bcf-board-sign-off/bcf-board-sign-off.template';
import { grantRatificationV1 } from './grant-ratification/grant-ratification.template';
import { minutesApprovalV1 } from './minutes-approval/minutes-approval.template';
import { jcbDelegatedDecisionV1 } from './jcb-delegated-decision/jcb-delegated-decision.template';
import { jcbDelegatedDecisionV2 } from './jcb-delegated-decision/jcb-delegated-decision-v2.template';
import { jcbDelegatedDecisionV3 } from './jcb-delegated-decision/jcb-delegated-decision-v3.template';
import { pharmacyConsolidationRepresentationV1 } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation.template';
import type { WorkflowTemplate } from './workflow.template';

/**
 * Every released template version. A case runs on the version it started with for its whole
 * life, so a version, once released, stays here.
 */
const RELEASED: WorkflowTemplate[] = [
  bcfDelegatedSignOffV1,
  minutesApprovalV1,
  grantRatificationV1,
  bcfBoardSignOffV1,
  bcfQuarterlyPerformanceReportV1,
  jcbDelegatedDecisionV1,
  jcbDelegatedDecisionV2,
  jcbDelegatedDecisionV3,
  pharmacyConsolidationRepresentationV1,
];

export function findTemplate(id: string, version?: number): WorkflowTemplate | undefined {
  const versions = RELEASED.filter((t) => t.id === id).sort((a, b) => b.version - a.version);
  return version === undefined ? versions[0] : versions.find((t) => t.version === version);
}

export function listTemplates(): WorkflowTemplate[] {
  return [...RELEASED];
}
