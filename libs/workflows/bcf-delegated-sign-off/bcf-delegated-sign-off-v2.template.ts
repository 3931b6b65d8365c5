import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflow.template';
import type { BcfV2Context } from './bcf-delegated-sign-off-v2.context';
import { bcfDelegatedSignOffV2Emails } from './bcf-delegated-sign-off-v2.emails';
import { bcfDelegatedSignOffV2Machine } from './bcf-delegated-sign-off-v2.machine';
import { bcfDelegatedSignOffV1 } from './bcf-delegated-sign-off.template';

/**
 * Version 2 of the Better Care Fund plan signed off under delegation: version 1's steps, with the
 * NHS partner as it is since 1 July 2022 (the Integrated Care Board's Chief Executive, its
 * Accountable Officer, agrees the plan with the council's Chief Executive; which ICB is the
 * directory's: the office the role is bound to names it), the regional team's request for more
 * information before its verdict, and conditions with an owner and a due date
 * (bcf-delegated-sign-off-v2.machine.ts).
 */

const v1 = bcfDelegatedSignOffV1;
const isoDate = calendarDate('use a calendar date such as 2024-11-16');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const ROLE_WORDS: Record<string, string> = {
  chiefExecutive: 'the council’s Chief Executive',
  accountableOfficer: 'the Integrated Care Board’s Chief Executive',
  delegatedApprover: 'the HWBB chair',
  officer: 'the officer',
};

const OWNERS = ['chiefExecutive', 'accountableOfficer', 'delegatedApprover', 'officer'] as const;
const DEADLINE_KEY = z.union(
  [
    z.enum(['submission', 'assurance', 'noting', 'information']),
    z.string().regex(/^condition-R\d+-C\d+$/),
  ],
  { message: 'key must name a deadline of the case' },
);

type AssuranceFields = {
  outcome: string;
  receivedOn: string;
  conditions?: string[];
  conditionsOwner?: string;
  conditionsDueBy?: string;
  reasons?: string;
  resubmitBy?: string;
  expectedAssuranceDate?: string;
  notingDeadline?: string;
};

/** Version 1's assurance payload's fields, and the owner and due date of the conditions given. */
const v1Assurance = v1.events.RECORD_ASSURANCE.payload as unknown as z.ZodObject<z.ZodRawShape>;
const owner = z.enum(OWNERS, {
  message: 'owner must be chiefExecutive, accountableOfficer, delegatedApprover or officer',
});
const assuranceFields = z
  .object({
    ...v1Assurance.shape,
    conditionsOwner: owner.optional(),
    conditionsDueBy: isoDate.optional(),
  })
  .strict() as unknown as z.ZodType<AssuranceFields>;

const RECORD_ASSURANCE = assuranceFields
  .refine(
    (e: AssuranceFields) =>
      e.outcome !== 'approvedWithConditions' || (e.conditions?.length ?? 0) > 0,
    {
      message: 'list the conditions when the outcome is approvedWithConditions',
      path: ['conditions'],
    },
  )
  .refine((e: AssuranceFields) => e.outcome === 'approvedWithConditions' || !e.conditions, {
    message: 'conditions belong only to the approvedWithConditions outcome',
    path: ['conditions'],
  })
  .refine(
    (e: AssuranceFields) =>
      e.outcome !== 'approvedWithConditions' || (!!e.conditionsOwner && !!e.conditionsDueBy),
    {
      message: 'give the conditions’ owner and the date they are due by',
      path: ['conditionsOwner'],
    },
  )
  .refine(
    (e: AssuranceFields) =>
      e.outcome === 'approvedWithConditions' || (!e.conditionsOwner && !e.conditionsDueBy),
    {
      message: 'an owner and a due date belong only to conditions',
      path: ['conditionsOwner'],
    },
  )
  .refine((e: AssuranceFields) => !e.conditionsDueBy || e.conditionsDueBy > e.receivedOn, {
    message: 'the conditions’ due date must come after the day the outcome was received',
    path: ['conditionsDueBy'],
  })
  .refine((e: AssuranceFields) => e.outcome !== 'notApproved' || e.resubmitBy !== undefined, {
    message: 'give resubmitBy, the date the revised plan must be resubmitted by',
    path: ['resubmitBy'],
  })
  .refine(
    (e: AssuranceFields) =>
      e.outcome === 'notApproved' ||
      (e.expectedAssuranceDate === undefined && e.notingDeadline === undefined),
    {
      message: 'new assurance and noting dates belong only to the notApproved outcome',
      path: ['expectedAssuranceDate'],
    },
  )
  .refine(
    (e: AssuranceFields) =>
      !e.resubmitBy || !e.expectedAssuranceDate || e.expectedAssuranceDate > e.resubmitBy,
    {
      message: 'the new expected assurance date must come after resubmitBy',
      path: ['expectedAssuranceDate'],
    },
  )
  .refine(
    (e: AssuranceFields) => !e.resubmitBy || !e.notingDeadline || e.notingDeadline > e.resubmitBy,
    { message: 'the new noting deadline must come after resubmitBy', path: ['notingDeadline'] },
  );

export const bcfDelegatedSignOffV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Better Care Fund plan, delegated sign-off (Integrated Care Board)',
  machine: bcfDelegatedSignOffV2Machine,
  roles: {
    ...v1.roles,
    chiefExecutive: { label: 'Chief Executive of the council', binding: 'office' },
    accountableOfficer: {
      label: 'Chief Executive of the Integrated Care Board (its Accountable Officer)',
      binding: 'office',
    },
  },
  dateFields: {
    submissionDeadline: 'National deadline for submitting the plan to the regional BCF team',
    notingDeadline: 'The HWBB must note the delegated approval at a meeting before this date',
    expectedAssuranceDate:
      'When the regional assurance outcome is expected; it moves by the days a request for more information is open',
  },
  events: {
    ...v1.events,
    SEEK_AGREEMENT: {
      ...v1.events.SEEK_AGREEMENT,
      description:
        'Send the plan to the council’s Chief Executive and the Integrated Care Board’s Chief Executive for agreement.',
    },
    AGREE: {
      ...v1.events.AGREE,
      description:
        'Agree the plan (the council’s Chief Executive or the Integrated Care Board’s Chief Executive).',
    },
    RECORD_ASSURANCE: {
      ...v1.events.RECORD_ASSURANCE,
      payload: RECORD_ASSURANCE as unknown as z.ZodType<Record<string, unknown>>,
      description:
        'Record the regional team’s assurance outcome; with conditions, the role that owns them and the date they are due by.',
    },
    ASSIGN_CONDITION: {
      sendableBy: ['officer'],
      payload: z.object({ conditionId: text('condition id'), owner, dueBy: isoDate }).strict(),
      description:
        'Hand one open assurance condition to another owner or give it another due date; its reminders follow.',
    },
    REQUEST_INFORMATION: {
      sendableBy: ['officer'],
      payload: z
        .object({
          requestedOn: isoDate,
          details: text('information the regional team asked for'),
          respondBy: isoDate,
        })
        .strict()
        .refine((e) => e.respondBy >= e.requestedOn, {
          message: 'the date to respond by must not come before the day of the request',
          path: ['respondBy'],
        }),
      description:
        'Record that the regional team asked for more information before its verdict; the assurance deadline is paused until it is given.',
    },
    PROVIDE_INFORMATION: {
      sendableBy: ['officer'],
      payload: z
        .object({ givenOn: isoDate, response: text('summary of the information given').optional() })
        .strict(),
      description:
        'Record that the information was given; the expected assurance date moves by the days the request was open.',
    },
    DEADLINE_PASSED: {
      ...v1.events.DEADLINE_PASSED,
      payload: z.object({ key: DEADLINE_KEY }).strict(),
    },
    REMINDER_DUE: {
      ...v1.events.REMINDER_DUE,
      payload: z.object({ key: DEADLINE_KEY, workingDaysLeft: z.number().int() }).strict(),
    },
  },
  emails: bcfDelegatedSignOffV2Emails,
  deadlineFor(message, context) {
    const ctx = context as BcfV2Context;
    if (message.startsWith('information-') && message !== 'information-given')
      return ctx.informationRequest?.respondBy ?? null;
    if (message === 'information-given') return ctx.dates.expectedAssuranceDate;
    if (message.startsWith('condition')) {
      const open = ctx.conditions.filter((c) => c.metOn === null).map((c) => c.dueBy);
      return open.sort()[0] ?? null;
    }
    return v1.deadlineFor(message, context);
  },
  describe(value, context) {
    const ctx = context as BcfV2Context;
    const said = v1.describe(value, { ...ctx, conditions: ctx.conditions ?? [] });
    const summary = said.summary
      .replaceAll('the Chief Executive', ROLE_WORDS.chiefExecutive)
      .replaceAll('the Accountable Officer', ROLE_WORDS.accountableOfficer);
    const post = (value as { postSubmission?: { assurance: string } }).postSubmission;
    if (post?.assurance === 'informationRequested') {
      return {
        summary: summary
          .replace(
            'Submitted: ',
            'Submitted: the regional team asked for more information, the assurance deadline paused until it is given; ',
          )
          .replace(/; $/, ''),
        awaiting: [...new Set([...said.awaiting, 'officer'])],
      };
    }
    if (post?.assurance === 'conditionsOpen') {
      const overdue = ctx.conditions.filter((c) => c.metOn === null && c.overdue).length;
      const owners = ctx.conditions.filter((c) => c.metOn === null).map((c) => c.owner);
      return {
        summary:
          overdue > 0
            ? summary.replace('still to be met', `still to be met (${overdue} overdue)`)
            : summary,
        awaiting: [...new Set([...said.awaiting, ...owners])],
      };
    }
    return { ...said, summary };
  },
};
