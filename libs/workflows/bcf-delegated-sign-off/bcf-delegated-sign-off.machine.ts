import { assign, enqueueActions, setup } from 'xstate';
import { notify } from '../workflow-effects.machine';
import { bcfActions } from './bcf-delegated-sign-off.actions';
import type { BcfContext, BcfEvent, BcfInput } from './bcf-delegated-sign-off.context';
import { bcfGuards, isActive, isKey } from './bcf-delegated-sign-off.guards';
import { interestsOf, remindWhenKey } from './bcf-delegated-sign-off.transitions';
import { roundTwoDates } from './bcf-resubmission-dates.service';

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
 *
 * What a case carries: bcf-delegated-sign-off.context.ts; its named guards and actions, and the
 * transitions repeated per role or deadline, beside it (.guards.ts, .actions.ts, .transitions.ts).
 */

export const bcfDelegatedSignOffMachine = setup({
  types: {
    context: {} as BcfContext,
    events: {} as BcfEvent,
    input: {} as BcfInput,
  },
  actions: bcfActions,
  guards: bcfGuards,
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
