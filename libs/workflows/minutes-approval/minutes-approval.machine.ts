import { assign, setup } from 'xstate';
import { EFFECT_ACTIONS, notify } from '../workflow-effects.machine';

/**
 * Minutes approval (DOMAIN.md workflow 7; seed 002, HWBB agenda of 26 July 2017 item 6 and the
 * minutes of 28 June 2017 item 2).
 *
 * At its next meeting the Board resolves that the minutes of the previous meeting be approved and
 * signed as a correct record, subject to any amendments it lists; the officer records that
 * resolution with the amendments, and the chair signs. If the Board does not take the minutes
 * (the item is deferred), they go to the following meeting. The deadline is the next meeting: the
 * officer is reminded when the agenda is due out (5 working days before) and the officer and the
 * chair are told when the meeting passes with the minutes neither approved nor signed.
 *
 * Pure: effects are declared as actions (notify, armDeadline, cancelDeadline) that the engine
 * turns into rows in the same transaction as the new snapshot.
 */

export type Role = 'chair' | 'officer';
export type DeadlineKey = 'meeting';

export interface MinutesDates {
  /** The meeting whose minutes are approved (28 June 2017 in the seed). */
  meetingDate: string;
  /** The meeting that approves them: the deadline (26 July 2017). */
  nextMeetingDate: string;
}

export interface Resolution {
  meetingDate: string;
  minuteReference: string;
  /** Amendments the Board made, in its words; empty when approved as drafted. */
  amendments: string[];
}

export interface MinutesContext {
  dates: MinutesDates;
  resolution: Resolution | null;
  /** Meetings that did not take the minutes, and why. */
  deferrals: { meetingDate: string; reasons: string }[];
  /** Returns by the chair (the signed copy did not match the resolution) and their corrections. */
  corrections: { reasons: string; correctedOn: string | null; details: string | null }[];
  signature: { comments: string | null } | null;
  overdue: Record<DeadlineKey, boolean>;
}

export type MinutesEvent =
  | {
      type: 'RECORD_APPROVAL';
      meetingDate: string;
      minuteReference: string;
      amendments?: string[];
    }
  | { type: 'DEFER'; meetingDate: string; reasons: string; nextMeetingDate: string }
  | { type: 'SIGN'; role?: string; comments?: string }
  | { type: 'RETURN_FOR_CORRECTION'; role?: string; reasons: string }
  | { type: 'RECORD_CORRECTION'; correctedOn: string; details: string }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface MinutesInput {
  dates: MinutesDates;
}

/** A reminder of the next meeting, to whoever the case waits for, saying how many working days remain. */
const remind = (to: Role[]) => ({
  guard: ({ event }: { event: MinutesEvent }) =>
    event.type === 'REMINDER_DUE' && event.key === 'meeting',
  actions: {
    type: 'notify' as const,
    params: ({ event }: { event: MinutesEvent }) => ({
      message: 'meeting-reminder',
      to,
      workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
    }),
  },
});

export const minutesApprovalMachine = setup({
  types: {
    context: {} as MinutesContext,
    events: {} as MinutesEvent,
    input: {} as MinutesInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
  },
}).createMachine({
  id: 'minutes',
  context: ({ input }) => ({
    dates: input.dates,
    resolution: null,
    deferrals: [],
    corrections: [],
    signature: null,
    overdue: { meeting: false },
  }),
  initial: 'open',
  states: {
    open: {
      entry: {
        type: 'armDeadline',
        params: ({ context }) => ({
          key: 'meeting',
          date: context.dates.nextMeetingDate,
          remindWorkingDaysBefore: [5],
        }),
      },
      exit: { type: 'cancelDeadline', params: { key: 'meeting' } },
      on: {
        DEADLINE_PASSED: {
          guard: ({ event }) => event.key === 'meeting',
          actions: [
            assign({ overdue: { meeting: true } }),
            notify('minutes-overdue', ['officer', 'chair']),
          ],
        },
      },
      initial: 'awaitingApproval',
      states: {
        awaitingApproval: {
          on: {
            RECORD_APPROVAL: {
              target: 'awaitingSignature',
              actions: assign({
                resolution: ({ event }) => ({
                  meetingDate: event.meetingDate,
                  minuteReference: event.minuteReference,
                  amendments: event.amendments ?? [],
                }),
              }),
            },
            DEFER: {
              // The minutes go to a later meeting: the deadline moves with them.
              guard: ({ context, event }) => event.nextMeetingDate > context.dates.nextMeetingDate,
              target: '#minutes.open',
              reenter: true,
              actions: assign({
                deferrals: ({ context, event }) => [
                  ...context.deferrals,
                  { meetingDate: event.meetingDate, reasons: event.reasons },
                ],
                dates: ({ context, event }) => ({
                  ...context.dates,
                  nextMeetingDate: event.nextMeetingDate,
                }),
                overdue: { meeting: false },
              }),
            },
            REMINDER_DUE: remind(['officer']),
          },
        },
        awaitingSignature: {
          entry: notify('signature-requested', ['chair']),
          on: {
            SIGN: {
              target: '#minutes.signed',
              actions: assign({ signature: ({ event }) => ({ comments: event.comments ?? null }) }),
            },
            RETURN_FOR_CORRECTION: {
              target: 'correcting',
              actions: assign({
                corrections: ({ context, event }) => [
                  ...context.corrections,
                  { reasons: event.reasons, correctedOn: null, details: null },
                ],
              }),
            },
            REMINDER_DUE: remind(['chair']),
          },
        },
        correcting: {
          entry: notify('correction-requested', ['officer']),
          on: {
            RECORD_CORRECTION: {
              target: 'awaitingSignature',
              actions: assign({
                corrections: ({ context, event }) =>
                  context.corrections.map((c, i) =>
                    i === context.corrections.length - 1
                      ? { ...c, correctedOn: event.correctedOn, details: event.details }
                      : c,
                  ),
              }),
            },
            REMINDER_DUE: remind(['officer']),
          },
        },
      },
    },
    signed: {
      type: 'final',
      entry: notify('minutes-signed', ['officer']),
    },
  },
});
