import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import type { BcfEvent, BcfInput } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';

/**
 * The events, states and walks the BCF delegated sign-off machine specs share
 * (bcf-delegated-sign-off.*.spec.ts): each event with the payload the engine would hand it, every
 * leaf configuration and how to reach it, the effects a step declares in words.
 */

export type Snapshot = SnapshotFrom<typeof machine>;

export const input: BcfInput = {
  dates: {
    submissionDeadline: '2021-11-16',
    expectedAssuranceDate: '2022-01-09',
    notingDeadline: '2021-12-16',
  },
};

/** Every event the machine handles, with the payloads the engine would hand it. */
export const E = {
  SEEK_AGREEMENT: { type: 'SEEK_AGREEMENT' },
  'AGREE as chiefExecutive': { type: 'AGREE', role: 'chiefExecutive' },
  'AGREE as accountableOfficer': { type: 'AGREE', role: 'accountableOfficer' },
  'REJECT as chiefExecutive': {
    type: 'REJECT',
    role: 'chiefExecutive',
    reasons: 'The figures do not reconcile',
  },
  'REJECT as accountableOfficer': {
    type: 'REJECT',
    role: 'accountableOfficer',
    reasons: 'The discharge fund split is missing',
  },
  'REJECT as delegatedApprover': {
    type: 'REJECT',
    role: 'delegatedApprover',
    reasons: 'The Board has not seen the metrics',
  },
  APPROVE: { type: 'APPROVE', role: 'delegatedApprover', comments: 'Approved under delegation.' },
  RECORD_SUBMISSION: {
    type: 'RECORD_SUBMISSION',
    submittedOn: '2021-11-15',
    reference: 'BCF-21-22-SOU',
  },
  'RECORD_ASSURANCE approved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approved',
    receivedOn: '2022-01-09',
  },
  'RECORD_ASSURANCE approvedWithConditions': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
  },
  'RECORD_ASSURANCE approvedWithConditions without conditions': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: [],
  },
  'RECORD_ASSURANCE notApproved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
    reasons: 'The metrics are not evidenced',
    resubmitBy: '2022-02-01',
  },
  'RECORD_ASSURANCE notApproved without resubmitBy': {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
  },
  'MARK_CONDITION_MET R1-C1': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C1',
    metOn: '2022-01-20',
    evidence: 'Revised split agreed by the JCB',
  },
  'MARK_CONDITION_MET of an unknown condition': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C9',
    metOn: '2022-01-20',
  },
  RECORD_NOTING: {
    type: 'RECORD_NOTING',
    meetingDate: '2021-12-09',
    minuteReference: 'HWBB 9 Dec, item 6',
  },
  'DECLARE_INTEREST other as chiefExecutive': {
    type: 'DECLARE_INTEREST',
    role: 'chiefExecutive',
    nature: 'other',
    details: 'Trustee of a local carers charity',
  },
  'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': {
    type: 'DECLARE_INTEREST',
    role: 'chiefExecutive',
    nature: 'disclosablePecuniary',
    details: 'Spouse owns a care home in the scheme',
  },
  'DECLARE_INTEREST other as accountableOfficer': {
    type: 'DECLARE_INTEREST',
    role: 'accountableOfficer',
    nature: 'other',
    details: 'Governor of the acute trust',
  },
  'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': {
    type: 'DECLARE_INTEREST',
    role: 'accountableOfficer',
    nature: 'disclosablePecuniary',
    details: 'Shares in a domiciliary care provider',
  },
  'DECLARE_INTEREST other as delegatedApprover': {
    type: 'DECLARE_INTEREST',
    role: 'delegatedApprover',
    nature: 'other',
    details: 'Member of a patient group',
  },
  'DECLARE_INTEREST disclosablePecuniary as delegatedApprover': {
    type: 'DECLARE_INTEREST',
    role: 'delegatedApprover',
    nature: 'disclosablePecuniary',
    details: 'Employed by a provider in the scheme',
  },
  'REASSIGN_ROLE chiefExecutive': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'chiefExecutive',
  },
  'REASSIGN_ROLE accountableOfficer': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'accountableOfficer',
  },
  'REASSIGN_ROLE delegatedApprover': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'delegatedApprover',
  },
  'DEADLINE_PASSED submission': { type: 'DEADLINE_PASSED', key: 'submission' },
  'DEADLINE_PASSED assurance': { type: 'DEADLINE_PASSED', key: 'assurance' },
  'DEADLINE_PASSED noting': { type: 'DEADLINE_PASSED', key: 'noting' },
  'REMINDER_DUE submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
  'REMINDER_DUE assurance': { type: 'REMINDER_DUE', key: 'assurance', workingDaysLeft: 5 },
  'REMINDER_DUE noting': { type: 'REMINDER_DUE', key: 'noting', workingDaysLeft: 10 },
} satisfies Record<string, BcfEvent>;
export type EventName = keyof typeof E;

export const CE_AO_AWAITING =
  'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.awaiting';

/** Every leaf configuration a case can rest in, how to reach it from a new case, and its key. */
export const STATES = {
  drafting: { key: 'preSubmission.drafting', via: [] },
  'agreement (both awaited)': { key: CE_AO_AWAITING, via: ['SEEK_AGREEMENT'] },
  'agreement (Chief Executive agreed)': {
    key: 'preSubmission.agreement.chiefExecutive.agreed;preSubmission.agreement.accountableOfficer.awaiting',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive'],
  },
  'agreement (Accountable Officer agreed)': {
    key: 'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.agreed',
    via: ['SEEK_AGREEMENT', 'AGREE as accountableOfficer'],
  },
  chairApproval: {
    key: 'preSubmission.chairApproval',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive', 'AGREE as accountableOfficer'],
  },
  readyToSubmit: {
    key: 'preSubmission.readyToSubmit',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive', 'AGREE as accountableOfficer', 'APPROVE'],
  },
  'submitted (assurance awaited, noting awaited)': {
    key: 'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
    ],
  },
  'submitted (assurance awaited, noted)': {
    key: 'postSubmission.assurance.awaiting;postSubmission.noting.noted',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_NOTING',
    ],
  },
  'submitted (conditions open, noting awaited)': {
    key: 'postSubmission.assurance.conditionsOpen;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approvedWithConditions',
    ],
  },
  'submitted (conditions open, noted)': {
    key: 'postSubmission.assurance.conditionsOpen;postSubmission.noting.noted',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approvedWithConditions',
      'RECORD_NOTING',
    ],
  },
  'submitted (assured, noting awaited)': {
    key: 'postSubmission.assurance.assured;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approved',
    ],
  },
  closed: {
    key: 'closed',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approved',
      'RECORD_NOTING',
    ],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
export type StateName = keyof typeof STATES;

// The effects the engine turns into rows, written the way a reader checks them.
export const AGREEMENT_REQUESTED =
  'notify agreement-requested → chiefExecutive, accountableOfficer';
export const APPROVAL_REQUESTED = 'notify approval-requested → delegatedApprover';
export const READY_TO_SUBMIT = 'notify ready-to-submit → officer';
export const PLAN_REJECTED = 'notify plan-rejected → officer, chiefExecutive, accountableOfficer';
export const PLAN_NOT_APPROVED =
  'notify plan-not-approved → officer, chiefExecutive, accountableOfficer, delegatedApprover';
export const INTEREST_DECLARED = 'notify interest-declared → officer';
export const SUBMISSION_OVERDUE = 'notify submission-overdue → officer, delegatedApprover';
export const ASSURANCE_OVERDUE = 'notify assurance-overdue → officer';
export const NOTING_OVERDUE = 'notify noting-overdue → officer, delegatedApprover';
export const NOTING_REQUIRED = 'notify noting-required → officer';
export const CASE_CLOSED = 'notify case-closed → officer';
export const submissionReminder = (to: string) =>
  `notify submission-reminder → ${to} (5 working days)`;
export const NOTING_REMINDER = 'notify noting-reminder → officer (10 working days)';
export const ARM_SUBMISSION = 'arm submission 2021-11-16, reminders 5,2';
export const ARM_RESUBMISSION = 'arm submission 2022-02-01, reminders 5,2';
export const ARM_ASSURANCE = 'arm assurance 2022-01-09, reminders none';
export const ARM_NOTING = 'arm noting 2021-12-16, reminders 10';
export const CANCEL_SUBMISSION = 'cancel submission';
export const CANCEL_ASSURANCE = 'cancel assurance';
export const CANCEL_NOTING = 'cancel noting';

export interface Action {
  type: string;
  params?: unknown;
}

/** The engine-visible effects (notify, armDeadline, cancelDeadline) in the order declared. */
export function effects(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => {
    switch (a.type) {
      case 'notify': {
        const p = a.params as { message: string; to: string[]; workingDaysLeft?: number };
        const left = p.workingDaysLeft === undefined ? '' : ` (${p.workingDaysLeft} working days)`;
        return [`notify ${p.message} → ${p.to.join(', ')}${left}`];
      }
      case 'armDeadline': {
        const p = a.params as { key: string; date: string; remindWorkingDaysBefore: number[] };
        // As libs/testing/state-event-table.service.ts's engineEffects says it (working days).
        const reminders = p.remindWorkingDaysBefore.join(',') || 'none';
        return [`arm ${p.key} ${p.date}, reminders ${reminders}`];
      }
      case 'cancelDeadline':
        return [`cancel ${(a.params as { key: string }).key}`];
      default:
        return [];
    }
  });
}

export function start(): [Snapshot, string[]] {
  const [snapshot, actions] = initialTransition(machine, input);
  return [snapshot, effects(actions)];
}

/** Sends `event`, failing loudly when the machine refuses it (a test set-up mistake). */
export function send(snapshot: Snapshot, event: BcfEvent): [Snapshot, string[]] {
  if (!snapshot.can(event)) {
    throw new Error(`${event.type} refused in ${stateKey(snapshot.value)}`);
  }
  const [next, actions] = transition(machine, snapshot, event);
  return [next, effects(actions)];
}

export function run(events: readonly BcfEvent[], from: Snapshot = start()[0]): Snapshot {
  return events.reduce((s, e) => send(s, e)[0], from);
}

export function reach(state: StateName): Snapshot {
  return run(STATES[state].via.map((name) => E[name]));
}

export const reached = new Map<StateName, Snapshot>();
export function snapshotIn(state: StateName): Snapshot {
  let s = reached.get(state);
  if (!s) {
    s = reach(state);
    reached.set(state, s);
  }
  return s;
}
