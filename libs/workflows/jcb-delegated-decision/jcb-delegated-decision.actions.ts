import { assign } from 'xstate';
import type {
  ArmDeadlineParams,
  CancelDeadlineParams,
  JcbContext,
  JcbEvent,
  NotifyParams,
} from './jcb-delegated-decision.context';

/**
 * The named actions of version 1's machine (jcb-delegated-decision.machine.ts): the effects it
 * declares (notify, armDeadline, cancelDeadline: the engine turns them into rows) and the records
 * several transitions keep. Names are append-only (docs/adr/0007), as the guards'.
 */

type Args = { context: JcbContext; event: JcbEvent };

/** xstate's assign typed for this machine, as setup() would type it inline. */
const record = assign<JcbContext, JcbEvent, undefined, JcbEvent, never>;

export const jcbActions = {
  notify: (_: Args, _params: NotifyParams) => undefined,
  armDeadline: (_: Args, _params: ArmDeadlineParams) => undefined,
  cancelDeadline: (_: Args, _params: CancelDeadlineParams) => undefined,
  recordHands: record({
    showOfHands: ({ event }: Args) => {
      const e = event as Extract<JcbEvent, { type: 'RECORD_SHOW_OF_HANDS' }>;
      return {
        meetingDate: e.meeting.meetingDate,
        hands: e.hands,
        outcome: e.outcome!,
        tally: e.tally ?? { for: 0, against: 0, abstain: 0 },
        explanation: e.explanation ?? [],
      };
    },
  }),
  recordSignature: record({
    signatures: ({ context, event }: Args) =>
      event.type === 'SIGN_NOTICE' && event.role !== 'officer'
        ? { ...context.signatures, [event.role]: event.signedOn }
        : context.signatures,
  }),
  recordPublication: record(({ event }: Args) => {
    const e = event as Extract<JcbEvent, { type: 'RECORD_PUBLICATION' }>;
    return {
      publication: {
        publishedOn: e.publishedOn,
        callInEndsOn: e.callInEndsOn ?? e.publishedOn,
        implementableFrom: e.implementableFrom ?? e.publishedOn,
        explanation: e.explanation ?? [],
      },
      callIn: null,
    };
  }),
  recordOutcome: record({
    callIn: ({ context, event }: Args) =>
      event.type === 'RECORD_CALL_IN_OUTCOME' && context.callIn
        ? {
            ...context.callIn,
            outcome: {
              result: event.result,
              recordedOn: event.recordedOn,
              minuteReference: event.minuteReference,
            },
          }
        : context.callIn,
  }),
};
