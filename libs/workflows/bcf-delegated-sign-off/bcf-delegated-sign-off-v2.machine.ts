import { assign, enqueueActions } from 'xstate';
import { addDays } from '../../governance/working-day-calendar.service';
import { derive } from '../machine-differences.service';
import { cancelDeadline, isDeadlineEvent, notify, remindWhen } from '../workflow-effects.machine';
import {
  conditionKey,
  type BcfInput,
  type BcfV2Context,
  type BcfV2Event,
  type ConditionV2,
  type Role,
} from './bcf-delegated-sign-off-v2.context';
import { bcfDelegatedSignOffMachine as v1 } from './bcf-delegated-sign-off.machine';

/**
 * Version 2 of the BCF plan signed off under delegation: version 1 (bcf-delegated-sign-off.machine.ts,
 * unchanged while cases run on it) as Integrated Care Boards and the regional team work today,
 * written as its differences (machine-differences.service.ts). Clinical Commissioning Groups were
 * abolished on 1 July 2022; the NHS partner who agrees the plan is the Integrated Care Board's
 * Chief Executive, its Accountable Officer (the role keeps its key, `accountableOfficer`; its words
 * are the template's and its organisation the directory's). Two steps are new:
 *
 * - The regional (NHS England) assurance team may ask for more information before its verdict
 *   (seed 001: the team may "request additional detail ahead of giving full assurance"). While the
 *   request is open the assurance deadline is paused (cancelled, and the case says so), the
 *   council's response is due by the date the team gives, reminded 2 working days before and
 *   escalated when it passes; once the information is given the expected assurance date moves by
 *   the days the request was open and the deadline is armed again.
 * - Conditions given with "approved with conditions" each have an owner (a role on the case) and a
 *   due date, given with the outcome for all of them and then changed one by one
 *   (ASSIGN_CONDITION): the owner is reminded 5 working days before, and a condition still open
 *   when its date passes is marked overdue and escalated to its owner, the officer and the HWBB chair.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

type Args = { context: BcfV2Context; event: BcfV2Event };
type Of<T extends BcfV2Event['type']> = Extract<BcfV2Event, { type: T }>;

const CONDITION_KEY = /^condition-(R\d+-C\d+)$/;

/** The condition a deadline event is for, if it is a condition's. */
const conditionOf = (context: BcfV2Context, event: BcfV2Event): ConditionV2 | undefined => {
  if (event.type !== 'DEADLINE_PASSED' && event.type !== 'REMINDER_DUE') return undefined;
  const id = CONDITION_KEY.exec(event.key)?.[1];
  return context.conditions.find((c) => c.id === id && c.metOn === null);
};

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

const unique = (roles: Role[]) => [...new Set(roles)];

/** xstate's enqueue, as these actions use it (their actions are the shared effects). */
type Put = (action: unknown) => void;

/** Effects chosen from the context and event, with xstate's enqueueActions. */
const effectsOf = (
  collect: (args: { context: BcfV2Context; event: BcfV2Event; enqueue: Put }) => void,
) => enqueueActions(collect as never);

type Transition = { guard?: unknown; actions?: unknown; target?: string };

export const bcfDelegatedSignOffV2Machine = derive<BcfV2Context, BcfV2Event, BcfInput>(v1, {
  context: (v1Context) => (args) => {
    const before = v1Context(args);
    return {
      ...before,
      overdue: { ...(before.overdue as object), information: false },
      informationRequest: null,
      informationRequests: [],
    };
  },
  guards: {
    /** An open condition of the case. */
    isOpenCondition: ({ context, event }: Args) =>
      event.type === 'ASSIGN_CONDITION' &&
      context.conditions.some((c) => c.id === event.conditionId && c.metOn === null),
    /** The information is given on or after the day it was asked for. */
    givenAfterRequest: ({ context, event }: Args) =>
      event.type === 'PROVIDE_INFORMATION' &&
      context.informationRequest !== null &&
      event.givenOn >= context.informationRequest.requestedOn,
    isConditionDeadline: ({ context, event }: Args) => conditionOf(context, event) !== undefined,
  },
  actions: {
    recordInformationRequest: assign({
      informationRequest: ({ context, event }: Args) => {
        const e = event as Of<'REQUEST_INFORMATION'>;
        return {
          requestedOn: e.requestedOn,
          details: e.details,
          respondBy: e.respondBy,
          givenOn: null,
          response: null,
          assuranceExpectedBefore: context.dates.expectedAssuranceDate,
          assuranceExpectedAfter: null,
        };
      },
    }),
    /** The expected assurance date moves by the calendar days the request was open. */
    recordInformationGiven: assign(({ context, event }: Args) => {
      const e = event as Of<'PROVIDE_INFORMATION'>;
      const open = context.informationRequest!;
      const after = addDays(
        context.dates.expectedAssuranceDate,
        daysBetween(open.requestedOn, e.givenOn),
      );
      return {
        dates: { ...context.dates, expectedAssuranceDate: after },
        informationRequest: null,
        informationRequests: [
          ...context.informationRequests,
          {
            ...open,
            givenOn: e.givenOn,
            response: e.response ?? null,
            assuranceExpectedAfter: after,
          },
        ],
        overdue: { ...context.overdue, information: false },
      };
    }),
    recordConditionsWithOwners: assign(({ context, event }: Args) => {
      const e = event as Of<'RECORD_ASSURANCE'>;
      return {
        assurance: { outcome: e.outcome, receivedOn: e.receivedOn, reasons: null },
        conditions: (e.conditions ?? []).map((text, i) => ({
          id: `R${context.round}-C${i + 1}`,
          text,
          owner: e.conditionsOwner!,
          dueBy: e.conditionsDueBy!,
          metOn: null,
          evidence: null,
          overdue: false,
        })),
      };
    }),
    /** Each open condition's due date armed, its owner told. */
    armConditionDeadlines: effectsOf(
      ({ context, enqueue }: { context: BcfV2Context; enqueue: Put }) => {
        const open = context.conditions.filter((c) => c.metOn === null);
        const put = enqueue;
        for (const c of open)
          put({
            type: 'armDeadline',
            params: { key: conditionKey(c.id), date: c.dueBy, remindWorkingDaysBefore: [5] },
          });
        if (open.length > 0)
          put(notify('conditions-owned', unique([...open.map((c) => c.owner), 'officer'])));
      },
    ),
    cancelConditionDeadline: effectsOf(
      ({ event, enqueue }: { event: BcfV2Event; enqueue: Put }) => {
        if (event.type === 'MARK_CONDITION_MET')
          enqueue(cancelDeadline(conditionKey(event.conditionId)));
      },
    ),
    /** One condition handed to another owner or given another due date: its deadline armed afresh. */
    recordConditionAssigned: assign({
      conditions: ({ context, event }: Args) => {
        const e = event as Of<'ASSIGN_CONDITION'>;
        return context.conditions.map((c) =>
          c.id === e.conditionId ? { ...c, owner: e.owner, dueBy: e.dueBy, overdue: false } : c,
        );
      },
    }),
    rearmConditionDeadline: effectsOf(({ event, enqueue }: { event: BcfV2Event; enqueue: Put }) => {
      if (event.type !== 'ASSIGN_CONDITION') return;
      const put = enqueue;
      const key = conditionKey(event.conditionId);
      put(cancelDeadline(key));
      put({
        type: 'armDeadline',
        params: { key, date: event.dueBy, remindWorkingDaysBefore: [5] },
      });
      put(notify('condition-assigned', unique([event.owner, 'officer'])));
    }),
    markConditionOverdue: assign({
      conditions: ({ context, event }: Args) => {
        const due = conditionOf(context, event);
        return context.conditions.map((c) => (c === due ? { ...c, overdue: true } : c));
      },
    }),
  },
  addedStates: {
    'postSubmission.assurance.informationRequested': {
      entry: [
        {
          type: 'armDeadline',
          params: ({ context }: Args) => ({
            key: 'information',
            date: context.informationRequest!.respondBy,
            remindWorkingDaysBefore: [2],
          }),
        },
        notify<Role>('information-requested', ['officer']),
      ],
      exit: cancelDeadline('information'),
      on: {
        PROVIDE_INFORMATION: {
          guard: 'givenAfterRequest',
          target: 'awaiting',
          actions: ['recordInformationGiven', notify<Role>('information-given', ['officer'])],
        },
        REMINDER_DUE: remindWhen<Role>('information', 'information-reminder', ['officer']),
        DEADLINE_PASSED: {
          guard: isDeadlineEvent('information'),
          actions: [
            assign({
              overdue: ({ context }: Args) => ({ ...context.overdue, information: true }),
            }),
            notify<Role>('information-overdue', ['officer', 'delegatedApprover']),
          ],
        },
      },
    },
  },
  addedTransitions: {
    // Before its verdict the regional team may ask for more: the assurance deadline pauses.
    'postSubmission.assurance.awaiting': {
      REQUEST_INFORMATION: {
        target: 'informationRequested',
        actions: 'recordInformationRequest',
      },
    },
    'postSubmission.assurance.conditionsOpen': {
      ASSIGN_CONDITION: {
        guard: 'isOpenCondition',
        actions: ['recordConditionAssigned', 'rearmConditionDeadline'],
      },
      REMINDER_DUE: {
        guard: 'isConditionDeadline',
        actions: {
          type: 'notify',
          params: ({ context, event }: Args) => ({
            message: 'condition-reminder',
            to: [conditionOf(context, event)!.owner],
            workingDaysLeft: event.type === 'REMINDER_DUE' ? event.workingDaysLeft : undefined,
          }),
        },
      },
      DEADLINE_PASSED: {
        guard: 'isConditionDeadline',
        actions: [
          {
            type: 'notify',
            params: ({ context, event }: Args) => ({
              message: 'condition-overdue',
              to: unique([conditionOf(context, event)!.owner, 'officer', 'delegatedApprover']),
            }),
          },
          'markConditionOverdue',
        ],
      },
    },
  },
  replacedTransitions: {
    'postSubmission.assurance.awaiting': {
      // Conditions come with an owner and a due date; the other outcomes are version 1's.
      RECORD_ASSURANCE: (before) => {
        const [approved, withConditions, notApproved] = before as Transition[];
        return [
          approved,
          {
            guard: withConditions.guard,
            target: 'conditionsOpen',
            actions: ['recordConditionsWithOwners', 'armConditionDeadlines'],
          },
          notApproved,
        ];
      },
    },
    'postSubmission.assurance.conditionsOpen': {
      MARK_CONDITION_MET: (before) => {
        const [met] = before as Transition[];
        return { ...met, actions: [met.actions, 'cancelConditionDeadline'].flat() };
      },
    },
  },
});
