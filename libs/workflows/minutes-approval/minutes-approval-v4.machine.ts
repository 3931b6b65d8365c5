import { derive } from '../machine-differences.service';
import type { MinutesInput } from './minutes-approval.machine';
import {
  minutesApprovalV3Machine as v3,
  type MinutesV3Context,
  type MinutesV3Event,
  type SignerRoleV3,
} from './minutes-approval-v3.machine';

/**
 * Version 4 of minutes approval: version 3 (minutes-approval-v3.machine.ts, unchanged while cases
 * run on it) written as its differences (machine-differences.service.ts).
 *
 * The statechart is version 3's but for the escalation when the meeting's day ends with the
 * minutes unsigned. Versions 1 to 3 told the officer and the chair, even when the vice-chair or the
 * member who presided was to sign, and the chair was absent from the meeting. The seeds name no
 * one else for it: the Board's papers give the Senior Democratic Support Officer as the contact
 * (seed 002, HWBB agenda of 26 July 2017, "Contacts"), and every other template escalates to the
 * officer and to whoever owes the step that is late (grant ratification's report owner, pharmacy's
 * Director of Public Health, BCF's delegated approver). So version 4 tells the officer, and, once
 * the meeting has approved the minutes and named who signs, that signer (the chair, the vice-chair
 * in the chair's place, or the member who presided once named): never an absent chair.
 *
 * Who the signer is, once the approval is recorded, is fixed on the case's roles, not here: the
 * template binds the signing role to that person (minutes-approval-v4.template.ts, `namesRoles`).
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type MinutesV4Context = MinutesV3Context;
export type MinutesV4Event = MinutesV3Event;

type Args = { context: MinutesV4Context; event: MinutesV4Event };

/** Who owes the signature, once known: nobody before the approval, or while the officer names the member who presided. */
function signerKnown(context: MinutesV4Context): SignerRoleV3 | null {
  const signer = context.signer;
  if (!signer) return null;
  if (signer.role === 'presiding' && !signer.name) return null;
  return signer.role;
}

const escalateToOfficerAndSigner = {
  type: 'notify' as const,
  params: ({ context }: Args) => {
    const signer = signerKnown(context);
    return { message: 'minutes-overdue', to: signer ? ['officer', signer] : ['officer'] };
  },
};

export const minutesApprovalV4Machine = derive<MinutesV4Context, MinutesV4Event, MinutesInput>(v3, {
  replacedTransitions: {
    open: {
      DEADLINE_PASSED: (before: unknown[]) => {
        const [passed] = before as { guard: unknown; actions: unknown[] }[];
        // Version 1's guard and its `overdue` mark, the very same; the escalation to whom it is owed.
        return { ...passed, actions: [passed.actions[0], escalateToOfficerAndSigner] };
      },
    },
  },
});
