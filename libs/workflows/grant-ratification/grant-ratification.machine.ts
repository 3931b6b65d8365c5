import { assign, setup } from 'xstate';
import { EFFECT_ACTIONS, notify } from '../workflow-effects.machine';

/**
 * Grant ratification (DOMAIN.md workflow 6; seed 002, HWBB 26 July 2017 item 9, "Acceptance of
 * Adult Social Care grant").
 *
 * Spending proposals are agreed in principle by the Integration Board and the Commissioning
 * Partnership Board (in either order), approved by Cabinet, then by Full Council, then ratified by
 * the HWBB at a meeting. The officer records each decision with its meeting date and minute
 * reference. A decision against the proposals closes the case: "subject to Cabinet approval, Full
 * Council will consider", and the HWBB is asked to ratify what Council approved.
 *
 * Dates: the scheduled Cabinet (18 July 2017) and Full Council (19 July 2017) meetings and the
 * ratification deadline (the HWBB meeting, 26 July 2017). Each is armed when the case opens, with
 * a reminder to the officer 5 working days before (papers out), and escalated to the officer and
 * the report's owner when it passes with its decision not recorded.
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline).
 */

export type Role = 'officer' | 'reportOwner';
export type DeadlineKey = 'cabinet' | 'council' | 'ratification';
export type OfficerBoard = 'integrationBoard' | 'commissioningPartnershipBoard';

export interface GrantDates {
  cabinetMeetingDate: string;
  councilMeetingDate: string;
  ratificationDeadline: string;
}

export interface Decision {
  meetingDate: string;
  minuteReference: string;
  reasons: string | null;
}

export type Outcome = 'ratified' | 'notApprovedByCabinet' | 'notApprovedByCouncil' | 'notRatified';

export interface GrantContext {
  dates: GrantDates;
  inPrinciple: Record<OfficerBoard, Decision | null>;
  cabinet: Decision | null;
  council: Decision | null;
  ratification: Decision | null;
  outcome: Outcome | null;
  overdue: Record<DeadlineKey, boolean>;
}

interface Recorded {
  meetingDate: string;
  minuteReference: string;
  reasons?: string;
}

export type GrantEvent =
  | ({ type: 'RECORD_AGREEMENT_IN_PRINCIPLE'; body: OfficerBoard } & Recorded)
  | ({ type: 'RECORD_CABINET_DECISION'; decision: 'approved' | 'notApproved' } & Recorded)
  | ({ type: 'RECORD_COUNCIL_DECISION'; decision: 'approved' | 'notApproved' } & Recorded)
  | ({ type: 'RECORD_RATIFICATION'; decision: 'ratified' | 'notRatified' } & Recorded)
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface GrantInput {
  dates: GrantDates;
}

const decisionOf = (e: Recorded): Decision => ({
  meetingDate: e.meetingDate,
  minuteReference: e.minuteReference,
  reasons: e.reasons ?? null,
});

/** While a date's decision is still to come: a reminder to the officer, an escalation when it passes. */
const watch = (key: DeadlineKey) => ({
  deadline: {
    guard: ({ event }: { event: GrantEvent }) =>
      event.type === 'DEADLINE_PASSED' && event.key === key,
    actions: [
      { type: 'markOverdue' as const, params: { key } },
      notify(`${key}-overdue`, ['officer', 'reportOwner']),
    ],
  },
  reminder: {
    guard: ({ event }: { event: GrantEvent }) => event.type === 'REMINDER_DUE' && event.key === key,
    actions: {
      type: 'notify' as const,
      params: ({ event }: { event: GrantEvent }) => ({
        message: `${key}-reminder`,
        to: ['officer'] as Role[],
        workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
      }),
    },
  },
});

const timers = (...keys: DeadlineKey[]) => ({
  DEADLINE_PASSED: keys.map((k) => watch(k).deadline),
  REMINDER_DUE: keys.map((k) => watch(k).reminder),
});

const agreementOf = (body: OfficerBoard) => ({
  initial: 'awaiting' as const,
  states: {
    awaiting: {
      on: {
        RECORD_AGREEMENT_IN_PRINCIPLE: {
          guard: ({ event }: { event: GrantEvent }) =>
            event.type === 'RECORD_AGREEMENT_IN_PRINCIPLE' && event.body === body,
          target: 'agreed',
          actions: { type: 'recordAgreement' as const, params: { body } },
        },
      },
    },
    agreed: { type: 'final' as const },
  },
});

export const grantRatificationMachine = setup({
  types: {
    context: {} as GrantContext,
    events: {} as GrantEvent,
    input: {} as GrantInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    markOverdue: assign(({ context }, params: { key: DeadlineKey }) => ({
      overdue: { ...context.overdue, [params.key]: true },
    })),
    recordAgreement: assign(({ context, event }, params: { body: OfficerBoard }) =>
      event.type === 'RECORD_AGREEMENT_IN_PRINCIPLE'
        ? { inPrinciple: { ...context.inPrinciple, [params.body]: decisionOf(event) } }
        : {},
    ),
  },
}).createMachine({
  id: 'grant',
  context: ({ input }) => ({
    dates: input.dates,
    inPrinciple: { integrationBoard: null, commissioningPartnershipBoard: null },
    cabinet: null,
    council: null,
    ratification: null,
    outcome: null,
    overdue: { cabinet: false, council: false, ratification: false },
  }),
  initial: 'open',
  states: {
    open: {
      entry: [
        {
          type: 'armDeadline',
          params: ({ context }) => ({
            key: 'cabinet',
            date: context.dates.cabinetMeetingDate,
            remindWorkingDaysBefore: [5],
          }),
        },
        {
          type: 'armDeadline',
          params: ({ context }) => ({
            key: 'council',
            date: context.dates.councilMeetingDate,
            remindWorkingDaysBefore: [5],
          }),
        },
        {
          type: 'armDeadline',
          params: ({ context }) => ({
            key: 'ratification',
            date: context.dates.ratificationDeadline,
            remindWorkingDaysBefore: [5],
          }),
        },
      ],
      exit: [
        { type: 'cancelDeadline', params: { key: 'cabinet' } },
        { type: 'cancelDeadline', params: { key: 'council' } },
        { type: 'cancelDeadline', params: { key: 'ratification' } },
      ],
      on: timers('ratification'),
      initial: 'inPrinciple',
      states: {
        inPrinciple: {
          type: 'parallel',
          onDone: 'cabinet',
          on: timers('cabinet', 'council'),
          states: {
            integrationBoard: agreementOf('integrationBoard'),
            commissioningPartnershipBoard: agreementOf('commissioningPartnershipBoard'),
          },
        },
        cabinet: {
          on: {
            ...timers('cabinet', 'council'),
            RECORD_CABINET_DECISION: [
              {
                guard: ({ event }) => event.decision === 'approved',
                target: 'fullCouncil',
                actions: [
                  assign({ cabinet: ({ event }) => decisionOf(event) }),
                  { type: 'cancelDeadline', params: { key: 'cabinet' } },
                ],
              },
              {
                target: '#grant.closed',
                actions: assign({
                  cabinet: ({ event }) => decisionOf(event),
                  outcome: 'notApprovedByCabinet',
                }),
              },
            ],
          },
        },
        fullCouncil: {
          on: {
            ...timers('council'),
            RECORD_COUNCIL_DECISION: [
              {
                guard: ({ event }) => event.decision === 'approved',
                target: 'hwbbRatification',
                actions: [
                  assign({ council: ({ event }) => decisionOf(event) }),
                  { type: 'cancelDeadline', params: { key: 'council' } },
                ],
              },
              {
                target: '#grant.closed',
                actions: assign({
                  council: ({ event }) => decisionOf(event),
                  outcome: 'notApprovedByCouncil',
                }),
              },
            ],
          },
        },
        hwbbRatification: {
          entry: notify('ratification-required', ['officer']),
          on: {
            RECORD_RATIFICATION: {
              target: '#grant.closed',
              actions: assign({
                ratification: ({ event }) => decisionOf(event),
                outcome: ({ event }) =>
                  event.decision === 'ratified' ? 'ratified' : 'notRatified',
              }),
            },
          },
        },
      },
    },
    closed: {
      type: 'final',
      entry: notify('grant-decided', ['officer', 'reportOwner']),
    },
  },
});
