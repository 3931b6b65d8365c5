import type {
  Answerer,
  AssuranceOutcome,
  BcfContext,
  BcfDates,
  BcfEvent,
  BcfInput,
  Condition,
  Role,
} from './bcf-delegated-sign-off.context';

/**
 * What a version 2 case carries beyond version 1's (bcf-delegated-sign-off.context.ts): each
 * assurance condition's owner (one of the case's roles) and due date, and the regional team's
 * requests for more information before its verdict.
 */

export type { Answerer, AssuranceOutcome, BcfDates, BcfInput, Role };

/** A deadline key: version 1's, the information request's, or one condition's (`condition-R1-C2`). */
export type DeadlineKeyV2 = 'submission' | 'assurance' | 'noting' | 'information' | string;

export interface ConditionV2 extends Condition {
  /** The role on the case that sees the condition met; reminded before its due date. */
  owner: Role;
  dueBy: string;
  /** Its due date passed before it was met (escalated). */
  overdue: boolean;
}

/** A request from the regional team for more information before its assurance verdict. */
export interface InformationRequest {
  requestedOn: string;
  details: string;
  respondBy: string;
  givenOn: string | null;
  response: string | null;
  /** The expected assurance date before the request, and after it was answered (moved by the pause). */
  assuranceExpectedBefore: string;
  assuranceExpectedAfter: string | null;
}

export interface BcfV2Context extends Omit<BcfContext, 'conditions' | 'overdue'> {
  conditions: ConditionV2[];
  overdue: Record<'submission' | 'assurance' | 'noting' | 'information', boolean>;
  /** The open request, while the assurance deadline is paused for it; null otherwise. */
  informationRequest: InformationRequest | null;
  /** Every request answered, in order. */
  informationRequests: InformationRequest[];
}

export type BcfV2Event =
  | Exclude<
      BcfEvent,
      { type: 'RECORD_ASSURANCE' } | { type: 'DEADLINE_PASSED' } | { type: 'REMINDER_DUE' }
    >
  | {
      type: 'RECORD_ASSURANCE';
      outcome: AssuranceOutcome;
      receivedOn: string;
      conditions?: string[];
      /** With approvedWithConditions: who owns the conditions and when they are due (each may change). */
      conditionsOwner?: Role;
      conditionsDueBy?: string;
      reasons?: string;
      resubmitBy?: string;
      expectedAssuranceDate?: string;
      notingDeadline?: string;
    }
  | { type: 'REQUEST_INFORMATION'; requestedOn: string; details: string; respondBy: string }
  | { type: 'PROVIDE_INFORMATION'; givenOn: string; response?: string }
  | { type: 'ASSIGN_CONDITION'; conditionId: string; owner: Role; dueBy: string }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKeyV2 }
  | { type: 'REMINDER_DUE'; key: DeadlineKeyV2; workingDaysLeft: number };

/** The deadline key of a condition. */
export const conditionKey = (id: string) => `condition-${id}`;
