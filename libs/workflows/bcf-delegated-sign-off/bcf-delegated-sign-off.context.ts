/**
 * What a BCF delegated sign-off case carries: its dates, the agreements, submission, assurance,
 * conditions and noting recorded so far, the interests declared, and the events the machine takes
 * as the template layer leaves them.
 */

export type Role = 'chiefExecutive' | 'accountableOfficer' | 'delegatedApprover' | 'officer';
export type DeadlineKey = 'submission' | 'assurance' | 'noting';

export interface BcfDates {
  /** National submission deadline (16 Nov 2021 in the seed). */
  submissionDeadline: string;
  /** When the regional team's assurance outcome is expected (9 Jan 2022). */
  expectedAssuranceDate: string;
  /** The HWBB must note the delegated approval before this date (16 Dec 2021). */
  notingDeadline: string;
}

export interface Condition {
  id: string;
  text: string;
  metOn: string | null;
  evidence: string | null;
}

export interface BcfContext {
  dates: BcfDates;
  /** 1 for the first submission, 2 after one "not approved", and so on. */
  round: number;
  agreements: { chiefExecutive: boolean; accountableOfficer: boolean };
  lastRejection: { role: Role; reasons: string } | null;
  submission: { submittedOn: string; reference: string | null } | null;
  assurance: { outcome: AssuranceOutcome; receivedOn: string; reasons: string | null } | null;
  conditions: Condition[];
  noting: { meetingDate: string; minuteReference: string } | null;
  overdue: Record<DeadlineKey, boolean>;
  /** Interests declared by those asked to agree or approve, in order. */
  interests: { role: Answerer; nature: InterestNature; details: string }[];
  /** Roles whose holder withdrew (a disclosable pecuniary interest) until the officer reassigns them. */
  withdrawn: Answerer[];
}

/** Those asked to agree or approve. */
export type Answerer = 'chiefExecutive' | 'accountableOfficer' | 'delegatedApprover';
/** Localism Act 2011 s31: a disclosable pecuniary interest withdraws the person; another interest is recorded. */
export type InterestNature = 'disclosablePecuniary' | 'other';

export type AssuranceOutcome = 'approved' | 'approvedWithConditions' | 'notApproved';

export type BcfEvent =
  | { type: 'SEEK_AGREEMENT' }
  | { type: 'AGREE'; role: 'chiefExecutive' | 'accountableOfficer'; comments?: string }
  | {
      type: 'REJECT';
      role: 'chiefExecutive' | 'accountableOfficer' | 'delegatedApprover';
      reasons: string;
    }
  | { type: 'APPROVE'; role: 'delegatedApprover'; comments?: string }
  | { type: 'RECORD_SUBMISSION'; submittedOn: string; reference?: string }
  | {
      type: 'RECORD_ASSURANCE';
      outcome: AssuranceOutcome;
      receivedOn: string;
      conditions?: string[];
      reasons?: string;
      resubmitBy?: string;
      /** For the resubmission: when assurance is now expected (default: the same gap as before). */
      expectedAssuranceDate?: string;
      /** For the resubmission: the new noting deadline (default: the same gap as before). */
      notingDeadline?: string;
    }
  | { type: 'MARK_CONDITION_MET'; conditionId: string; metOn: string; evidence?: string }
  | { type: 'RECORD_NOTING'; meetingDate: string; minuteReference: string }
  | { type: 'DECLARE_INTEREST'; role: Answerer; nature: InterestNature; details: string }
  | { type: 'REASSIGN_ROLE'; role: 'officer'; reassign: Answerer }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface BcfInput {
  dates: BcfDates;
}
