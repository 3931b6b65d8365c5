import type { JcbContext, JcbEvent, ShowOfHandsOutcome } from './jcb-delegated-decision.context';

/**
 * The named guards of version 1's machine (jcb-delegated-decision.machine.ts). Names are
 * append-only (docs/adr/0007): later versions reuse them by name, so what a name decides here it
 * decides in every version; a changed rule gets a new name. Each checks what the template layer
 * wrote into the event (verdicts, the quorum, the call-in dates) against the case so far.
 */

type Args = { context: JcbContext; event: JcbEvent };

/** Attendance and hands must be of the meeting the notices were checked for. */
const forThisMeeting = ({ context, event }: Args) =>
  'meeting' in event && event.meeting.meetingDate === context.dates.meetingDate;

/** Plain-JSON equality, whatever the key order (the database's jsonb reorders keys). */
export const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);
/** The show of hands is for the very attendance that was recorded. */
const sameFacts = (a: unknown, b: unknown) => canonical(a) === canonical(b);

export const jcbGuards = {
  noticesMet: ({ context, event }: Args) =>
    event.type === 'RECORD_NOTICES' &&
    event.meetingDate === context.dates.meetingDate &&
    (event.verdicts ?? []).length > 0 &&
    (event.verdicts ?? []).every((v) => v.met),
  quorate: (args: Args) =>
    args.event.type === 'RECORD_ATTENDANCE' &&
    forThisMeeting(args) &&
    args.event.quorum?.quorate === true,
  handsOf: ({ context, event }: Args, params: { outcome: ShowOfHandsOutcome }) =>
    event.type === 'RECORD_SHOW_OF_HANDS' &&
    context.meeting !== null &&
    sameFacts(event.meeting, context.meeting.facts) &&
    event.outcome === params.outcome,
  laterMeeting: ({ context, event }: Args) =>
    event.type === 'RECONSIDER' &&
    event.meetingDate > context.dates.meetingDate &&
    event.talkedOn <= event.meetingDate,
  /** ToR para 28: the Cabinet members said to agree must have shown a hand for. */
  agreedInTheRoom: ({ context, event }: Args) => {
    if (event.type !== 'RECORD_DECISION' || !context.showOfHands || !context.meeting) return false;
    const handsFor = new Set(
      context.showOfHands.hands.filter((h) => h.hand === 'for').map((h) => h.personId),
    );
    return (
      event.decidedOn >= context.showOfHands.meetingDate &&
      (event.delegationCheck ?? []).length > 0 &&
      (event.cabinetMembersAgreeing ?? []).every((p) => handsFor.has(p))
    );
  },
  keyDecision: ({ context }: Args) => context.notices?.keyDecision === true,
  publishedAfterDecision: ({ context, event }: Args) =>
    event.type === 'RECORD_PUBLICATION' &&
    context.decision !== null &&
    event.publishedOn >= context.decision.decidedOn &&
    typeof event.implementableFrom === 'string' &&
    typeof event.callInEndsOn === 'string',
  withinCallInPeriod: ({ context, event }: Args) =>
    event.type === 'CALL_IN' &&
    context.publication !== null &&
    event.calledInOn >= context.publication.publishedOn &&
    event.calledInOn <= context.publication.callInEndsOn,
  outcomeAfterCallIn: ({ context, event }: Args, params: { result: string }) =>
    event.type === 'RECORD_CALL_IN_OUTCOME' &&
    context.callIn !== null &&
    event.recordedOn >= context.callIn.calledInOn &&
    event.result === params.result,
};
