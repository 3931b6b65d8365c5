import { assign, enqueueActions, setup } from 'xstate';
import { EFFECT_ACTIONS, notify } from '../workflow-effects.machine';

/**
 * Better Care Fund plan, signed off under delegation (DOMAIN.md workflow 1; seed 001).
 *
 * The Chief Executive and the CCG Accountable Officer agree in either order; the HWBB chair then
 * approves under the Board's delegation; the officer records submission to the regional BCF team
 * by the national deadline. After submission two things run side by side, as the seed's dates
 * show (noting by 16 Dec 2021, assurance expected 9 Jan 2022): the regional assurance outcome,
 * and the HWBB noting the delegated approval at a meeting before the noting deadline. The case
 * closes when the plan is assured (every condition met) and the approval has been noted.
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline) that the engine
 * turns into rows in the same transaction as the new snapshot.
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

/** Moves a date by whole days (calendar dates as YYYY-MM-DD). */
function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * The dates for a resubmission after "not approved": the new submission date, and the assurance
 * and noting dates given with it or kept at the same distance from submission as before, so that
 * they never fall before the resubmission.
 */
function roundTwoDates(
  dates: BcfDates,
  resubmitBy: string,
  given: { expectedAssuranceDate?: string; notingDeadline?: string } = {},
): BcfDates {
  return {
    submissionDeadline: resubmitBy,
    expectedAssuranceDate:
      given.expectedAssuranceDate ??
      shiftDate(resubmitBy, daysBetween(dates.submissionDeadline, dates.expectedAssuranceDate)),
    notingDeadline:
      given.notingDeadline ??
      shiftDate(resubmitBy, daysBetween(dates.submissionDeadline, dates.notingDeadline)),
  };
}

const isKey =
  (key: DeadlineKey) =>
  ({ event }: { event: BcfEvent }) =>
    (event.type === 'DEADLINE_PASSED' || event.type === 'REMINDER_DUE') && event.key === key;
/** A reminder says how many working days remain. */
const remindWhenKey = (key: DeadlineKey, to: Role[]) => ({
  guard: isKey(key),
  actions: {
    type: 'notify' as const,
    params: ({ event }: { event: BcfEvent }) => ({
      message: `${key}-reminder`,
      to,
      workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
    }),
  },
});

const isActive =
  (role: Answerer) =>
  ({ context, event }: { context: BcfContext; event: BcfEvent }) =>
    'role' in event && event.role === role && !context.withdrawn.includes(role);

/**
 * While `role`'s answer is awaited: its holder may declare an interest (a disclosable pecuniary
 * one withdraws them and tells the officer), and the officer may hand the role to a new holder
 * (the engine rebinds the role; the machine asks the new holder afresh).
 */
const interestsOf = (role: Answerer, request: string) => ({
  DECLARE_INTEREST: {
    guard: isActive(role),
    actions: [
      { type: 'recordInterest' as const, params: { role } },
      notify('interest-declared', ['officer']),
    ],
  },
  REASSIGN_ROLE: {
    guard: ({ event }: { event: BcfEvent }) =>
      event.type === 'REASSIGN_ROLE' && event.reassign === role,
    actions: [{ type: 'reinstate' as const, params: { role } }, notify(request, [role])],
  },
});

export const bcfDelegatedSignOffMachine = setup({
  types: {
    context: {} as BcfContext,
    events: {} as BcfEvent,
    input: {} as BcfInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordInterest: assign(({ context, event }, params: { role: Answerer }) =>
      event.type === 'DECLARE_INTEREST'
        ? {
            interests: [
              ...context.interests,
              { role: params.role, nature: event.nature, details: event.details },
            ],
            withdrawn:
              event.nature === 'disclosablePecuniary'
                ? [...context.withdrawn, params.role]
                : context.withdrawn,
          }
        : {},
    ),
    reinstate: assign(({ context }, params: { role: Answerer }) => ({
      withdrawn: context.withdrawn.filter((r) => r !== params.role),
    })),
  },
  guards: {
    allConditionsMet: ({ context }) => context.conditions.every((c) => c.metOn !== null),
  },
}).createMachine({
  id: 'bcf',
  context: ({ input }) => ({
    dates: input.dates,
    round: 1,
    agreements: { chiefExecutive: false, accountableOfficer: false },
    lastRejection: null,
    submission: null,
    assurance: null,
    conditions: [],
    noting: null,
    overdue: { submission: false, assurance: false, noting: false },
    interests: [],
    withdrawn: [],
  }),
  initial: 'preSubmission',
  states: {
    preSubmission: {
      entry: {
        type: 'armDeadline',
        params: ({ context }) => ({
          key: 'submission',
          date: context.dates.submissionDeadline,
          remindWorkingDaysBefore: [5, 2],
        }),
      },
      exit: { type: 'cancelDeadline', params: { key: 'submission' } },
      on: {
        DEADLINE_PASSED: {
          guard: isKey('submission'),
          actions: [
            assign({ overdue: ({ context }) => ({ ...context.overdue, submission: true }) }),
            notify('submission-overdue', ['officer', 'delegatedApprover']),
          ],
        },
      },
      initial: 'drafting',
      states: {
        drafting: {
          on: {
            SEEK_AGREEMENT: 'agreement',
            REMINDER_DUE: remindWhenKey('submission', ['officer']),
          },
        },
        agreement: {
          type: 'parallel',
          entry: [
            assign({
              agreements: { chiefExecutive: false, accountableOfficer: false },
              lastRejection: null,
            }),
            // A withdrawn holder is not asked again; the officer is reminded to reassign the role.
            enqueueActions(({ context, enqueue }) => {
              const asked = (['chiefExecutive', 'accountableOfficer'] as const).filter(
                (r) => !context.withdrawn.includes(r),
              );
              enqueue({
                type: 'notify',
                params: { message: 'agreement-requested', to: [...asked] },
              });
              if (asked.length < 2)
                enqueue({
                  type: 'notify',
                  params: { message: 'reassign-needed', to: ['officer'] },
                });
            }),
          ],
          onDone: 'chairApproval',
          on: {
            REJECT: {
              guard: (args) =>
                isActive('chiefExecutive')(args) || isActive('accountableOfficer')(args),
              target: 'drafting',
              actions: [
                assign({
                  agreements: { chiefExecutive: false, accountableOfficer: false },
                  lastRejection: ({ event }) => ({ role: event.role, reasons: event.reasons }),
                }),
                notify('plan-rejected', ['officer', 'chiefExecutive', 'accountableOfficer']),
              ],
            },
          },
          states: {
            chiefExecutive: {
              initial: 'awaiting',
              states: {
                awaiting: {
                  on: {
                    ...interestsOf('chiefExecutive', 'agreement-requested'),
                    AGREE: {
                      guard: isActive('chiefExecutive'),
                      target: 'agreed',
                      actions: assign({
                        agreements: ({ context }) => ({
                          ...context.agreements,
                          chiefExecutive: true,
                        }),
                      }),
                    },
                    REMINDER_DUE: remindWhenKey('submission', ['chiefExecutive']),
                  },
                },
                agreed: { type: 'final' },
              },
            },
            accountableOfficer: {
              initial: 'awaiting',
              states: {
                awaiting: {
                  on: {
                    ...interestsOf('accountableOfficer', 'agreement-requested'),
                    AGREE: {
                      guard: isActive('accountableOfficer'),
                      target: 'agreed',
                      actions: assign({
                        agreements: ({ context }) => ({
                          ...context.agreements,
                          accountableOfficer: true,
                        }),
                      }),
                    },
                    REMINDER_DUE: remindWhenKey('submission', ['accountableOfficer']),
                  },
                },
                agreed: { type: 'final' },
              },
            },
          },
        },
        chairApproval: {
          entry: enqueueActions(({ context, enqueue }) => {
            if (context.withdrawn.includes('delegatedApprover')) {
              enqueue({ type: 'notify', params: { message: 'reassign-needed', to: ['officer'] } });
            } else
              enqueue({
                type: 'notify',
                params: { message: 'approval-requested', to: ['delegatedApprover'] },
              });
          }),
          on: {
            ...interestsOf('delegatedApprover', 'approval-requested'),
            APPROVE: {
              guard: isActive('delegatedApprover'),
              target: 'readyToSubmit',
            },
            REJECT: {
              guard: isActive('delegatedApprover'),
              target: 'drafting',
              actions: [
                assign({
                  agreements: { chiefExecutive: false, accountableOfficer: false },
                  lastRejection: ({ event }) => ({ role: event.role, reasons: event.reasons }),
                }),
                notify('plan-rejected', ['officer', 'chiefExecutive', 'accountableOfficer']),
              ],
            },
            REMINDER_DUE: remindWhenKey('submission', ['delegatedApprover']),
          },
        },
        readyToSubmit: {
          entry: notify('ready-to-submit', ['officer']),
          on: {
            RECORD_SUBMISSION: {
              target: '#bcf.postSubmission',
              actions: assign({
                submission: ({ event }) => ({
                  submittedOn: event.submittedOn,
                  reference: event.reference ?? null,
                }),
              }),
            },
            REMINDER_DUE: remindWhenKey('submission', ['officer']),
          },
        },
      },
    },
    postSubmission: {
      type: 'parallel',
      onDone: 'closed',
      states: {
        assurance: {
          initial: 'awaiting',
          states: {
            awaiting: {
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
                    target: 'assured',
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
                      event.outcome === 'approvedWithConditions' &&
                      (event.conditions?.length ?? 0) > 0,
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
                    // Not approved: revise, get the agreements again, resubmit by the new date.
                    guard: ({ event }) =>
                      event.outcome === 'notApproved' && typeof event.resubmitBy === 'string',
                    target: '#bcf.preSubmission.drafting',
                    actions: [
                      assign({
                        assurance: ({ event }) => ({
                          outcome: event.outcome,
                          receivedOn: event.receivedOn,
                          reasons: event.reasons ?? null,
                        }),
                        round: ({ context }) => context.round + 1,
                        dates: ({ context, event }) =>
                          roundTwoDates(context.dates, event.resubmitBy!, event),
                        submission: null,
                        noting: null,
                        overdue: { submission: false, assurance: false, noting: false },
                      }),
                      notify('plan-not-approved', [
                        'officer',
                        'chiefExecutive',
                        'accountableOfficer',
                        'delegatedApprover',
                      ]),
                    ],
                  },
                ],
                DEADLINE_PASSED: {
                  guard: isKey('assurance'),
                  actions: [
                    assign({ overdue: ({ context }) => ({ ...context.overdue, assurance: true }) }),
                    notify('assurance-overdue', ['officer']),
                  ],
                },
              },
            },
            conditionsOpen: {
              always: { guard: 'allConditionsMet', target: 'assured' },
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
            assured: { type: 'final' },
          },
        },
        noting: {
          initial: 'awaiting',
          states: {
            awaiting: {
              entry: [
                {
                  type: 'armDeadline',
                  params: ({ context }) => ({
                    key: 'noting',
                    date: context.dates.notingDeadline,
                    remindWorkingDaysBefore: [10],
                  }),
                },
                notify('noting-required', ['officer']),
              ],
              exit: { type: 'cancelDeadline', params: { key: 'noting' } },
              on: {
                RECORD_NOTING: {
                  target: 'noted',
                  actions: assign({
                    noting: ({ event }) => ({
                      meetingDate: event.meetingDate,
                      minuteReference: event.minuteReference,
                    }),
                  }),
                },
                REMINDER_DUE: remindWhenKey('noting', ['officer']),
                DEADLINE_PASSED: {
                  guard: isKey('noting'),
                  actions: [
                    assign({ overdue: ({ context }) => ({ ...context.overdue, noting: true }) }),
                    notify('noting-overdue', ['officer', 'delegatedApprover']),
                  ],
                },
              },
            },
            noted: { type: 'final' },
          },
        },
      },
    },
    closed: {
      type: 'final',
      entry: notify('case-closed', ['officer']),
    },
  },
});
