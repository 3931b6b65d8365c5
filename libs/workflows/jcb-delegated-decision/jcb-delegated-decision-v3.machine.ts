import { and, assign, not, setup } from 'xstate';
import {
  cancelDeadline,
  EFFECT_ACTIONS,
  isDeadlineEvent,
  notify,
  remindWhen,
} from '../workflow-effects.machine';
import { canonical, type UrgencyExemptionRecord } from './jcb-delegated-decision-v2.machine';
import type {
  DeadlineKey,
  JcbContext,
  DecisionRecord,
  JcbDates,
  JcbEvent,
  JcbInput,
  ShowOfHandsOutcome,
} from './jcb-delegated-decision.machine';

/**
 * Version 3 of the JCB delegated decision: version 2 (jcb-delegated-decision-v2.machine.ts,
 * unchanged while cases run on it), with the decision and the Decision Notice answered from
 * emailed links, as members answer everything else. After the Board's consensus the officer drafts
 * the decision from the report (DRAFT_DECISION); the decision maker is emailed it and takes it
 * (APPROVE, dated the day they answer) or declines it with reasons (DECLINE: back to the officer).
 * The decision maker and the Proper Officer are then emailed the Decision Notice to sign (APPROVE)
 * or to decline with reasons (DECLINE: the decision and its signatures are set aside and the
 * officer drafts again). RECORD_DECISION and SIGN_NOTICE through the API work as in version 2.
 *
 * Pure, xstate and the shared effect vocabulary only (workflow-effects.machine.ts): the delegation
 * check, the dates and the Cabinet members agreeing are decided in the template layer.
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'urgencyApprover' | 'officer';
export type { DeadlineKey, JcbDates, JcbInput, ShowOfHandsOutcome, UrgencyExemptionRecord };

/** The decision as the officer drafted it for the decision maker: everything but its date. */
export type DecisionDraft = Omit<DecisionRecord, 'decidedOn'>;

/** A decision or a notice declined from its link: by whom, when, why. */
export interface Declined {
  role: 'decisionMaker' | 'properOfficer';
  on: string;
  reasons: string;
  step: 'decision' | 'notice';
}

export interface JcbV3Context extends JcbContext {
  urgencyExemption: UrgencyExemptionRecord | null;
  draft: DecisionDraft | null;
  declined: Declined[];
}

export type JcbV3Event =
  | Exclude<JcbEvent, { type: 'SIGN_NOTICE' }>
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | ({ type: 'DRAFT_DECISION' } & Omit<DecisionDraft, 'delegationCheck'> & {
        delegationCheck?: string[];
      })
  /** From the emailed link: take the drafted decision, or sign the notice; dated by the template. */
  | { type: 'APPROVE'; role: Role; on: string; comments?: string; delegationCheck?: string[] }
  | { type: 'DECLINE'; role: Role; on: string; reasons: string }
  | {
      type: 'EXEMPT_FROM_CALL_IN';
      agreedOn: string;
      reason: string;
      /** Written by the template: the holder of the urgency approver role, and the rule's lines. */
      approver?: UrgencyExemptionRecord['approver'] | null;
      explanation?: string[];
    };

type Args = { context: JcbV3Context; event: JcbV3Event };

/** Attendance and hands must be of the meeting the notices were checked for. */
const forThisMeeting = ({ context, event }: Args) =>
  'meeting' in event && event.meeting.meetingDate === context.dates.meetingDate;

/** The show of hands is for the very attendance that was recorded. */
const sameFacts = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The decision maker records the decision through the API, as in version 2, draft or none. */
const RECORD_DECISION = {
  guard: 'agreedInTheRoom',
  target: '#jcb.signing',
  actions: [
    'recordDecision',
    notify<Role>('notice-signature-requested', ['decisionMaker', 'properOfficer']),
  ],
} as const;

const EXEMPT_FROM_CALL_IN = {
  guard: 'mayExempt',
  actions: [
    'recordExemption',
    notify<Role>('decision-exempted-from-call-in', ['officer', 'decisionMaker']),
  ],
} as const;

export const jcbDelegatedDecisionV3Machine = setup({
  types: {
    context: {} as JcbV3Context,
    events: {} as JcbV3Event,
    input: {} as JcbInput,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordHands: assign({
      showOfHands: ({ event }) => {
        const e = event as Extract<JcbV3Event, { type: 'RECORD_SHOW_OF_HANDS' }>;
        return {
          meetingDate: e.meeting.meetingDate,
          hands: e.hands,
          outcome: e.outcome!,
          tally: e.tally ?? { for: 0, against: 0, abstain: 0 },
          explanation: e.explanation ?? [],
        };
      },
    }),
    recordDecision: assign({
      decision: ({ event }) => {
        const e = event as Extract<JcbV3Event, { type: 'RECORD_DECISION' }>;
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
    recordDraft: assign({
      draft: ({ event }) => {
        const e = event as Extract<JcbV3Event, { type: 'DRAFT_DECISION' }>;
        return {
          decision: e.decision,
          reasons: e.reasons,
          alternativesRejected: e.alternativesRejected,
          amount: e.amount ?? null,
          actingAs: e.actingAs,
          cabinetMembersAgreeing: e.cabinetMembersAgreeing ?? [],
          delegationCheck: e.delegationCheck ?? [],
        };
      },
    }),
    /** The decision maker takes the draft as it stands, on the day they answer. */
    decideFromDraft: assign({
      decision: ({ context, event }) => ({
        ...context.draft!,
        decidedOn: (event as Extract<JcbV3Event, { type: 'APPROVE' }>).on,
        delegationCheck:
          (event as Extract<JcbV3Event, { type: 'APPROVE' }>).delegationCheck ??
          context.draft!.delegationCheck,
      }),
      signatures: { decisionMaker: null, properOfficer: null },
    }),
    signFromLink: assign({
      signatures: ({ context, event }) =>
        event.type === 'APPROVE' &&
        (event.role === 'decisionMaker' || event.role === 'properOfficer')
          ? { ...context.signatures, [event.role]: event.on }
          : context.signatures,
    }),
    recordDecline: assign({
      declined: ({ context, event }) => {
        const e = event as Extract<JcbV3Event, { type: 'DECLINE' }>;
        return [
          ...context.declined,
          {
            role: e.role as Declined['role'],
            on: e.on,
            reasons: e.reasons,
            step: context.decision ? ('notice' as const) : ('decision' as const),
          },
        ];
      },
    }),
    /** A declined notice: the decision and its signatures are set aside, the officer drafts again. */
    setAside: assign(({ context }) => ({
      earlierDecisions: context.decision
        ? [...context.earlierDecisions, context.decision]
        : context.earlierDecisions,
      decision: null,
      draft: null,
      signatures: { decisionMaker: null, properOfficer: null },
    })),
    recordSignature: assign({
      signatures: ({ context, event }) =>
        event.type === 'SIGN_NOTICE' &&
        (event.role === 'decisionMaker' || event.role === 'properOfficer')
          ? { ...context.signatures, [event.role]: event.signedOn }
          : context.signatures,
    }),
    recordPublication: assign(({ event }) => {
      const e = event as Extract<JcbV3Event, { type: 'RECORD_PUBLICATION' }>;
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
        const e = event as Extract<JcbV3Event, { type: 'EXEMPT_FROM_CALL_IN' }>;
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
    /** The decision maker takes a draft the delegation allows, on or after the meeting. */
    draftTaken: ({ context, event }) =>
      event.type === 'APPROVE' &&
      event.role === 'decisionMaker' &&
      context.draft !== null &&
      context.showOfHands !== null &&
      event.on >= context.showOfHands.meetingDate &&
      (event.delegationCheck ?? context.draft.delegationCheck).length > 0,
    /** The Cabinet members a draft names agreeing must have shown a hand for. */
    draftAgreedInTheRoom: ({ context, event }) => {
      if (event.type !== 'DRAFT_DECISION' || !context.showOfHands) return false;
      const handsFor = new Set(
        context.showOfHands.hands.filter((h) => h.hand === 'for').map((h) => h.personId),
      );
      return (
        (event.delegationCheck ?? []).length > 0 &&
        (event.cabinetMembersAgreeing ?? []).every((p) => handsFor.has(p))
      );
    },
    /** A decline with reasons, from someone who has not already signed the notice. */
    declinedBy: ({ context, event }, params: { role: 'decisionMaker' | 'properOfficer' }) =>
      event.type === 'DECLINE' &&
      event.role === params.role &&
      event.reasons.trim().length > 0 &&
      context.signatures[params.role] === null,
    signedFromLinkBy: ({ event }, params: { role: 'decisionMaker' | 'properOfficer' }) =>
      event.type === 'APPROVE' && event.role === params.role,
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
    draft: null,
    declined: [],
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
                  const e = event as Extract<JcbV3Event, { type: 'RECORD_NOTICES' }>;
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
                  const e = event as Extract<JcbV3Event, { type: 'RECORD_ATTENDANCE' }>;
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
                target: '#jcb.draftingDecision',
                actions: ['recordHands', notify<Role>('decision-to-draft', ['officer'])],
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
            const e = event as Extract<JcbV3Event, { type: 'RECONSIDER' }>;
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
    draftingDecision: {
      on: {
        // The urgency may be agreed once the Board has reached consensus, before the decision.
        EXEMPT_FROM_CALL_IN,
        DRAFT_DECISION: {
          guard: 'draftAgreedInTheRoom',
          target: 'awaitingDecision',
          actions: 'recordDraft',
        },
        RECORD_DECISION,
      },
    },
    awaitingDecision: {
      entry: notify<Role>('decision-requested', ['decisionMaker']),
      on: {
        EXEMPT_FROM_CALL_IN,
        // A redraft asks the decision maker afresh (their earlier link is superseded).
        DRAFT_DECISION: {
          guard: 'draftAgreedInTheRoom',
          target: 'awaitingDecision',
          reenter: true,
          actions: 'recordDraft',
        },
        APPROVE: {
          guard: 'draftTaken',
          target: 'signing',
          actions: [
            'decideFromDraft',
            notify<Role>('notice-signature-requested', ['decisionMaker', 'properOfficer']),
          ],
        },
        DECLINE: {
          guard: { type: 'declinedBy', params: { role: 'decisionMaker' } },
          target: 'draftingDecision',
          actions: [
            'recordDecline',
            assign({ draft: null }),
            notify<Role>('decision-declined', ['officer']),
          ],
        },
        RECORD_DECISION,
      },
    },
    signing: {
      type: 'parallel',
      onDone: {
        target: 'awaitingPublication',
        actions: notify<Role>('notice-signed', ['officer']),
      },
      on: {
        EXEMPT_FROM_CALL_IN,
        // Either signatory may decline the notice with reasons: the decision is set aside.
        DECLINE: [
          {
            guard: { type: 'declinedBy', params: { role: 'decisionMaker' } },
            target: 'draftingDecision',
            actions: ['recordDecline', 'setAside', notify<Role>('notice-declined', ['officer'])],
          },
          {
            guard: { type: 'declinedBy', params: { role: 'properOfficer' } },
            target: 'draftingDecision',
            actions: ['recordDecline', 'setAside', notify<Role>('notice-declined', ['officer'])],
          },
        ],
      },
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
                APPROVE: {
                  guard: { type: 'signedFromLinkBy', params: { role: 'decisionMaker' } },
                  target: 'signed',
                  actions: 'signFromLink',
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
                APPROVE: {
                  guard: { type: 'signedFromLinkBy', params: { role: 'properOfficer' } },
                  target: 'signed',
                  actions: 'signFromLink',
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
                    const e = event as Extract<JcbV3Event, { type: 'CALL_IN' }>;
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
                      const e = event as Extract<JcbV3Event, { type: 'RECORD_CALL_IN_OUTCOME' }>;
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
                target: '#jcb.draftingDecision',
                actions: [
                  'recordOutcome',
                  assign(({ context }) => ({
                    earlierDecisions: [...context.earlierDecisions, context.decision!],
                    decision: null,
                    draft: null,
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
