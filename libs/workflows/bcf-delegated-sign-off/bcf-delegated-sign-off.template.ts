import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import type { BcfContext } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine } from './bcf-delegated-sign-off.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { bcfDelegatedSignOffEmails } from './bcf-delegated-sign-off.emails';

const isoDate = calendarDate('use a calendar date such as 2021-11-16');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const empty = z.object({}).strict();

const ROLE_WORDS: Record<string, string> = {
  chiefExecutive: 'the Chief Executive',
  accountableOfficer: 'the Accountable Officer',
  delegatedApprover: 'the HWBB chair',
};

export const bcfDelegatedSignOffV1: WorkflowTemplate = {
  id: 'bcf-delegated-sign-off',
  version: 1,
  title: 'Better Care Fund plan, delegated sign-off',
  machine: bcfDelegatedSignOffMachine,
  roles: {
    chiefExecutive: { label: 'Chief Executive of the local authority', binding: 'office' },
    accountableOfficer: { label: 'Accountable Officer of the CCG', binding: 'office' },
    delegatedApprover: {
      label: 'HWBB chair, under the Board’s delegation',
      binding: 'delegation',
      delegationScope: 'bcf-plan-approval',
    },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    submissionDeadline:
      'National deadline for submitting the plan to the regional BCF team (16 Nov 2021 in the seed)',
    notingDeadline:
      'The HWBB must note the delegated approval at a meeting before this date (16 Dec 2021)',
    expectedAssuranceDate: 'When the regional assurance outcome is expected (9 Jan 2022)',
  },
  dates: (today) =>
    z
      .object({
        submissionDeadline: isoDate.refine(
          (d) => d >= today,
          'the submission deadline must not be in the past',
        ),
        expectedAssuranceDate: isoDate,
        notingDeadline: isoDate,
      })
      .strict()
      .refine((d) => d.expectedAssuranceDate > d.submissionDeadline, {
        message: 'the expected assurance date must come after the submission deadline',
        path: ['expectedAssuranceDate'],
      })
      .refine((d) => d.notingDeadline > d.submissionDeadline, {
        message: 'the noting deadline must come after the submission deadline',
        path: ['notingDeadline'],
      }),
  events: {
    SEEK_AGREEMENT: {
      sendableBy: ['officer'],
      payload: empty,
      description:
        'Send the plan to the Chief Executive and the Accountable Officer for agreement.',
    },
    AGREE: {
      sendableBy: ['chiefExecutive', 'accountableOfficer'],
      payload: z.object({ comments: text('comments').optional() }).strict(),
      description: 'Agree the plan (Chief Executive or Accountable Officer).',
    },
    REJECT: {
      sendableBy: ['chiefExecutive', 'accountableOfficer', 'delegatedApprover'],
      payload: z.object({ reasons: text('reasons for rejecting') }).strict(),
      description:
        'Reject the plan with reasons; it returns to drafting and both agreements are cleared.',
    },
    APPROVE: {
      sendableBy: ['delegatedApprover'],
      payload: z.object({ comments: text('comments').optional() }).strict(),
      description: 'Approve the plan under the HWBB’s delegation.',
    },
    RECORD_SUBMISSION: {
      sendableBy: ['officer'],
      payload: z
        .object({ submittedOn: isoDate, reference: text('submission reference').optional() })
        .strict(),
      description: 'Record that the plan was submitted to the regional BCF team.',
    },
    RECORD_ASSURANCE: {
      sendableBy: ['officer'],
      payload: z
        .object({
          outcome: z.enum(['approved', 'approvedWithConditions', 'notApproved'], {
            message: 'outcome must be approved, approvedWithConditions or notApproved',
          }),
          receivedOn: isoDate,
          conditions: z.array(text('condition')).max(50).optional(),
          reasons: text('reasons').optional(),
          resubmitBy: isoDate.optional(),
          expectedAssuranceDate: isoDate.optional(),
          notingDeadline: isoDate.optional(),
        })
        .strict()
        .refine((e) => e.outcome !== 'approvedWithConditions' || (e.conditions?.length ?? 0) > 0, {
          message: 'list the conditions when the outcome is approvedWithConditions',
          path: ['conditions'],
        })
        .refine((e) => e.outcome === 'approvedWithConditions' || e.conditions === undefined, {
          message: 'conditions belong only to the approvedWithConditions outcome',
          path: ['conditions'],
        })
        .refine((e) => e.outcome !== 'notApproved' || e.resubmitBy !== undefined, {
          message: 'give resubmitBy, the date the revised plan must be resubmitted by',
          path: ['resubmitBy'],
        })
        .refine(
          (e) =>
            e.outcome === 'notApproved' ||
            (e.expectedAssuranceDate === undefined && e.notingDeadline === undefined),
          {
            message: 'new assurance and noting dates belong only to the notApproved outcome',
            path: ['expectedAssuranceDate'],
          },
        )
        .refine(
          (e) =>
            !e.resubmitBy || !e.expectedAssuranceDate || e.expectedAssuranceDate > e.resubmitBy,
          {
            message: 'the new expected assurance date must come after resubmitBy',
            path: ['expectedAssuranceDate'],
          },
        )
        .refine((e) => !e.resubmitBy || !e.notingDeadline || e.notingDeadline > e.resubmitBy, {
          message: 'the new noting deadline must come after resubmitBy',
          path: ['notingDeadline'],
        }),
      description: 'Record the regional team’s assurance outcome.',
    },
    MARK_CONDITION_MET: {
      sendableBy: ['officer'],
      payload: z
        .object({
          conditionId: text('condition id'),
          metOn: isoDate,
          evidence: text('evidence').optional(),
        })
        .strict(),
      description: 'Mark one assurance condition as met.',
    },
    RECORD_NOTING: {
      sendableBy: ['officer'],
      payload: z
        .object({ meetingDate: isoDate, minuteReference: text('minute reference') })
        .strict(),
      description: 'Record that the HWBB noted the delegated approval at a meeting.',
    },
    DECLARE_INTEREST: {
      sendableBy: ['chiefExecutive', 'accountableOfficer', 'delegatedApprover'],
      payload: z
        .object({
          nature: z.enum(['disclosablePecuniary', 'other'], {
            message: 'nature must be disclosablePecuniary or other',
          }),
          details: text('nature of the interest'),
        })
        .strict(),
      description:
        'Declare an interest while your answer is awaited. A disclosable pecuniary interest (Localism Act 2011 s31) withdraws you and the officer is told to reassign the role; another interest is recorded.',
    },
    REASSIGN_ROLE: {
      sendableBy: ['officer'],
      payload: z
        .object({
          reassign: z.enum(['chiefExecutive', 'accountableOfficer', 'delegatedApprover'], {
            message: 'reassign must be chiefExecutive, accountableOfficer or delegatedApprover',
          }),
          holderId: z
            .string()
            .uuid(
              'holderId is the id of the office (or, for delegatedApprover, the delegation) that fills the role now',
            ),
        })
        .strict(),
      description:
        'Hand a role to another office or delegation (e.g. a deputy after a declared interest); the new holder is asked afresh.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['submission', 'assurance', 'noting']) }).strict(),
      description: 'A deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z
        .object({
          key: z.enum(['submission', 'assurance', 'noting']),
          workingDaysLeft: z.number().int(),
        })
        .strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: bcfDelegatedSignOffEmails,
  requestMessages: ['agreement-requested', 'approval-requested'],
  linkResponses: {
    chiefExecutive: { approve: 'AGREE', reject: 'REJECT', declareInterest: 'DECLARE_INTEREST' },
    accountableOfficer: { approve: 'AGREE', reject: 'REJECT', declareInterest: 'DECLARE_INTEREST' },
    delegatedApprover: {
      approve: 'APPROVE',
      reject: 'REJECT',
      declareInterest: 'DECLARE_INTEREST',
    },
  },
  reassignEvent: 'REASSIGN_ROLE',
  /**
   * The HWBB notes the Chair's delegated approval at a meeting (seed 001): the item's consensus is
   * recorded on the case as RECORD_NOTING. An item deferred or referred back notes nothing; an
   * approval not yet submitted cannot be noted.
   */
  meetingEvents(outcome, current) {
    if (outcome.chairChoice) return { ok: true, events: [] };
    if (!current.stateKey.split(';').includes('postSubmission.noting.awaiting'))
      return {
        ok: false,
        code: 'CASE_NOT_AWAITING_NOTING',
        explanation: [
          'the Board notes the delegated approval once the plan has been approved and submitted',
          'this case is not waiting to be noted',
        ],
      };
    return {
      ok: true,
      events: [
        {
          type: 'RECORD_NOTING',
          payload: {
            meetingDate: outcome.meetingDate,
            minuteReference: `"${outcome.item.title}", meeting of ${outcome.meetingDate}`,
          },
        },
      ],
    };
  },
  deadlineFor(message, context) {
    const dates = (context as BcfContext).dates;
    if (message.startsWith('noting')) return dates.notingDeadline;
    if (message.startsWith('assurance')) return dates.expectedAssuranceDate;
    if (message === 'case-closed' || message === 'plan-not-approved') return null;
    return dates.submissionDeadline;
  },
  describe(value, context) {
    const ctx = context as BcfContext;
    const withdrawn = ctx.withdrawn ?? [];
    if (withdrawn.length > 0 && value !== 'closed') {
      const base = bcfDelegatedSignOffV1.describe(value, { ...ctx, withdrawn: [] });
      return {
        summary: `${base.summary}; ${withdrawn.map((r) => ROLE_WORDS[r]).join(' and ')} declared an interest and withdrew: the officer must reassign the role`,
        awaiting: [...base.awaiting.filter((r) => !(withdrawn as string[]).includes(r)), 'officer'],
      };
    }
    if (value === 'closed')
      return {
        summary: 'Closed: plan assured and delegated approval noted by the HWBB',
        awaiting: [],
      };
    const v = value as Record<string, unknown>;
    if (v.preSubmission !== undefined) {
      const sub = v.preSubmission as string | Record<string, Record<string, string>>;
      if (sub === 'drafting') {
        const why = ctx.lastRejection ? ` (rejected: ${ctx.lastRejection.reasons})` : '';
        return {
          summary: `Drafting: the officer prepares the plan and seeks agreement${why}`,
          awaiting: ['officer'],
        };
      }
      if (sub === 'chairApproval')
        return {
          summary: 'Awaiting approval by the HWBB chair under delegation',
          awaiting: ['delegatedApprover'],
        };
      if (sub === 'readyToSubmit')
        return {
          summary: 'Approved: awaiting submission to the regional BCF team',
          awaiting: ['officer'],
        };
      const agreement = (sub as Record<string, Record<string, string>>).agreement;
      const awaiting = (['chiefExecutive', 'accountableOfficer'] as const).filter(
        (r) => agreement[r] === 'awaiting',
      );
      const names = awaiting.map((r) =>
        r === 'chiefExecutive' ? 'the Chief Executive' : 'the Accountable Officer',
      );
      return { summary: `Awaiting agreement from ${names.join(' and ')}`, awaiting: [...awaiting] };
    }
    const post = v.postSubmission as { assurance: string; noting: string };
    const parts: string[] = [];
    const awaiting = new Set<string>();
    if (post.assurance === 'awaiting') parts.push('awaiting the regional assurance outcome');
    if (post.assurance === 'conditionsOpen') {
      const open = ctx.conditions.filter((c) => c.metOn === null).length;
      parts.push(`approved with conditions, ${open} still to be met`);
      awaiting.add('officer');
    }
    if (post.noting === 'awaiting') {
      parts.push('awaiting the HWBB noting the delegated approval');
      awaiting.add('officer');
    }
    return { summary: `Submitted: ${parts.join('; ')}`, awaiting: [...awaiting] };
  },
};
