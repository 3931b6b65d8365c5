import { assign, setup } from 'xstate';
import { EFFECT_ACTIONS, notify } from '../workflow-effects.machine';

/**
 * Better Care Fund plan, full board sign-off (DOMAIN.md workflow 2; seed 002, HWBB 26 July 2017
 * item 8, "Better Care Southampton Plan 2017/19").
 *
 * The HWBB considers the draft and agrees how the final version will be approved by the national
 * deadline (the officer records that resolution). The plan is then approved by the HWBB (the
 * officer records the meeting's resolution), by the constituent local authority (its Chief
 * Executive) and by the CCG (its Accountable Officer), in any order, before submission. A
 * rejection by any of them returns the plan for revision, and all three approvals are sought
 * again. After submission, assurance runs as in the delegated template: approved, approved with
 * conditions (each tracked until met), or not approved (revise and resubmit by a new date).
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline).
 */

export type Role = 'chiefExecutive' | 'accountableOfficer' | 'officer';
export type DeadlineKey = 'submission' | 'assurance';
export type Approver = 'hwbb' | 'localAuthority' | 'ccg';

export interface BoardDates {
  /** National submission deadline (11 September 2017 in the seed). */
  nationalDeadline: string;
  /** When the assurance outcome is expected. */
  expectedAssuranceDate: string;
}

export interface Condition {
  id: string;
  text: string;
  metOn: string | null;
  evidence: string | null;
}

export type AssuranceOutcome = 'approved' | 'approvedWithConditions' | 'notApproved';

export interface BoardContext {
  dates: BoardDates;
  round: number;
  arrangements: { meetingDate: string; minuteReference: string; arrangements: string } | null;
  approvals: Record<Approver, { on: string | null; reference: string | null } | null>;
  lastRejection: { by: Approver; reasons: string } | null;
  submission: { submittedOn: string; reference: string | null } | null;
  assurance: { outcome: AssuranceOutcome; receivedOn: string; reasons: string | null } | null;
  conditions: Condition[];
  overdue: Record<DeadlineKey, boolean>;
}

export type BoardEvent =
  | {
      type: 'RECORD_ARRANGEMENTS';
      meetingDate: string;
      minuteReference: string;
      arrangements: string;
    }
  | { type: 'RECORD_HWBB_APPROVAL'; meetingDate: string; minuteReference: string }
  | { type: 'RECORD_HWBB_REJECTION'; meetingDate: string; minuteReference: string; reasons: string }
  | { type: 'APPROVE'; role: 'chiefExecutive' | 'accountableOfficer'; comments?: string }
  | { type: 'REJECT'; role: 'chiefExecutive' | 'accountableOfficer'; reasons: string }
  | { type: 'SEEK_APPROVAL' }
  | { type: 'RECORD_SUBMISSION'; submittedOn: string; reference?: string }
  | {
      type: 'RECORD_ASSURANCE';
      outcome: AssuranceOutcome;
      receivedOn: string;
      conditions?: string[];
      reasons?: string;
      resubmitBy?: string;
    }
  | { type: 'MARK_CONDITION_MET'; conditionId: string; metOn: string; evidence?: string }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface BoardInput {
  dates: BoardDates;
}

const remind = (to: Role[]) => ({
  guard: ({ event }: { event: BoardEvent }) =>
    event.type === 'REMINDER_DUE' && event.key === 'submission',
  actions: {
    type: 'notify' as const,
    params: ({ event }: { event: BoardEvent }) => ({
      message: 'submission-reminder',
      to,
      workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
    }),
  },
});

const RETURNED = notify('plan-returned', ['officer', 'chiefExecutive', 'accountableOfficer']);

/** One of the three approvals: awaited until given; a rejection returns the plan for revision. */
const approvalBy = (who: Approver) => {
  const role = who === 'localAuthority' ? 'chiefExecutive' : 'accountableOfficer';
  return {
    initial: 'awaiting' as const,
    states: {
      awaiting: {
        on: {
          APPROVE: {
            guard: ({ event }: { event: BoardEvent }) =>
              event.type === 'APPROVE' && event.role === role,
            target: 'approved',
            actions: { type: 'recordApproval' as const, params: { who } },
          },
          REJECT: {
            guard: ({ event }: { event: BoardEvent }) =>
              event.type === 'REJECT' && event.role === role,
            target: '#bcfBoard.preSubmission.revising',
            actions: [{ type: 'recordRejection' as const, params: { who } }, RETURNED],
          },
          REMINDER_DUE: remind([role]),
        },
      },
      approved: { type: 'final' as const },
    },
  };
};

export const bcfBoardSignOffMachine = setup({
  types: {
    context: {} as BoardContext,
    events: {} as BoardEvent,
    input: {} as BoardInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordApproval: assign(({ context, event }, params: { who: Approver }) => ({
      approvals: {
        ...context.approvals,
        [params.who]:
          event.type === 'RECORD_HWBB_APPROVAL'
            ? { on: event.meetingDate, reference: event.minuteReference }
            : { on: null, reference: null },
      },
    })),
    recordRejection: assign(({ event }, params: { who: Approver }) =>
      event.type === 'REJECT' || event.type === 'RECORD_HWBB_REJECTION'
        ? { lastRejection: { by: params.who, reasons: event.reasons } }
        : {},
    ),
  },
  guards: {
    allConditionsMet: ({ context }) => context.conditions.every((c) => c.metOn !== null),
  },
}).createMachine({
  id: 'bcfBoard',
  context: ({ input }) => ({
    dates: input.dates,
    round: 1,
    arrangements: null,
    approvals: { hwbb: null, localAuthority: null, ccg: null },
    lastRejection: null,
    submission: null,
    assurance: null,
    conditions: [],
    overdue: { submission: false, assurance: false },
  }),
  initial: 'preSubmission',
  states: {
    preSubmission: {
      entry: {
        type: 'armDeadline',
        params: ({ context }) => ({
          key: 'submission',
          date: context.dates.nationalDeadline,
          remindWorkingDaysBefore: [5, 2],
        }),
      },
      exit: { type: 'cancelDeadline', params: { key: 'submission' } },
      on: {
        DEADLINE_PASSED: {
          guard: ({ event }) => event.key === 'submission',
          actions: [
            assign({ overdue: ({ context }) => ({ ...context.overdue, submission: true }) }),
            notify('submission-overdue', ['officer', 'chiefExecutive', 'accountableOfficer']),
          ],
        },
      },
      initial: 'consideration',
      states: {
        consideration: {
          on: {
            RECORD_ARRANGEMENTS: {
              target: 'approval',
              actions: assign({
                arrangements: ({ event }) => ({
                  meetingDate: event.meetingDate,
                  minuteReference: event.minuteReference,
                  arrangements: event.arrangements,
                }),
              }),
            },
            REMINDER_DUE: remind(['officer']),
          },
        },
        approval: {
          type: 'parallel',
          entry: [
            assign({
              approvals: { hwbb: null, localAuthority: null, ccg: null },
              lastRejection: null,
            }),
            notify('plan-approval-requested', ['chiefExecutive', 'accountableOfficer']),
          ],
          onDone: 'readyToSubmit',
          states: {
            hwbb: {
              initial: 'awaiting',
              states: {
                awaiting: {
                  on: {
                    RECORD_HWBB_APPROVAL: {
                      target: 'approved',
                      actions: { type: 'recordApproval', params: { who: 'hwbb' } },
                    },
                    RECORD_HWBB_REJECTION: {
                      target: '#bcfBoard.preSubmission.revising',
                      actions: [{ type: 'recordRejection', params: { who: 'hwbb' } }, RETURNED],
                    },
                    REMINDER_DUE: remind(['officer']),
                  },
                },
                approved: { type: 'final' },
              },
            },
            localAuthority: approvalBy('localAuthority'),
            ccg: approvalBy('ccg'),
          },
        },
        revising: {
          on: {
            SEEK_APPROVAL: 'approval',
            REMINDER_DUE: remind(['officer']),
          },
        },
        readyToSubmit: {
          entry: notify('plan-ready-to-submit', ['officer']),
          on: {
            RECORD_SUBMISSION: {
              target: '#bcfBoard.postSubmission',
              actions: assign({
                submission: ({ event }) => ({
                  submittedOn: event.submittedOn,
                  reference: event.reference ?? null,
                }),
              }),
            },
            REMINDER_DUE: remind(['officer']),
          },
        },
      },
    },
    postSubmission: {
      initial: 'awaitingAssurance',
      states: {
        awaitingAssurance: {
          entry: {
            type: 'armDeadline',
            params: ({ context }) => ({
              key: 'assurance',
              date: context.dates.expectedAssuranceDate,
              remindWorkingDaysBefore: [],
            }),
          },
          exit: { type: 'cancelDeadline', params: { key: 'assurance' } },
          on: {
            RECORD_ASSURANCE: [
              {
                guard: ({ event }) => event.outcome === 'approved',
                target: '#bcfBoard.closed',
                actions: assign({
                  assurance: ({ event }) => ({
                    outcome: event.outcome,
                    receivedOn: event.receivedOn,
                    reasons: null,
                  }),
                }),
              },
              {
                guard: ({ event }) =>
                  event.outcome === 'approvedWithConditions' && (event.conditions?.length ?? 0) > 0,
                target: 'conditionsOpen',
                actions: assign({
                  assurance: ({ event }) => ({
                    outcome: event.outcome,
                    receivedOn: event.receivedOn,
                    reasons: null,
                  }),
                  conditions: ({ context, event }) =>
                    (event.conditions ?? []).map((text, i) => ({
                      id: `R${context.round}-C${i + 1}`,
                      text,
                      metOn: null,
                      evidence: null,
                    })),
                }),
              },
              {
                // Not approved: revise, seek the three approvals again, resubmit by the new date.
                guard: ({ event }) =>
                  event.outcome === 'notApproved' && typeof event.resubmitBy === 'string',
                target: '#bcfBoard.preSubmission.revising',
                actions: [
                  assign({
                    assurance: ({ event }) => ({
                      outcome: event.outcome,
                      receivedOn: event.receivedOn,
                      reasons: event.reasons ?? null,
                    }),
                    round: ({ context }) => context.round + 1,
                    dates: ({ context, event }) => ({
                      ...context.dates,
                      nationalDeadline: event.resubmitBy!,
                    }),
                    submission: null,
                    overdue: { submission: false, assurance: false },
                  }),
                  notify('plan-not-approved', ['officer', 'chiefExecutive', 'accountableOfficer']),
                ],
              },
            ],
            DEADLINE_PASSED: {
              guard: ({ event }) => event.key === 'assurance',
              actions: [
                assign({ overdue: ({ context }) => ({ ...context.overdue, assurance: true }) }),
                notify('assurance-overdue', ['officer']),
              ],
            },
          },
        },
        conditionsOpen: {
          always: { guard: 'allConditionsMet', target: '#bcfBoard.closed' },
          on: {
            MARK_CONDITION_MET: {
              guard: ({ context, event }) =>
                context.conditions.some((c) => c.id === event.conditionId && c.metOn === null),
              actions: assign({
                conditions: ({ context, event }) =>
                  context.conditions.map((c) =>
                    c.id === event.conditionId
                      ? { ...c, metOn: event.metOn, evidence: event.evidence ?? null }
                      : c,
                  ),
              }),
            },
          },
        },
      },
    },
    closed: {
      type: 'final',
      entry: notify('plan-assured', ['officer', 'chiefExecutive', 'accountableOfficer']),
    },
  },
});
