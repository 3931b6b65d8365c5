import { assign, setup } from 'xstate';
import { EFFECT_ACTIONS, notify } from '../workflow-effects.machine';

/**
 * Quarterly Better Care Fund performance report (DOMAIN.md workflow 5; seeds 000, 001, 002, 003,
 * 004).
 *
 * The Better Care Finance and Performance group prepares the quarter's report; the JCB (before it,
 * the Commissioning Partnership Board) signs it off at its quarterly meeting; the HWBB notes or
 * approves it; then it is submitted to NHS England. The officer records each step. A JCB without
 * consensus defers the item to a later meeting, which becomes the JCB date.
 *
 * Dates: the quarter's JCB meeting (Q1 19 Aug 2021, Q2 21 Oct 2021 in seed 001), with a reminder
 * 5 working days before (papers out) and an escalation if the meeting passes without sign-off;
 * and the NHS England submission date, with reminders 10 and 5 working days before and an
 * escalation when it passes unsubmitted. Escalations go to the officer and the commissioning
 * lead who presents the report.
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline).
 */

export type Role = 'officer' | 'commissioningLead';
export type DeadlineKey = 'jcb' | 'submission';

export interface QuarterlyDates {
  /** The quarter's JCB meeting that signs the report off (19 Aug 2021 for Q1 in seed 001). */
  jcbMeetingDate: string;
  /** When the report is due at NHS England. */
  submissionDate: string;
}

export interface Minute {
  meetingDate: string;
  minuteReference: string;
}

export interface QuarterlyContext {
  dates: QuarterlyDates;
  prepared: { preparedOn: string } | null;
  jcb: Minute | null;
  deferrals: (Minute & { reasons: string })[];
  hwbb: (Minute & { outcome: 'noted' | 'approved' }) | null;
  submission: { submittedOn: string; reference: string | null } | null;
  overdue: Record<DeadlineKey, boolean>;
}

export type QuarterlyEvent =
  | { type: 'RECORD_PREPARED'; preparedOn: string }
  | ({ type: 'RECORD_JCB_SIGN_OFF' } & Minute)
  | ({ type: 'RECORD_JCB_DEFERRAL'; reasons: string; nextMeetingDate: string } & Minute)
  | ({ type: 'RECORD_HWBB_OUTCOME'; outcome: 'noted' | 'approved' } & Minute)
  | { type: 'RECORD_SUBMISSION'; submittedOn: string; reference?: string }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface QuarterlyInput {
  dates: QuarterlyDates;
}

/** A date still to come: a reminder to the officer, an escalation when it passes. */
const watch = (key: DeadlineKey) => ({
  DEADLINE_PASSED: {
    guard: ({ event }: { event: QuarterlyEvent }) =>
      event.type === 'DEADLINE_PASSED' && event.key === key,
    actions: [
      { type: 'markOverdue' as const, params: { key } },
      notify(`${key}-overdue`, ['officer', 'commissioningLead']),
    ],
  },
  REMINDER_DUE: {
    guard: ({ event }: { event: QuarterlyEvent }) =>
      event.type === 'REMINDER_DUE' && event.key === key,
    actions: {
      type: 'notify' as const,
      params: ({ event }: { event: QuarterlyEvent }) => ({
        message: `${key}-reminder`,
        to: ['officer'] as Role[],
        workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
      }),
    },
  },
});

export const bcfQuarterlyReportMachine = setup({
  types: {
    context: {} as QuarterlyContext,
    events: {} as QuarterlyEvent,
    input: {} as QuarterlyInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    markOverdue: assign(({ context }, params: { key: DeadlineKey }) => ({
      overdue: { ...context.overdue, [params.key]: true },
    })),
  },
}).createMachine({
  id: 'quarterly',
  context: ({ input }) => ({
    dates: input.dates,
    prepared: null,
    jcb: null,
    deferrals: [],
    hwbb: null,
    submission: null,
    overdue: { jcb: false, submission: false },
  }),
  initial: 'open',
  states: {
    open: {
      entry: {
        type: 'armDeadline',
        params: ({ context }) => ({
          key: 'submission',
          date: context.dates.submissionDate,
          remindWorkingDaysBefore: [10, 5],
        }),
      },
      exit: { type: 'cancelDeadline', params: { key: 'submission' } },
      on: watch('submission'),
      initial: 'beforeJcb',
      states: {
        beforeJcb: {
          entry: {
            type: 'armDeadline',
            params: ({ context }) => ({
              key: 'jcb',
              date: context.dates.jcbMeetingDate,
              remindWorkingDaysBefore: [5],
            }),
          },
          exit: { type: 'cancelDeadline', params: { key: 'jcb' } },
          on: watch('jcb'),
          initial: 'preparation',
          states: {
            preparation: {
              on: {
                RECORD_PREPARED: {
                  target: 'jcbSignOff',
                  actions: assign({ prepared: ({ event }) => ({ preparedOn: event.preparedOn }) }),
                },
              },
            },
            jcbSignOff: {
              on: {
                RECORD_JCB_SIGN_OFF: {
                  target: '#quarterly.open.hwbb',
                  actions: assign({
                    jcb: ({ event }) => ({
                      meetingDate: event.meetingDate,
                      minuteReference: event.minuteReference,
                    }),
                  }),
                },
                RECORD_JCB_DEFERRAL: {
                  // No consensus: the item goes to a later JCB, which becomes the JCB date.
                  guard: ({ context, event }) =>
                    event.nextMeetingDate > context.dates.jcbMeetingDate,
                  target: '#quarterly.open.beforeJcb',
                  reenter: true,
                  actions: assign({
                    deferrals: ({ context, event }) => [
                      ...context.deferrals,
                      {
                        meetingDate: event.meetingDate,
                        minuteReference: event.minuteReference,
                        reasons: event.reasons,
                      },
                    ],
                    dates: ({ context, event }) => ({
                      ...context.dates,
                      jcbMeetingDate: event.nextMeetingDate,
                    }),
                    overdue: ({ context }) => ({ ...context.overdue, jcb: false }),
                  }),
                },
              },
            },
          },
        },
        hwbb: {
          entry: notify('report-for-hwbb', ['officer']),
          on: {
            RECORD_HWBB_OUTCOME: {
              target: 'readyToSubmit',
              actions: assign({
                hwbb: ({ event }) => ({
                  outcome: event.outcome,
                  meetingDate: event.meetingDate,
                  minuteReference: event.minuteReference,
                }),
              }),
            },
          },
        },
        readyToSubmit: {
          entry: notify('report-ready-to-submit', ['officer']),
          on: {
            RECORD_SUBMISSION: {
              target: '#quarterly.submitted',
              actions: assign({
                submission: ({ event }) => ({
                  submittedOn: event.submittedOn,
                  reference: event.reference ?? null,
                }),
              }),
            },
          },
        },
      },
    },
    submitted: {
      type: 'final',
      entry: notify('report-submitted', ['officer', 'commissioningLead']),
    },
  },
});
