import { BCF_BOARD_SIGN_OFF_V1_TRACES } from './bcf-board-sign-off/bcf-board-sign-off.traces';
import { BCF_BOARD_SIGN_OFF_V2_TRACES } from './bcf-board-sign-off/bcf-board-sign-off-v2.traces';
import { BCF_BOARD_SIGN_OFF_V3_TRACES } from './bcf-board-sign-off/bcf-board-sign-off-v3.traces';
import { BCF_BOARD_SIGN_OFF_V4_TRACES } from './bcf-board-sign-off/bcf-board-sign-off-v4.traces';
import { BCF_DELEGATED_SIGN_OFF_V1_TRACES } from './bcf-delegated-sign-off/bcf-delegated-sign-off.traces';
import { BCF_DELEGATED_SIGN_OFF_V2_TRACES } from './bcf-delegated-sign-off/bcf-delegated-sign-off-v2.traces';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V1_TRACES } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report.traces';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V2_TRACES } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v2.traces';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V3_TRACES } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v3.traces';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V4_TRACES } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v4.traces';
import { GRANT_RATIFICATION_V1_TRACES } from './grant-ratification/grant-ratification.traces';
import { GRANT_RATIFICATION_V2_TRACES } from './grant-ratification/grant-ratification-v2.traces';
import { GRANT_RATIFICATION_V3_TRACES } from './grant-ratification/grant-ratification-v3.traces';
import { JCB_V1_TRACES } from './jcb-delegated-decision/jcb-delegated-decision.traces';
import { JCB_V2_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v2.traces';
import { JCB_V3_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v3.traces';
import { JCB_V4_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v4.traces';
import { JCB_V5_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v5.traces';
import { JCB_V6_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v6.traces';
import { JCB_V7_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v7.traces';
import { JCB_V8_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v8.traces';
import { JCB_V9_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v9.traces';
import { JCB_V10_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v10.traces';
import { JCB_V11_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v11.traces';
import { JCB_V12_TRACES } from './jcb-delegated-decision/jcb-delegated-decision-v12.traces';
import { MINUTES_APPROVAL_V1_TRACES } from './minutes-approval/minutes-approval.traces';
import { MINUTES_APPROVAL_V2_TRACES } from './minutes-approval/minutes-approval-v2.traces';
import { MINUTES_APPROVAL_V3_TRACES } from './minutes-approval/minutes-approval-v3.traces';
import { MINUTES_APPROVAL_V4_TRACES } from './minutes-approval/minutes-approval-v4.traces';
import { PHARMACY_CONSOLIDATION_REPRESENTATION_V1_TRACES } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation.traces';
import { PHARMACY_CONSOLIDATION_REPRESENTATION_V2_TRACES } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation-v2.traces';
import { OFFICER_DELEGATED_DECISION_V1_TRACES } from './officer-delegated-decision/officer-delegated-decision.traces';
import type { TracePlan } from './trace-recorder.service';

/**
 * The plan each released version's traces are recorded from (`npm run traces:record`, once, when
 * the version is released): a new version adds its plan here.
 */
export const TRACE_PLANS: TracePlan[] = [
  OFFICER_DELEGATED_DECISION_V1_TRACES,
  BCF_DELEGATED_SIGN_OFF_V1_TRACES,
  BCF_DELEGATED_SIGN_OFF_V2_TRACES,
  MINUTES_APPROVAL_V1_TRACES,
  MINUTES_APPROVAL_V2_TRACES,
  MINUTES_APPROVAL_V3_TRACES,
  MINUTES_APPROVAL_V4_TRACES,
  GRANT_RATIFICATION_V1_TRACES,
  GRANT_RATIFICATION_V2_TRACES,
  GRANT_RATIFICATION_V3_TRACES,
  BCF_BOARD_SIGN_OFF_V1_TRACES,
  BCF_BOARD_SIGN_OFF_V2_TRACES,
  BCF_BOARD_SIGN_OFF_V3_TRACES,
  BCF_BOARD_SIGN_OFF_V4_TRACES,
  BCF_QUARTERLY_PERFORMANCE_REPORT_V1_TRACES,
  BCF_QUARTERLY_PERFORMANCE_REPORT_V2_TRACES,
  BCF_QUARTERLY_PERFORMANCE_REPORT_V3_TRACES,
  BCF_QUARTERLY_PERFORMANCE_REPORT_V4_TRACES,
  JCB_V1_TRACES,
  JCB_V2_TRACES,
  JCB_V3_TRACES,
  JCB_V4_TRACES,
  JCB_V5_TRACES,
  JCB_V6_TRACES,
  JCB_V7_TRACES,
  JCB_V8_TRACES,
  JCB_V9_TRACES,
  JCB_V10_TRACES,
  JCB_V11_TRACES,
  JCB_V12_TRACES,
  PHARMACY_CONSOLIDATION_REPRESENTATION_V1_TRACES,
  PHARMACY_CONSOLIDATION_REPRESENTATION_V2_TRACES,
];
