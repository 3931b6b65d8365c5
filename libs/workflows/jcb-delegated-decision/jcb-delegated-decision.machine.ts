import { and, assign, setup } from 'xstate';
import { jcbActions } from './jcb-delegated-decision.actions';
import type {
  DeadlineKey,
  JcbContext,
  JcbEvent,
  JcbInput,
  Role,
} from './jcb-delegated-decision.context';
import { jcbGuards } from './jcb-delegated-decision.guards';

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
 *
 * What a case carries: jcb-delegated-decision.context.ts; the named guards and actions:
 * jcb-delegated-decision.guards.ts and .actions.ts.
 */

const notify = (message: string, to: Role[]) => ({
  type: 'notify' as const,
  params: { message, to },
});

const isKey =
  (key: DeadlineKey) =>
  ({ event }: { event: JcbEvent }) =>
    (event.type === 'DEADLINE_PASSED' || event.type === 'REMINDER_DUE') && event.key === key;

export const jcbDelegatedDecisionMachine = setup({
  types: {
    context: {} as JcbContext,
    events: {} as JcbEvent,
    input: {} as JcbInput,
  },
  actions: jcbActions,
  guards: jcbGuards,
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
