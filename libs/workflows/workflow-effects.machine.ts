/**
 * The effect vocabulary every workflow machine shares, xstate only. Machines declare effects as
 * these named actions with parameters; xstate's pure `transition` returns them without running
 * anything, and the engine's effect planner writes them as rows (emails, deadlines) in the same
 * transaction as the new snapshot (libs/engine/effect-planner.service.ts reads these shapes).
 */

/** Email the holders of `to` (role names) the message `message`. */
export interface NotifyParams {
  message: string;
  to: string[];
  /** For reminders: how many working days remain before the deadline. */
  workingDaysLeft?: number;
}

/** Arm a deadline for the end of `date` (London), with reminders at 09:00 so many working days before. */
export interface ArmDeadlineParams {
  key: string;
  date: string;
  remindWorkingDaysBefore: number[];
}

/** Cancel the pending deadline and reminders armed under `key`. */
export interface CancelDeadlineParams {
  key: string;
}

/** The events the deadline worker sends; every machine with deadlines accepts these shapes. */
export type DeadlineEvent =
  | { type: 'DEADLINE_PASSED'; key: string }
  | { type: 'REMINDER_DUE'; key: string; workingDaysLeft: number };

/** For `setup({ actions: { ...EFFECT_ACTIONS } })`: the actions do nothing in the machine itself. */
export const EFFECT_ACTIONS = {
  notify: (_: unknown, _params: NotifyParams) => undefined,
  armDeadline: (_: unknown, _params: ArmDeadlineParams) => undefined,
  cancelDeadline: (_: unknown, _params: CancelDeadlineParams) => undefined,
};

export const notify = <R extends string>(message: string, to: R[]) => ({
  type: 'notify' as const,
  params: { message, to },
});

export const cancelDeadline = (key: string) => ({
  type: 'cancelDeadline' as const,
  params: { key },
});

/** A guard: the event is the worker's deadline or reminder event for `key`. */
export const isDeadlineEvent =
  (key: string) =>
  ({ event }: { event: { type: string; key?: unknown } }) =>
    (event.type === 'DEADLINE_PASSED' || event.type === 'REMINDER_DUE') && event.key === key;

/** On a reminder for `key`, email `to` the message `message`, saying how many working days remain. */
export const remindWhen = <R extends string>(key: string, message: string, to: R[]) => ({
  guard: isDeadlineEvent(key),
  actions: {
    type: 'notify' as const,
    params: ({ event }: { event: { type: string; workingDaysLeft?: number } }) => ({
      message,
      to,
      workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
    }),
  },
});
