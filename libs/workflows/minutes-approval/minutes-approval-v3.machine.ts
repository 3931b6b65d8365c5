import { assign } from 'xstate';
import { derive, placedBefore } from '../machine-differences.service';
import type { MinutesInput } from './minutes-approval.machine';
import {
  minutesApprovalV2Machine as v2,
  type MinutesV2Context,
  type MinutesV2Event,
  type SignerRole,
} from './minutes-approval-v2.machine';

/**
 * Version 3 of minutes approval: version 2 (minutes-approval-v2.machine.ts, unchanged while cases
 * run on it) written as its differences (machine-differences.service.ts).
 *
 * The minutes are signed "by the person presiding" at the meeting that approves them (LGA 1972
 * Sch 12 para 41(1)). Version 2 asked the chair, or the vice-chair in the chair's place, and when
 * neither could sign the meeting's approval was refused whole. Now the approval is recorded, with
 * `signer: 'presiding'` and why neither signs, and the case waits for the officer to name the
 * member who presided (NAME_PRESIDING_MEMBER, from the meeting page: a member recorded present at
 * the meeting, checked by the meetings API); that member (the case's `presiding` role, bound to
 * them by the event) is then asked to sign, and only they sign or return the minutes.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type SignerRoleV3 = SignerRole | 'presiding';

export interface SignerV3 {
  role: SignerRoleV3;
  /** The chair in whose place the vice-chair or the member who presided signs (null: no chair). */
  inPlaceOf: string | null;
  because: string | null;
  /** The member who presided, once the officer named them (the presiding signer only). */
  name?: string | null;
}

export interface MinutesV3Context extends Omit<MinutesV2Context, 'signer' | 'signature'> {
  signer: SignerV3 | null;
  signature: {
    comments: string | null;
    by?: SignerRoleV3;
    inPlaceOf?: string | null;
    name?: string | null;
  } | null;
}

export type MinutesV3Event =
  | Exclude<MinutesV2Event, { type: 'RECORD_APPROVAL' }>
  | (Omit<Extract<MinutesV2Event, { type: 'RECORD_APPROVAL' }>, 'signer'> & {
      signer: SignerRoleV3;
    })
  | { type: 'NAME_PRESIDING_MEMBER'; personId: string; name: string; fromMeeting?: true };

type Args = { context: MinutesV3Context; event: MinutesV3Event };

const signerOf = (context: MinutesV3Context): SignerRoleV3 => context.signer?.role ?? 'chair';

/** The signature request, to the signer: the member who presided has their own. */
const requestSignature = {
  type: 'notify' as const,
  params: ({ context }: { context: MinutesV3Context }) =>
    signerOf(context) === 'presiding'
      ? { message: 'signature-requested-presiding', to: ['presiding'] }
      : signerOf(context) === 'viceChair'
        ? { message: 'signature-requested-in-place', to: ['viceChair'] }
        : { message: 'signature-requested', to: ['chair'] },
};

const remindSigner = {
  guard: 'isMeetingReminder',
  actions: {
    type: 'notify' as const,
    params: ({ context, event }: Args) => ({
      message: 'meeting-reminder',
      to: [signerOf(context)],
      workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
    }),
  },
};

export const minutesApprovalV3Machine = derive<MinutesV3Context, MinutesV3Event, MinutesInput>(v2, {
  guards: {
    presidingToBeNamed: ({ event }: Args) =>
      event.type === 'RECORD_APPROVAL' && event.signer === 'presiding',
  },
  actions: {
    recordSignerV3: assign({
      signer: ({ event }: Args) =>
        event.type === 'RECORD_APPROVAL'
          ? {
              role: event.signer,
              inPlaceOf: event.signer === 'chair' ? null : (event.inPlaceOf ?? null),
              because: event.signer === 'chair' ? null : (event.because ?? null),
              ...(event.signer === 'presiding' ? { name: null } : {}),
            }
          : null,
    }),
    recordPresidingMember: assign({
      signer: ({ context, event }: Args) => ({
        role: 'presiding' as const,
        inPlaceOf: context.signer?.inPlaceOf ?? null,
        because: context.signer?.because ?? null,
        name: event.type === 'NAME_PRESIDING_MEMBER' ? event.name : null,
      }),
    }),
    recordSignatureBySignerV3: assign({
      signature: ({ context, event }: Args) => ({
        comments: event.type === 'SIGN' ? (event.comments ?? null) : null,
        by: signerOf(context),
        inPlaceOf: context.signer?.inPlaceOf ?? null,
        ...(signerOf(context) === 'presiding' ? { name: context.signer?.name ?? null } : {}),
      }),
    }),
  },
  replacedTransitions: {
    // With no chair or vice-chair to sign, the approval waits for the member who presided.
    'open.awaitingApproval': {
      RECORD_APPROVAL: (before: unknown[]) => {
        const [approve] = before as { actions: unknown }[];
        const actions = [approve.actions]
          .flat()
          .map((a) => (a === 'recordSigner' ? 'recordSignerV3' : a));
        return [
          { guard: 'presidingToBeNamed', target: 'awaitingPresidingMember', actions },
          ...(before as object[]).map((t) => ({ ...t, actions })),
        ];
      },
    },
  },
  addedStates: {
    'open.awaitingPresidingMember': placedBefore('awaitingSignature', {
      entry: {
        type: 'notify',
        params: { message: 'presiding-member-to-name', to: ['officer'] },
      },
      on: {
        NAME_PRESIDING_MEMBER: { target: 'awaitingSignature', actions: 'recordPresidingMember' },
        REMINDER_DUE: {
          guard: 'isMeetingReminder',
          actions: {
            type: 'notify',
            params: ({ event }: Args) => ({
              message: 'meeting-reminder',
              to: ['officer'],
              workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
            }),
          },
        },
      },
    }),
  },
  replacedStates: {
    // Version 2's signature, asked of the member who presided too.
    'open.awaitingSignature': {
      entry: requestSignature,
      on: {
        SIGN: {
          guard: 'bySigner',
          target: '#minutes.signed',
          actions: 'recordSignatureBySignerV3',
        },
        RETURN_FOR_CORRECTION: {
          guard: 'bySigner',
          target: 'correcting',
          actions: assign({
            corrections: ({ context, event }: Args) => [
              ...context.corrections,
              {
                reasons: event.type === 'RETURN_FOR_CORRECTION' ? event.reasons : '',
                correctedOn: null,
                details: null,
              },
            ],
          }),
        },
        REMINDER_DUE: remindSigner,
      },
    },
  },
});
