import { notify } from '../workflow-effects.machine';
import type { Answerer, BcfEvent, DeadlineKey, Role } from './bcf-delegated-sign-off.context';
import { isActive, isKey } from './bcf-delegated-sign-off.guards';

/**
 * Transitions the BCF delegated sign-off machine repeats per deadline or per role, built here so
 * that each state names them once.
 */

/** A reminder says how many working days remain. */
export const remindWhenKey = (key: DeadlineKey, to: Role[]) => ({
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

/**
 * While `role`'s answer is awaited: its holder may declare an interest (a disclosable pecuniary
 * one withdraws them and tells the officer), and the officer may hand the role to a new holder
 * (the engine rebinds the role; the machine asks the new holder afresh).
 */
export const interestsOf = (role: Answerer, request: string) => ({
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
