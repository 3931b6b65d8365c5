import { assign } from 'xstate';
import { EFFECT_ACTIONS } from '../workflow-effects.machine';
import type { Answerer, BcfContext, BcfEvent } from './bcf-delegated-sign-off.context';

/**
 * The named actions of the BCF delegated sign-off machine: the shared effects (notify,
 * armDeadline, cancelDeadline) and the interests a role's holder declares, which withdraw them
 * until the officer reassigns the role. Names are append-only (docs/adr/0007).
 */

type Args = { context: BcfContext; event: BcfEvent };

/** xstate's assign typed for this machine, as setup() would type it inline. */
const record = assign<BcfContext, BcfEvent, { role: Answerer }, BcfEvent, never>;

export const bcfActions = {
  ...EFFECT_ACTIONS,
  recordInterest: record(({ context, event }: Args, params: { role: Answerer }) =>
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
  reinstate: record(({ context }: Args, params: { role: Answerer }) => ({
    withdrawn: context.withdrawn.filter((r) => r !== params.role),
  })),
};
