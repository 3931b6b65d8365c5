import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import {
  minutesApprovalMachine as v1,
  type MinutesContext,
  type MinutesEvent,
  type MinutesInput,
} from './minutes-approval.machine';

/**
 * Version 2 of minutes approval: version 1 (minutes-approval.machine.ts, unchanged while cases run
 * on it) written as its differences (machine-differences.service.ts).
 *
 * The Board's resolution approving the minutes "as a correct record" is taken at its later meeting
 * (seed 002, HWBB agenda of 26 July 2017 item 6), so RECORD_APPROVAL comes only from that meeting
 * (the meetings API, libs/meetings/minutes-case-bridge.service.ts), with the amendments the meeting
 * made and who is to sign: the chair of the Board, or, when the chair is absent (by the meeting's
 * attendance, or, where it is silent, the directory), its vice-chair in the chair's
 * place (seed 002: the vice-chair presides in the chair's absence). Who holds either seat is the
 * directory's (the case's `chair` and `viceChair` roles are the body's seats). Only the person
 * asked signs or returns the minutes.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type SignerRole = 'chair' | 'viceChair';
export type RoleV2 = SignerRole | 'officer';

export interface Signer {
  role: SignerRole;
  /** For the vice-chair: the chair in whose place they sign, and why the chair does not. */
  inPlaceOf: string | null;
  because: string | null;
}

export interface MinutesV2Context extends MinutesContext {
  /** Who signs, set by the meeting's approval; null before it. */
  signer: Signer | null;
  /** Version 2's signature: version 1's, with who signed and in whose place. */
  signature: { comments: string | null; by?: SignerRole; inPlaceOf?: string | null } | null;
}

export type MinutesV2Event =
  | Exclude<MinutesEvent, { type: 'RECORD_APPROVAL' }>
  | {
      type: 'RECORD_APPROVAL';
      meetingDate: string;
      minuteReference: string;
      amendments?: string[];
      signer: SignerRole;
      inPlaceOf?: string;
      because?: string;
      fromMeeting?: true;
    };

type Args = { context: MinutesV2Context; event: MinutesV2Event };

const signerOf = (context: MinutesV2Context): SignerRole => context.signer?.role ?? 'chair';

/** The signature request, to the signer; the vice-chair's says in whose place. */
const requestSignature = {
  type: 'notify' as const,
  params: ({ context }: { context: MinutesV2Context }) =>
    signerOf(context) === 'viceChair'
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

export const minutesApprovalV2Machine = derive<MinutesV2Context, MinutesV2Event, MinutesInput>(v1, {
  context: (v1Context) => (args) => ({ ...v1Context(args), signer: null }),
  guards: {
    bySigner: ({ context, event }: Args) => (event as { role?: string }).role === signerOf(context),
    isMeetingReminder: ({ event }: Args) =>
      event.type === 'REMINDER_DUE' && event.key === 'meeting',
  },
  actions: {
    recordSigner: assign({
      signer: ({ event }: Args) =>
        event.type === 'RECORD_APPROVAL'
          ? {
              role: event.signer,
              inPlaceOf: event.signer === 'viceChair' ? (event.inPlaceOf ?? null) : null,
              because: event.signer === 'viceChair' ? (event.because ?? null) : null,
            }
          : null,
    }),
    recordSignatureBySigner: assign({
      signature: ({ context, event }: Args) => ({
        comments: event.type === 'SIGN' ? (event.comments ?? null) : null,
        by: signerOf(context),
        inPlaceOf: context.signer?.inPlaceOf ?? null,
      }),
    }),
  },
  replacedTransitions: {
    // Version 1's approval, with who signs recorded.
    'open.awaitingApproval': {
      RECORD_APPROVAL: (before: unknown[]) =>
        (before as { actions: unknown }[]).map((t) => ({
          ...t,
          actions: [t.actions, 'recordSigner'].flat(),
        })),
    },
  },
  replacedStates: {
    // The signature asked of the signer alone: the chair, or the vice-chair in the chair's place.
    'open.awaitingSignature': {
      entry: requestSignature,
      on: {
        SIGN: {
          guard: 'bySigner',
          target: '#minutes.signed',
          actions: 'recordSignatureBySigner',
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
