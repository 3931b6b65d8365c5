import { type Cell, stateEventTable } from '../../testing/state-event-table.service';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';
import {
  AGREEMENT_REQUESTED,
  APPROVAL_REQUESTED,
  ARM_ASSURANCE,
  ARM_NOTING,
  ARM_RESUBMISSION,
  ASSURANCE_OVERDUE,
  CANCEL_ASSURANCE,
  CANCEL_NOTING,
  CANCEL_SUBMISSION,
  CASE_CLOSED,
  E,
  EventName,
  input,
  INTEREST_DECLARED,
  NOTING_OVERDUE,
  NOTING_REMINDER,
  NOTING_REQUIRED,
  PLAN_NOT_APPROVED,
  PLAN_REJECTED,
  READY_TO_SUBMIT,
  StateName,
  STATES,
  SUBMISSION_OVERDUE,
  submissionReminder,
} from './bcf-delegated-sign-off.walks';

/**
 * The BCF delegated sign-off statechart, checked purely (no database, no actor) on the shared
 * state × event table (libs/testing/state-event-table.service.ts): every reachable leaf
 * configuration against every event the machine knows. Effects, context and persistence have
 * specs of their own beside this one.
 */

const go = (to: StateName, ...fx: string[]): Cell<StateName> => ({ to, effects: fx });

/** What each state accepts, and where each event goes with its effects; every other event is refused. */
const TABLE: Record<StateName, Partial<Record<EventName, Cell<StateName>>>> = {
  drafting: {
    SEEK_AGREEMENT: go('agreement (both awaited)', AGREEMENT_REQUESTED),
    'DEADLINE_PASSED submission': go('drafting', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('drafting', submissionReminder('officer')),
  },
  'agreement (both awaited)': {
    'AGREE as chiefExecutive': go('agreement (Chief Executive agreed)'),
    'AGREE as accountableOfficer': go('agreement (Accountable Officer agreed)'),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as chiefExecutive': go('agreement (both awaited)', INTEREST_DECLARED),
    'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST other as accountableOfficer': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE chiefExecutive': go(
      'agreement (both awaited)',
      'notify agreement-requested → chiefExecutive',
    ),
    'REASSIGN_ROLE accountableOfficer': go(
      'agreement (both awaited)',
      'notify agreement-requested → accountableOfficer',
    ),
    'DEADLINE_PASSED submission': go('agreement (both awaited)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (both awaited)',
      submissionReminder('chiefExecutive'),
      submissionReminder('accountableOfficer'),
    ),
  },
  'agreement (Chief Executive agreed)': {
    'AGREE as accountableOfficer': go('chairApproval', APPROVAL_REQUESTED),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      'notify agreement-requested → accountableOfficer',
    ),
    'DEADLINE_PASSED submission': go('agreement (Chief Executive agreed)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (Chief Executive agreed)',
      submissionReminder('accountableOfficer'),
    ),
  },
  'agreement (Accountable Officer agreed)': {
    'AGREE as chiefExecutive': go('chairApproval', APPROVAL_REQUESTED),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      'notify agreement-requested → chiefExecutive',
    ),
    'DEADLINE_PASSED submission': go('agreement (Accountable Officer agreed)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (Accountable Officer agreed)',
      submissionReminder('chiefExecutive'),
    ),
  },
  chairApproval: {
    APPROVE: go('readyToSubmit', READY_TO_SUBMIT),
    'REJECT as delegatedApprover': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as delegatedApprover': go('chairApproval', INTEREST_DECLARED),
    'DECLARE_INTEREST disclosablePecuniary as delegatedApprover': go(
      'chairApproval',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE delegatedApprover': go('chairApproval', APPROVAL_REQUESTED),
    'DEADLINE_PASSED submission': go('chairApproval', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('chairApproval', submissionReminder('delegatedApprover')),
  },
  readyToSubmit: {
    RECORD_SUBMISSION: go(
      'submitted (assurance awaited, noting awaited)',
      CANCEL_SUBMISSION,
      ARM_ASSURANCE,
      ARM_NOTING,
      NOTING_REQUIRED,
    ),
    'DEADLINE_PASSED submission': go('readyToSubmit', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('readyToSubmit', submissionReminder('officer')),
  },
  'submitted (assurance awaited, noting awaited)': {
    'RECORD_ASSURANCE approved': go('submitted (assured, noting awaited)', CANCEL_ASSURANCE),
    'RECORD_ASSURANCE approvedWithConditions': go(
      'submitted (conditions open, noting awaited)',
      CANCEL_ASSURANCE,
    ),
    'RECORD_ASSURANCE notApproved': go(
      'drafting',
      CANCEL_NOTING,
      CANCEL_ASSURANCE,
      PLAN_NOT_APPROVED,
      ARM_RESUBMISSION,
    ),
    RECORD_NOTING: go('submitted (assurance awaited, noted)', CANCEL_NOTING),
    'DEADLINE_PASSED assurance': go(
      'submitted (assurance awaited, noting awaited)',
      ASSURANCE_OVERDUE,
    ),
    'DEADLINE_PASSED noting': go('submitted (assurance awaited, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (assurance awaited, noting awaited)', NOTING_REMINDER),
  },
  'submitted (assurance awaited, noted)': {
    'RECORD_ASSURANCE approved': go('closed', CANCEL_ASSURANCE, CASE_CLOSED),
    'RECORD_ASSURANCE approvedWithConditions': go(
      'submitted (conditions open, noted)',
      CANCEL_ASSURANCE,
    ),
    'RECORD_ASSURANCE notApproved': go(
      'drafting',
      CANCEL_ASSURANCE,
      PLAN_NOT_APPROVED,
      ARM_RESUBMISSION,
    ),
    'DEADLINE_PASSED assurance': go('submitted (assurance awaited, noted)', ASSURANCE_OVERDUE),
  },
  'submitted (conditions open, noting awaited)': {
    // Two conditions are open: meeting one leaves the other.
    'MARK_CONDITION_MET R1-C1': go('submitted (conditions open, noting awaited)'),
    RECORD_NOTING: go('submitted (conditions open, noted)', CANCEL_NOTING),
    'DEADLINE_PASSED noting': go('submitted (conditions open, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (conditions open, noting awaited)', NOTING_REMINDER),
  },
  'submitted (conditions open, noted)': {
    'MARK_CONDITION_MET R1-C1': go('submitted (conditions open, noted)'),
  },
  'submitted (assured, noting awaited)': {
    RECORD_NOTING: go('closed', CANCEL_NOTING, CASE_CLOSED),
    'DEADLINE_PASSED noting': go('submitted (assured, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (assured, noting awaited)', NOTING_REMINDER),
  },
  closed: {},
};

stateEventTable({
  name: 'BCF delegated sign-off',
  machine,
  input,
  events: E,
  states: STATES,
  table: TABLE,
  final: ['closed'],
}).describeEveryStateAndEvent();
