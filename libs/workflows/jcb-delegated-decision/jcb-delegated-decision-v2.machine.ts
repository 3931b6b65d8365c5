import { and, assign, not, setup } from 'xstate';
import {
  cancelDeadline,
  EFFECT_ACTIONS,
  isDeadlineEvent,
  notify,
  remindWhen,
} from '../workflow-effects.machine';
import type {
  DeadlineKey,
  JcbContext,
  JcbDates,
  JcbEvent,
  JcbInput,
  ShowOfHandsOutcome,
} from './jcb-delegated-decision.machine';

/**
 * Version 2 of the JCB delegated decision: version 1 (jcb-delegated-decision.machine.ts, unchanged
 * while cases run on it) plus the urgency exemption from call-in. Before the decision is published,
 * the case's urgency approver (a role bound to an office, e.g. the Chair of the Health Overview and
 * Scrutiny Panel: JCB ToR 6.10 and 10.1, seed 002) may exempt a key decision from call-in as urgent,
 * with a reason; the Decision Notice then says so, and the decision is implementable on
 * publication instead of after the call-in period. A call-in of an exempt decision is impossible.
 *
 * Pure, xstate and the shared effect vocabulary only (workflow-effects.machine.ts): every rule that
 * needs the calendar, the quorum rule, the delegation's limits or the directory is decided in the
 * template layer before an event reaches this machine; the machine keeps the verdicts, dates and
 * explanations it is given.
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'urgencyApprover' | 'officer';
export type { DeadlineKey, JcbDates, JcbInput, ShowOfHandsOutcome };

/** The urgency exemption from call-in as agreed: by whom (the role's holder), when, why. */
export interface UrgencyExemptionRecord {
  agreedOn: string;
  reason: string;
  approver: { personId: string; name: string; actingAs: string };
  /** The rule's lines (call-in.service: checkUrgencyExemption). */
  explanation: string[];
}

export interface JcbV2Context extends JcbContext {
  urgencyExemption: UrgencyExemptionRecord | null;
}

export type JcbV2Event =
  | Exclude<JcbEvent, { type: 'SIGN_NOTICE' }>
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | {
      type: 'EXEMPT_FROM_CALL_IN';
      agreedOn: string;
      reason: string;
      /** Written by the template: the holder of the urgency approver role, and the rule's lines. */
      approver?: UrgencyExemptionRecord['approver'] | null;
      explanation?: string[];
    };

type Args = { context: JcbV2Context; event: JcbV2Event };

/** Attendance and hands must be of the meeting the notices were checked for. */
const forThisMeeting = ({ context, event }: Args) =>
  'meeting' in event && event.meeting.meetingDate === context.dates.meetingDate;

/** Plain JSON whatever the key order (the database's jsonb reorders keys), for equality. */
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

const EXEMPT_FROM_CALL_IN = {
  guard: 'mayExempt',
  actions: [
    'recordExemption',
    notify<Role>('decision-exempted-from-call-in', ['officer', 'decisionMaker']),
  ],
} as const;

export const jcbDelegatedDecisionV2Machine = setup({
  types: {
    context: {} as JcbV2Context,
    events: {} as JcbV2Event,
    input: {} as JcbInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordHands: assign({
      showOfHands: ({ event }) => {
        const e = event as Extract<JcbV2Event, { type: 'RECORD_SHOW_OF_HANDS' }>;
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
        event.type === 'SIGN_NOTICE' &&
        (event.role === 'decisionMaker' || event.role === 'properOfficer')
          ? { ...context.signatures, [event.role]: event.signedOn }
          : context.signatures,
    }),
    recordPublication: assign(({ event }) => {
      const e = event as Extract<JcbV2Event, { type: 'RECORD_PUBLICATION' }>;
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
    recordExemption: assign({
      urgencyExemption: ({ event }) => {
        const e = event as Extract<JcbV2Event, { type: 'EXEMPT_FROM_CALL_IN' }>;
        return {
          agreedOn: e.agreedOn,
          reason: e.reason,
          approver: e.approver!,
          explanation: e.explanation ?? [],
        };
      },
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
    /** Only a key decision is subject to call-in; it is exempted once, by the approver's holder. */
    mayExempt: ({ context, event }) =>
      event.type === 'EXEMPT_FROM_CALL_IN' &&
      context.notices?.keyDecision === true &&
      context.urgencyExemption === null &&
      !!event.approver &&
      event.reason.trim().length > 0,
    exempt: ({ context }) => context.urgencyExemption !== null,
    publishedAfterDecision: ({ context, event }) =>
      event.type === 'RECORD_PUBLICATION' &&
      context.decision !== null &&
      event.publishedOn >= context.decision.decidedOn &&
      typeof event.implementableFrom === 'string' &&
      typeof event.callInEndsOn === 'string',
    /** The urgency was agreed before (or on the day of) publication. */
    publishedAfterExemption: ({ context, event }) =>
      event.type === 'RECORD_PUBLICATION' &&
      context.urgencyExemption !== null &&
      event.publishedOn >= context.urgencyExemption.agreedOn,
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
    urgencyExemption: null,
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
      exit: cancelDeadline('meeting'),
      on: {
        REMINDER_DUE: remindWhen<Role>('meeting', 'meeting-reminder', ['officer']),
        DEADLINE_PASSED: {
          guard: isDeadlineEvent('meeting'),
          actions: [
            assign({ overdue: ({ context }) => ({ ...context.overdue, meeting: true }) }),
            notify<Role>('meeting-overdue', ['officer']),
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
                  const e = event as Extract<JcbV2Event, { type: 'RECORD_NOTICES' }>;
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
                  const e = event as Extract<JcbV2Event, { type: 'RECORD_ATTENDANCE' }>;
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
                actions: ['recordHands', notify<Role>('decision-requested', ['decisionMaker'])],
              },
              {
                guard: { type: 'handsOf', params: { outcome: 'noConsensusDeferred' } },
                target: '#jcb.deferred',
                actions: [
                  'recordHands',
                  notify<Role>('item-deferred', ['officer', 'decisionMaker']),
                ],
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
            const e = event as Extract<JcbV2Event, { type: 'RECONSIDER' }>;
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
        // The urgency may be agreed once the Board has reached consensus, before the decision.
        EXEMPT_FROM_CALL_IN,
        RECORD_DECISION: {
          guard: 'agreedInTheRoom',
          target: 'signing',
          actions: [
            assign({
              decision: ({ event }) => {
                const e = event as Extract<JcbV2Event, { type: 'RECORD_DECISION' }>;
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
            notify<Role>('notice-signature-requested', ['decisionMaker', 'properOfficer']),
          ],
        },
      },
    },
    signing: {
      type: 'parallel',
      onDone: {
        target: 'awaitingPublication',
        actions: notify<Role>('notice-signed', ['officer']),
      },
      on: { EXEMPT_FROM_CALL_IN },
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
        EXEMPT_FROM_CALL_IN,
        RECORD_PUBLICATION: [
          {
            // Exempted from call-in as urgent: implementable on publication.
            guard: and([
              'publishedAfterDecision',
              'keyDecision',
              'exempt',
              'publishedAfterExemption',
            ]),
            target: 'implementable',
            actions: [
              'recordPublication',
              assign({ implementableOn: ({ context }) => context.publication!.publishedOn }),
              notify<Role>('decision-published', ['officer']),
            ],
          },
          {
            guard: and(['publishedAfterDecision', 'keyDecision', not('exempt')]),
            target: 'callInPeriod',
            actions: ['recordPublication', notify<Role>('decision-published', ['officer'])],
          },
          {
            // Not a key decision: not subject to call-in, implementable on publication.
            guard: and(['publishedAfterDecision', not('keyDecision')]),
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
          exit: cancelDeadline('callIn'),
          on: {
            DEADLINE_PASSED: {
              guard: isDeadlineEvent('callIn'),
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
                    const e = event as Extract<JcbV2Event, { type: 'CALL_IN' }>;
                    return {
                      calledInOn: e.calledInOn,
                      calledInBy: e.calledInBy,
                      reasons: e.reasons,
                      outcome: null,
                    };
                  },
                }),
                notify<Role>('decision-called-in', ['officer', 'decisionMaker', 'properOfficer']),
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
                      const e = event as Extract<JcbV2Event, { type: 'RECORD_CALL_IN_OUTCOME' }>;
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
                  notify<Role>('decision-referred-back', ['decisionMaker', 'officer']),
                ],
              },
            ],
          },
        },
      },
    },
    implementable: {
      type: 'final',
      entry: notify<Role>('decision-implementable', ['officer', 'decisionMaker']),
    },
    referredBack: {
      type: 'final',
      entry: notify<Role>('item-referred-back', ['officer', 'decisionMaker']),
    },
  },
});
