import { and, assign, setup } from 'xstate';

/**
 * A decision taken under delegation after the Joint Commissioning Board's consensus (DOMAIN.md
 * workflow 3; JCB terms of reference, seed 002). Notices are checked, the meeting's attendance and
 * declarations recorded (quorate or refused), the show of hands taken; on consensus the delegate
 * decides within their delegation, the Decision Notice is signed by the decision maker and the
 * Proper Officer (either order), published, and after the call-in period the decision becomes
 * implementable. Without consensus the Chair defers the item or refers it back.
 *
 * Pure: every rule that needs the calendar, the quorum rule or the delegation's limits is decided
 * in the template layer (the event payloads' validation) before an event reaches this machine; the
 * machine keeps the verdicts and explanations it is given. Effects are declared as actions
 * (notify, armDeadline, cancelDeadline).
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'officer';
export type DeadlineKey = 'meeting' | 'callIn';

export interface JcbDates {
  /** The Board meeting at which the item is to be taken. */
  meetingDate: string;
}

/** A rule's verdict as the template layer gave it: code, met or not, the lines that explain it. */
export interface Verdict {
  code: string;
  met: boolean;
  explanation: string[];
}

export interface NoticeRecord {
  meetingDate: string;
  itemTitle: string;
  keyDecision: boolean;
  forwardPlanPublishedOn: string | null;
  reportPublishedOn: string | null;
  privateItem: { noticePublishedOn: string | null; reasons: string | null } | null;
  verdicts: Verdict[];
}

/** The meeting facts (members, attendance, declarations, dispensations) as recorded. */
export type MeetingFacts = Record<string, unknown>;

export interface MeetingRecord {
  meetingDate: string;
  facts: MeetingFacts;
  quorum: { quorate: boolean; explanation: string[] };
  excludedPersonIds: string[];
  interests: { personId: string; name: string; kind: string; nature: string; effect: string[] }[];
}

export type ShowOfHandsOutcome = 'consensus' | 'noConsensusDeferred' | 'noConsensusReferredBack';

export interface ShowOfHandsRecord {
  meetingDate: string;
  hands: { personId: string; hand: 'for' | 'against' | 'abstain' }[];
  outcome: ShowOfHandsOutcome;
  tally: Record<'for' | 'against' | 'abstain', number>;
  explanation: string[];
}

export interface DecisionRecord {
  decidedOn: string;
  decision: string;
  reasons: string;
  alternativesRejected: string[];
  amount: number | null;
  actingAs: 'cabinetMember' | 'ccgMember';
  cabinetMembersAgreeing: string[];
  delegationCheck: string[];
}

export interface PublicationRecord {
  publishedOn: string;
  callInEndsOn: string;
  implementableFrom: string;
  explanation: string[];
}

export interface CallInRecord {
  calledInOn: string;
  calledInBy: string;
  reasons: string;
  outcome: {
    result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
    recordedOn: string;
    minuteReference: string;
  } | null;
}

export interface JcbContext {
  dates: JcbDates;
  notices: NoticeRecord | null;
  meeting: MeetingRecord | null;
  showOfHands: ShowOfHandsRecord | null;
  /** Earlier shows of hands that ended in deferral, and what the Chair and partner lead agreed. */
  deferrals: { showOfHands: ShowOfHandsRecord; talkedOn: string | null; note: string | null }[];
  decision: DecisionRecord | null;
  /** Decisions sent back by a call-in, oldest first. */
  earlierDecisions: DecisionRecord[];
  signatures: { decisionMaker: string | null; properOfficer: string | null };
  publication: PublicationRecord | null;
  callIn: CallInRecord | null;
  referredBack: { on: string; explanation: string[] } | null;
  implementableOn: string | null;
  overdue: Record<DeadlineKey, boolean>;
}

export type JcbEvent =
  | {
      type: 'RECORD_NOTICES';
      meetingDate: string;
      itemTitle: string;
      keyDecision: boolean;
      forwardPlanPublishedOn?: string | null;
      reportPublishedOn?: string | null;
      privateItem?: { noticePublishedOn?: string | null; reasons?: string | null } | null;
      verdicts?: Verdict[];
    }
  | {
      type: 'RECORD_ATTENDANCE';
      meeting: MeetingFacts & { meetingDate: string };
      quorum?: { quorate: boolean; explanation: string[] };
      excludedPersonIds?: string[];
      interests?: MeetingRecord['interests'];
    }
  | {
      type: 'RECORD_SHOW_OF_HANDS';
      meeting: MeetingFacts & { meetingDate: string };
      hands: ShowOfHandsRecord['hands'];
      chairChoice?: { outcome: 'deferred' | 'referredBack'; consultedThosePresent: boolean };
      outcome?: ShowOfHandsOutcome;
      tally?: ShowOfHandsRecord['tally'];
      explanation?: string[];
    }
  | { type: 'RECONSIDER'; talkedOn: string; note: string; meetingDate: string }
  | {
      type: 'RECORD_DECISION';
      decidedOn: string;
      decision: string;
      reasons: string;
      alternativesRejected: string[];
      amount?: number | null;
      actingAs: 'cabinetMember' | 'ccgMember';
      cabinetMembersAgreeing?: string[];
      delegationCheck?: string[];
    }
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | {
      type: 'RECORD_PUBLICATION';
      publishedOn: string;
      callInEndsOn?: string;
      implementableFrom?: string;
      explanation?: string[];
    }
  | { type: 'CALL_IN'; calledInOn: string; calledInBy: string; reasons: string }
  | {
      type: 'RECORD_CALL_IN_OUTCOME';
      result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
      recordedOn: string;
      minuteReference: string;
    }
  | { type: 'DEADLINE_PASSED'; key: DeadlineKey }
  | { type: 'REMINDER_DUE'; key: DeadlineKey; workingDaysLeft: number };

export interface JcbInput {
  dates: JcbDates;
}

export interface NotifyParams {
  message: string;
  to: Role[];
}
export interface ArmDeadlineParams {
  key: DeadlineKey;
  date: string;
  remindWorkingDaysBefore: number[];
}
export interface CancelDeadlineParams {
  key: DeadlineKey;
}

const notify = (message: string, to: Role[]) => ({
  type: 'notify' as const,
  params: { message, to },
});

const isKey =
  (key: DeadlineKey) =>
  ({ event }: { event: JcbEvent }) =>
    (event.type === 'DEADLINE_PASSED' || event.type === 'REMINDER_DUE') && event.key === key;

/** Attendance and hands must be of the meeting the notices were checked for. */
const forThisMeeting = ({ context, event }: { context: JcbContext; event: JcbEvent }) =>
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

export const jcbDelegatedDecisionMachine = setup({
  types: {
    context: {} as JcbContext,
    events: {} as JcbEvent,
    input: {} as JcbInput,
  },
  actions: {
    notify: (_, _params: NotifyParams) => undefined,
    armDeadline: (_, _params: ArmDeadlineParams) => undefined,
    cancelDeadline: (_, _params: CancelDeadlineParams) => undefined,
    recordHands: assign({
      showOfHands: ({ event }) => {
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
    recordSignature: assign({
      signatures: ({ context, event }) =>
        event.type === 'SIGN_NOTICE' && event.role !== 'officer'
          ? { ...context.signatures, [event.role]: event.signedOn }
          : context.signatures,
    }),
    recordPublication: assign(({ event }) => {
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
    recordOutcome: assign({
      callIn: ({ context, event }) =>
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
  },
  guards: {
    noticesMet: ({ context, event }) =>
      event.type === 'RECORD_NOTICES' &&
      event.meetingDate === context.dates.meetingDate &&
      (event.verdicts ?? []).length > 0 &&
      (event.verdicts ?? []).every((v) => v.met),
    quorate: (args) =>
      args.event.type === 'RECORD_ATTENDANCE' &&
      forThisMeeting(args) &&
      args.event.quorum?.quorate === true,
    handsOf: ({ context, event }, params: { outcome: ShowOfHandsOutcome }) =>
      event.type === 'RECORD_SHOW_OF_HANDS' &&
      context.meeting !== null &&
      sameFacts(event.meeting, context.meeting.facts) &&
      event.outcome === params.outcome,
    laterMeeting: ({ context, event }) =>
      event.type === 'RECONSIDER' &&
      event.meetingDate > context.dates.meetingDate &&
      event.talkedOn <= event.meetingDate,
    /** ToR para 28: the Cabinet members said to agree must have shown a hand for. */
    agreedInTheRoom: ({ context, event }) => {
      if (event.type !== 'RECORD_DECISION' || !context.showOfHands || !context.meeting)
        return false;
      const handsFor = new Set(
        context.showOfHands.hands.filter((h) => h.hand === 'for').map((h) => h.personId),
      );
      return (
        event.decidedOn >= context.showOfHands.meetingDate &&
        (event.delegationCheck ?? []).length > 0 &&
        (event.cabinetMembersAgreeing ?? []).every((p) => handsFor.has(p))
      );
    },
    keyDecision: ({ context }) => context.notices?.keyDecision === true,
    publishedAfterDecision: ({ context, event }) =>
      event.type === 'RECORD_PUBLICATION' &&
      context.decision !== null &&
      event.publishedOn >= context.decision.decidedOn &&
      typeof event.implementableFrom === 'string' &&
      typeof event.callInEndsOn === 'string',
    withinCallInPeriod: ({ context, event }) =>
      event.type === 'CALL_IN' &&
      context.publication !== null &&
      event.calledInOn >= context.publication.publishedOn &&
      event.calledInOn <= context.publication.callInEndsOn,
    outcomeAfterCallIn: ({ context, event }, params: { result: string }) =>
      event.type === 'RECORD_CALL_IN_OUTCOME' &&
      context.callIn !== null &&
      event.recordedOn >= context.callIn.calledInOn &&
      event.result === params.result,
  },
}).createMachine({
  id: 'jcb',
  context: ({ input }) => ({
    dates: input.dates,
    notices: null,
    meeting: null,
    showOfHands: null,
    deferrals: [],
    decision: null,
    earlierDecisions: [],
    signatures: { decisionMaker: null, properOfficer: null },
    publication: null,
    callIn: null,
    referredBack: null,
    implementableOn: null,
    overdue: { meeting: false, callIn: false },
  }),
  initial: 'beforeMeeting',
  states: {
    beforeMeeting: {
      entry: [
        {
          type: 'armDeadline',
          params: ({ context }) => ({
            key: 'meeting',
            date: context.dates.meetingDate,
            // ToR 6.8: reports out 5 clear working days before; a reminder a little earlier.
            remindWorkingDaysBefore: [7, 1],
          }),
        },
      ],
      exit: { type: 'cancelDeadline', params: { key: 'meeting' } },
      on: {
        REMINDER_DUE: {
          guard: isKey('meeting'),
          actions: notify('meeting-reminder', ['officer']),
        },
        DEADLINE_PASSED: {
          guard: isKey('meeting'),
          actions: [
            assign({ overdue: ({ context }) => ({ ...context.overdue, meeting: true }) }),
            notify('meeting-overdue', ['officer']),
          ],
        },
      },
      initial: 'notices',
      states: {
        notices: {
          on: {
            RECORD_NOTICES: {
              guard: 'noticesMet',
              target: 'meeting',
              actions: assign({
                notices: ({ event }) => {
                  const e = event as Extract<JcbEvent, { type: 'RECORD_NOTICES' }>;
                  return {
                    meetingDate: e.meetingDate,
                    itemTitle: e.itemTitle,
                    keyDecision: e.keyDecision,
                    forwardPlanPublishedOn: e.forwardPlanPublishedOn ?? null,
                    reportPublishedOn: e.reportPublishedOn ?? null,
                    privateItem: e.privateItem
                      ? {
                          noticePublishedOn: e.privateItem.noticePublishedOn ?? null,
                          reasons: e.privateItem.reasons ?? null,
                        }
                      : null,
                    verdicts: e.verdicts ?? [],
                  };
                },
              }),
            },
          },
        },
        meeting: {
          on: {
            RECORD_ATTENDANCE: {
              guard: 'quorate',
              target: 'showOfHands',
              actions: assign({
                meeting: ({ event }) => {
                  const e = event as Extract<JcbEvent, { type: 'RECORD_ATTENDANCE' }>;
                  return {
                    meetingDate: e.meeting.meetingDate,
                    facts: e.meeting,
                    quorum: e.quorum ?? { quorate: false, explanation: [] },
                    excludedPersonIds: e.excludedPersonIds ?? [],
                    interests: e.interests ?? [],
                  };
                },
              }),
            },
          },
        },
        showOfHands: {
          on: {
            RECORD_SHOW_OF_HANDS: [
              {
                guard: { type: 'handsOf', params: { outcome: 'consensus' } },
                target: '#jcb.awaitingDecision',
                actions: ['recordHands', notify('decision-requested', ['decisionMaker'])],
              },
              {
                guard: { type: 'handsOf', params: { outcome: 'noConsensusDeferred' } },
                target: '#jcb.deferred',
                actions: ['recordHands', notify('item-deferred', ['officer', 'decisionMaker'])],
              },
              {
                guard: { type: 'handsOf', params: { outcome: 'noConsensusReferredBack' } },
                target: '#jcb.referredBack',
                actions: [
                  'recordHands',
                  assign({
                    referredBack: ({ event }) => ({
                      on: (event as { meeting: { meetingDate: string } }).meeting.meetingDate,
                      explanation: (event as { explanation?: string[] }).explanation ?? [],
                    }),
                  }),
                ],
              },
            ],
          },
        },
      },
    },
    deferred: {
      on: {
        RECONSIDER: {
          guard: 'laterMeeting',
          target: 'beforeMeeting.meeting',
          actions: assign(({ context, event }) => {
            const e = event as Extract<JcbEvent, { type: 'RECONSIDER' }>;
            return {
              deferrals: [
                ...context.deferrals,
                { showOfHands: context.showOfHands!, talkedOn: e.talkedOn, note: e.note },
              ],
              showOfHands: null,
              meeting: null,
              dates: { ...context.dates, meetingDate: e.meetingDate },
              overdue: { ...context.overdue, meeting: false },
            };
          }),
        },
      },
    },
    awaitingDecision: {
      on: {
        RECORD_DECISION: {
          guard: 'agreedInTheRoom',
          target: 'signing',
          actions: [
            assign({
              decision: ({ event }) => {
                const e = event as Extract<JcbEvent, { type: 'RECORD_DECISION' }>;
                return {
                  decidedOn: e.decidedOn,
                  decision: e.decision,
                  reasons: e.reasons,
                  alternativesRejected: e.alternativesRejected,
                  amount: e.amount ?? null,
                  actingAs: e.actingAs,
                  cabinetMembersAgreeing: e.cabinetMembersAgreeing ?? [],
                  delegationCheck: e.delegationCheck ?? [],
                };
              },
              signatures: { decisionMaker: null, properOfficer: null },
            }),
            notify('notice-signature-requested', ['decisionMaker', 'properOfficer']),
          ],
        },
      },
    },
    signing: {
      type: 'parallel',
      onDone: { target: 'awaitingPublication', actions: notify('notice-signed', ['officer']) },
      states: {
        decisionMaker: {
          initial: 'awaiting',
          states: {
            awaiting: {
              on: {
                SIGN_NOTICE: {
                  guard: ({ event }) =>
                    event.type === 'SIGN_NOTICE' && event.role === 'decisionMaker',
                  target: 'signed',
                  actions: 'recordSignature',
                },
              },
            },
            signed: { type: 'final' },
          },
        },
        properOfficer: {
          initial: 'awaiting',
          states: {
            awaiting: {
              on: {
                SIGN_NOTICE: {
                  guard: ({ event }) =>
                    event.type === 'SIGN_NOTICE' && event.role === 'properOfficer',
                  target: 'signed',
                  actions: 'recordSignature',
                },
              },
            },
            signed: { type: 'final' },
          },
        },
      },
    },
    awaitingPublication: {
      on: {
        RECORD_PUBLICATION: [
          {
            guard: and(['publishedAfterDecision', 'keyDecision']),
            target: 'callInPeriod',
            actions: ['recordPublication', notify('decision-published', ['officer'])],
          },
          {
            // Not a key decision: not subject to call-in, implementable on publication.
            guard: 'publishedAfterDecision',
            target: 'implementable',
            actions: [
              'recordPublication',
              assign({ implementableOn: ({ context }) => context.publication!.publishedOn }),
            ],
          },
        ],
      },
    },
    callInPeriod: {
      initial: 'running',
      states: {
        running: {
          entry: {
            type: 'armDeadline',
            params: ({ context }) => ({
              key: 'callIn',
              // The deadline passes when the last day of the call-in period ends, i.e. as the
              // implementable-from day begins (call-in.service: callInPeriod).
              date: context.publication!.callInEndsOn,
              remindWorkingDaysBefore: [],
            }),
          },
          exit: { type: 'cancelDeadline', params: { key: 'callIn' } },
          on: {
            DEADLINE_PASSED: {
              guard: isKey('callIn'),
              target: '#jcb.implementable',
              actions: assign({
                implementableOn: ({ context }) => context.publication!.implementableFrom,
              }),
            },
            CALL_IN: {
              guard: 'withinCallInPeriod',
              target: 'suspended',
              actions: [
                assign({
                  callIn: ({ event }) => {
                    const e = event as Extract<JcbEvent, { type: 'CALL_IN' }>;
                    return {
                      calledInOn: e.calledInOn,
                      calledInBy: e.calledInBy,
                      reasons: e.reasons,
                      outcome: null,
                    };
                  },
                }),
                notify('decision-called-in', ['officer', 'decisionMaker', 'properOfficer']),
              ],
            },
          },
        },
        suspended: {
          on: {
            RECORD_CALL_IN_OUTCOME: [
              {
                guard: { type: 'outcomeAfterCallIn', params: { result: 'decisionConfirmed' } },
                target: '#jcb.implementable',
                actions: [
                  'recordOutcome',
                  assign({
                    implementableOn: ({ context, event }) => {
                      const e = event as Extract<JcbEvent, { type: 'RECORD_CALL_IN_OUTCOME' }>;
                      const from = context.publication!.implementableFrom;
                      return e.recordedOn > from ? e.recordedOn : from;
                    },
                  }),
                ],
              },
              {
                guard: {
                  type: 'outcomeAfterCallIn',
                  params: { result: 'referredBackToDecisionMaker' },
                },
                target: '#jcb.awaitingDecision',
                actions: [
                  'recordOutcome',
                  assign(({ context }) => ({
                    earlierDecisions: [...context.earlierDecisions, context.decision!],
                    decision: null,
                    publication: null,
                    signatures: { decisionMaker: null, properOfficer: null },
                  })),
                  notify('decision-referred-back', ['decisionMaker', 'officer']),
                ],
              },
            ],
          },
        },
      },
    },
    implementable: {
      type: 'final',
      entry: notify('decision-implementable', ['officer', 'decisionMaker']),
    },
    referredBack: {
      type: 'final',
      entry: notify('item-referred-back', ['officer', 'decisionMaker']),
    },
  },
});
