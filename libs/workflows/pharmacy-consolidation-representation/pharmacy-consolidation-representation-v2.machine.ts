import { derive } from '../machine-differences.service';
import { isDeadlineEvent, notify, remindWhen } from '../workflow-effects.machine';
import {
  pharmacyConsolidationMachine as v1,
  type PharmacyContext,
  type PharmacyEvent,
  type PharmacyInput,
  type Role,
} from './pharmacy-consolidation-representation.machine';

/**
 * Version 2 of the pharmacy consolidation representation: version 1
 * (pharmacy-consolidation-representation.machine.ts, unchanged while cases run on it) with the
 * representation made to the Integrated Care Board. Integrated Care Boards took over the
 * commissioning of pharmaceutical services from NHS England on 1 April 2023 (delegated under the
 * Health and Care Act 2022), so it is the ICB that notifies the HWBB of a consolidation application
 * and to which the HWBB's representation goes within 45 days (the NHS (Pharmaceutical and Local
 * Pharmaceutical Services) Regulations 2013, reg 26A). The steps, their guards and their dates are
 * version 1's; what changes is whom the emails name: every message that named NHS England is a new
 * message naming the ICB (a released message keeps its words for the cases that sent it).
 *
 * Pure, xstate and the shared effect vocabulary only (workflow-effects.machine.ts).
 */

export type { PharmacyContext, PharmacyEvent, PharmacyInput, Role };

/** Version 1's configuration of a state, its plain objects and lists copied, its functions shared. */
function copied<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copied) as T;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copied(x)])) as T;
  return v;
}

const v1States = v1.config.states as Record<string, Record<string, unknown>>;
const v1Open = v1States.open;
const v1OpenStates = v1Open.states as Record<string, Record<string, unknown>>;

/** The ICB's notification: the DPH, the HWBB chair and the scrutiny chair are told, the 45 days armed. */
const open = {
  ...copied(v1Open),
  entry: [
    notify<Role>('icb-consolidation-notified', ['dph', 'hwbbChair', 'scrutinyChair']),
    // Version 1's arming of the 45-day response deadline, the very same action.
    (v1Open.entry as unknown[])[1],
  ],
};

export const pharmacyConsolidationV2Machine = derive<PharmacyContext, PharmacyEvent, PharmacyInput>(
  v1,
  {
    replacedStates: {
      open,
      'open.nonContentious': {
        ...copied(v1OpenStates.nonContentious),
        entry: notify<Role>('icb-consultation-required', ['dph']),
      },
      'open.decided': {
        ...copied(v1OpenStates.decided),
        entry: notify<Role>('icb-response-to-send', ['officer']),
      },
      closed: {
        ...copied(v1States.closed),
        entry: notify<Role>('icb-response-sent', ['dph', 'hwbbChair', 'scrutinyChair']),
      },
    },
    replacedTransitions: {
      // The 45-day response to the ICB: reminded and escalated in the ICB's words.
      open: {
        DEADLINE_PASSED: {
          guard: isDeadlineEvent('response'),
          actions: [
            { type: 'markOverdue', params: { key: 'response' } },
            notify<Role>('icb-response-overdue', ['officer', 'dph']),
          ],
        },
        REMINDER_DUE: remindWhen<Role>('response', 'icb-response-reminder', ['officer', 'dph']),
      },
    },
  },
);
