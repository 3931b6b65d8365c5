import { assign, setup } from 'xstate';
import {
  EFFECT_ACTIONS,
  cancelDeadline,
  isDeadlineEvent,
  notify,
  remindWhen,
} from '../workflow-effects.machine';

/**
 * The HWBB's representation to NHS England on a pharmacy consolidation application (DOMAIN.md
 * workflow 4; seed 002, HWBB 26 July 2017 item 7, "Procedure for response to pharmacy
 * consolidation application").
 *
 * NHS England notifies the HWBB; the response is due 45 days after the notification. The
 * scrutiny panel chair is told of the notification. The officer triages the application:
 * - non-contentious: the Director of Public Health decides after consulting the HWBB chair and the
 *   ward members (their responses are recorded);
 * - contentious: the DPH circulates the application within 14 calendar days of the notification to
 *   the named list (checked by the template), feedback is due 14 calendar days after circulation,
 *   and if no clear response emerges electronically the group meets.
 * Every consultation response and every meeting attendee carries a declaration of interests
 * (possibly "none"). An Equality Impact Assessment must be recorded before the DPH decides. The
 * officer then records the response sent to NHS England, and the scrutiny panel chair is told.
 *
 * Dates: the 45-day response deadline is armed at opening (reminders 10 and 5 working days before);
 * the circulation deadline (notification + 14 days) on the contentious route; the feedback deadline
 * (circulation + 14 days) when the application is circulated. Each escalates to the officer and the
 * DPH when it passes. Dates are computed here from event fields with plain calendar arithmetic.
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline).
 */

export type Role = 'officer' | 'dph' | 'hwbbChair' | 'scrutinyChair';
export type DeadlineKey = 'response' | 'circulation' | 'feedback';
export type Route = 'nonContentious' | 'contentious';

/** Who is consulted, by the categories of the seed's lists (item 7, recommendations and para 8). */
export type ConsulteeCategory =
  | 'hwbbChair'
  | 'wardMember'
  | 'cabinetMember'
  | 'ccg'
  | 'publicHealth'
  | 'planningPolicy'
  | 'scrutinyChair'
  | 'healthwatch'
  | 'hwbbMember';

export interface Consultee {
  name: string;
  category: ConsulteeCategory;
  /** For HWBB members: whom they represent (the seed asks for one council and one CCG member). */
  represents?: 'council' | 'ccg';
}

export interface PharmacyDates {
  notifiedOn: string;
  responseDeadline: string;
}

export interface ConsultationResponse {
  consultee: Consultee;
  respondedOn: string;
  response: string;
  /** The consultee's declaration of interests: "none" or what the conflict is. */
  declaration: string;
}

export interface Attendee {
  name: string;
  category: ConsulteeCategory;
  declaration: string;
}

export interface PharmacyContext {
  dates: PharmacyDates;
  route: Route | null;
  triage: { route: Route; reasons: string } | null;
  circulationDue: string | null;
  circulation: { circulatedOn: string; recipients: Consultee[] } | null;
  feedbackDue: string | null;
  responses: ConsultationResponse[];
  meetingCalled: { reasons: string } | null;
  meeting: { meetingDate: string; attendees: Attendee[]; outcome: string } | null;
  eia: { recordedOn: string; documentName: string; summary: string } | null;
  decision: {
    decidedOn: string;
    opinion: 'noGap' | 'gap';
    representation: string;
  } | null;
  responseSent: { sentOn: string; reference: string } | null;
  overdue: Record<DeadlineKey, boolean>;
}

export type PharmacyEvent =
  | { type: 'TRIAGE'; route: Route; reasons: string }
  | {
      type: 'RECORD_CONSULTATION_RESPONSE';
      consultee: Consultee;
      respondedOn: string;
      response: string;
      declaration: string;
    }
  | { type: 'CIRCULATE'; circulatedOn: string; recipients: Consultee[] }
  | { type: 'CALL_MEETING'; reasons: string }
  | { type: 'RECORD_MEETING'; meetingDate: string; attendees: Attendee[]; outcome: string }
  | { type: 'RECORD_EIA'; recordedOn: string; documentName: string; summary: string }
  | {
      type: 'RECORD_DECISION';
      decidedOn: string;
      opinion: 'noGap' | 'gap';
      representation: string;
    }
  | { type: 'RECORD_RESPONSE_SENT'; sentOn: string; reference: string }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface PharmacyInput {
  dates: PharmacyDates;
}

/** A calendar date `days` after `isoDate` (both YYYY-MM-DD), by plain UTC date arithmetic. */
export const addCalendarDays = (isoDate: string, days: number): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The seed's periods, in calendar days. */
export const RESPONSE_DAYS = 45;
export const CIRCULATION_DAYS = 14;
export const FEEDBACK_DAYS = 14;

/** When a deadline passes with its step not done: marked overdue, the officer and the DPH told. */
const escalate = (key: DeadlineKey) => ({
  guard: isDeadlineEvent(key),
  actions: [
    { type: 'markOverdue' as const, params: { key } },
    notify<Role>(`${key}-overdue`, ['officer', 'dph']),
  ],
});

const recordEia = {
  RECORD_EIA: { actions: 'recordEia' as const },
};
const recordResponse = {
  RECORD_CONSULTATION_RESPONSE: { actions: 'recordResponse' as const },
};

export const pharmacyConsolidationMachine = setup({
  types: {
    context: {} as PharmacyContext,
    events: {} as PharmacyEvent,
    input: {} as PharmacyInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    markOverdue: assign(({ context }, params: { key: DeadlineKey }) => ({
      overdue: { ...context.overdue, [params.key]: true },
    })),
    recordEia: assign(({ event }) =>
      event.type === 'RECORD_EIA'
        ? {
            eia: {
              recordedOn: event.recordedOn,
              documentName: event.documentName,
              summary: event.summary,
            },
          }
        : {},
    ),
    recordResponse: assign(({ context, event }) =>
      event.type === 'RECORD_CONSULTATION_RESPONSE'
        ? {
            responses: [
              ...context.responses,
              {
                consultee: event.consultee,
                respondedOn: event.respondedOn,
                response: event.response,
                declaration: event.declaration,
              },
            ],
          }
        : {},
    ),
    recordDecision: assign(({ event }) =>
      event.type === 'RECORD_DECISION'
        ? {
            decision: {
              decidedOn: event.decidedOn,
              opinion: event.opinion,
              representation: event.representation,
            },
          }
        : {},
    ),
  },
  guards: {
    /** Non-contentious: the HWBB chair and at least one ward member consulted, and the EIA recorded. */
    nonContentiousReady: ({ context }) =>
      context.eia !== null &&
      context.responses.some((r) => r.consultee.category === 'hwbbChair') &&
      context.responses.some((r) => r.consultee.category === 'wardMember'),
    /** Contentious, clear electronically: feedback received, and the EIA recorded. */
    feedbackReady: ({ context }) => context.eia !== null && context.responses.length > 0,
    /** Contentious, after a meeting: the meeting recorded, and the EIA recorded. */
    meetingReady: ({ context }) => context.eia !== null && context.meeting !== null,
  },
}).createMachine({
  id: 'pharmacy',
  context: ({ input }) => ({
    dates: input.dates,
    route: null,
    triage: null,
    circulationDue: null,
    circulation: null,
    feedbackDue: null,
    responses: [],
    meetingCalled: null,
    meeting: null,
    eia: null,
    decision: null,
    responseSent: null,
    overdue: { response: false, circulation: false, feedback: false },
  }),
  initial: 'open',
  states: {
    open: {
      entry: [
        notify<Role>('consolidation-notified', ['dph', 'hwbbChair', 'scrutinyChair']),
        {
          type: 'armDeadline',
          params: ({ context }) => ({
            key: 'response',
            date: context.dates.responseDeadline,
            remindWorkingDaysBefore: [10, 5],
          }),
        },
      ],
      exit: cancelDeadline('response'),
      on: {
        DEADLINE_PASSED: escalate('response'),
        REMINDER_DUE: remindWhen<Role>('response', 'response-reminder', ['officer', 'dph']),
      },
      initial: 'triage',
      states: {
        triage: {
          on: {
            ...recordEia,
            TRIAGE: [
              {
                guard: ({ event }) => event.route === 'contentious',
                target: 'contentious',
                actions: assign({
                  route: 'contentious',
                  triage: ({ event }) => ({ route: event.route, reasons: event.reasons }),
                  circulationDue: ({ context }) =>
                    addCalendarDays(context.dates.notifiedOn, CIRCULATION_DAYS),
                }),
              },
              {
                target: 'nonContentious',
                actions: assign({
                  route: 'nonContentious',
                  triage: ({ event }) => ({ route: event.route, reasons: event.reasons }),
                }),
              },
            ],
          },
        },
        nonContentious: {
          entry: notify<Role>('consultation-required', ['dph']),
          on: {
            ...recordEia,
            ...recordResponse,
            RECORD_DECISION: {
              guard: 'nonContentiousReady',
              target: 'decided',
              actions: 'recordDecision',
            },
          },
        },
        contentious: {
          initial: 'circulating',
          exit: cancelDeadline('feedback'),
          on: recordEia,
          states: {
            circulating: {
              entry: [
                notify<Role>('circulation-required', ['dph']),
                {
                  type: 'armDeadline',
                  params: ({ context }) => ({
                    key: 'circulation',
                    date: context.circulationDue ?? context.dates.responseDeadline,
                    remindWorkingDaysBefore: [3],
                  }),
                },
              ],
              exit: cancelDeadline('circulation'),
              on: {
                DEADLINE_PASSED: escalate('circulation'),
                REMINDER_DUE: remindWhen<Role>('circulation', 'circulation-reminder', ['dph']),
                CIRCULATE: {
                  target: 'feedback',
                  actions: [
                    assign({
                      circulation: ({ event }) => ({
                        circulatedOn: event.circulatedOn,
                        recipients: event.recipients,
                      }),
                      feedbackDue: ({ event }) =>
                        addCalendarDays(event.circulatedOn, FEEDBACK_DAYS),
                    }),
                    {
                      type: 'armDeadline',
                      params: ({ event }) => ({
                        key: 'feedback',
                        date: addCalendarDays(event.circulatedOn, FEEDBACK_DAYS),
                        remindWorkingDaysBefore: [3],
                      }),
                    },
                  ],
                },
              },
            },
            feedback: {
              on: {
                ...recordResponse,
                DEADLINE_PASSED: escalate('feedback'),
                REMINDER_DUE: remindWhen<Role>('feedback', 'feedback-reminder', ['officer', 'dph']),
                CALL_MEETING: {
                  target: 'meeting',
                  actions: [
                    assign({ meetingCalled: ({ event }) => ({ reasons: event.reasons }) }),
                    cancelDeadline('feedback'),
                    notify<Role>('meeting-to-arrange', ['officer']),
                  ],
                },
                RECORD_DECISION: {
                  guard: 'feedbackReady',
                  target: '#pharmacy.open.decided',
                  actions: 'recordDecision',
                },
              },
            },
            meeting: {
              on: {
                ...recordResponse,
                RECORD_MEETING: {
                  actions: assign({
                    meeting: ({ event }) => ({
                      meetingDate: event.meetingDate,
                      attendees: event.attendees,
                      outcome: event.outcome,
                    }),
                  }),
                },
                RECORD_DECISION: {
                  guard: 'meetingReady',
                  target: '#pharmacy.open.decided',
                  actions: 'recordDecision',
                },
              },
            },
          },
        },
        decided: {
          entry: notify<Role>('response-to-send', ['officer']),
          on: {
            RECORD_RESPONSE_SENT: {
              target: '#pharmacy.closed',
              actions: assign({
                responseSent: ({ event }) => ({ sentOn: event.sentOn, reference: event.reference }),
              }),
            },
          },
        },
      },
    },
    closed: {
      type: 'final',
      entry: notify<Role>('response-sent', ['dph', 'hwbbChair', 'scrutinyChair']),
    },
  },
});
