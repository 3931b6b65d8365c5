import type { Answerer, BcfContext, BcfEvent, DeadlineKey } from './bcf-delegated-sign-off.context';

/**
 * The guards of the BCF delegated sign-off machine (bcf-delegated-sign-off.machine.ts): the named
 * ones (append-only names, docs/adr/0007) and those its transitions build per deadline or role.
 */

type Args = { context: BcfContext; event: BcfEvent };

/** A deadline's reminder or passing, for that deadline only. */
export const isKey =
  (key: DeadlineKey) =>
  ({ event }: { event: BcfEvent }) =>
    (event.type === 'DEADLINE_PASSED' || event.type === 'REMINDER_DUE') && event.key === key;

/** The answer, interest or reassignment is the role's, and its holder has not withdrawn. */
export const isActive =
  (role: Answerer) =>
  ({ context, event }: { context: BcfContext; event: BcfEvent }) =>
    'role' in event && event.role === role && !context.withdrawn.includes(role);

export const bcfGuards = {
  allConditionsMet: ({ context }: Args) => context.conditions.every((c) => c.metOn !== null),
};
