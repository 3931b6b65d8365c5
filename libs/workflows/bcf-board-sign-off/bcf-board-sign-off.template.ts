import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import {
  bcfBoardSignOffMachine,
  type Approver,
  type BoardContext,
} from './bcf-board-sign-off.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { bcfBoardSignOffEmails } from './bcf-board-sign-off.emails';

const isoDate = calendarDate('use a calendar date such as 2017-09-11');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const empty = z.object({}).strict();
const KEYS = ['submission', 'assurance'] as const;

const APPROVER_WORDS: Record<Approver, string> = {
  hwbb: 'the HWBB (at a meeting)',
  localAuthority: 'the Chief Executive',
  ccg: 'the Accountable Officer',
};
const APPROVER_ROLE: Record<Approver, string> = {
  hwbb: 'officer',
  localAuthority: 'chiefExecutive',
  ccg: 'accountableOfficer',
};

export const bcfBoardSignOffV1: WorkflowTemplate = {
  id: 'bcf-board-sign-off',
  version: 1,
  title: 'Better Care Fund plan, full board sign-off',
  machine: bcfBoardSignOffMachine,
  roles: {
    chiefExecutive: {
      label: 'Chief Executive of the constituent local authority',
      binding: 'office',
    },
    accountableOfficer: { label: 'Accountable Officer of the CCG', binding: 'office' },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    nationalDeadline: 'National submission deadline (11 September 2017 in the seed)',
    expectedAssuranceDate: 'When the assurance outcome is expected',
  },
  dates: (today) =>
    z
      .object({
        nationalDeadline: isoDate.refine(
          (d) => d >= today,
          'the national deadline must not be in the past',
        ),
        expectedAssuranceDate: isoDate,
      })
      .strict()
      .refine((d) => d.expectedAssuranceDate > d.nationalDeadline, {
        message: 'the expected assurance date must come after the national deadline',
        path: ['expectedAssuranceDate'],
      }),
  events: {
    RECORD_ARRANGEMENTS: {
      sendableBy: ['officer'],
      payload: z
        .object({
          meetingDate: isoDate,
          minuteReference: text('minute reference'),
          arrangements: text('arrangements agreed for approving the final version'),
        })
        .strict(),
      description:
        'Record that the HWBB considered the draft and agreed how the final version will be approved; approval is then sought.',
    },
    RECORD_HWBB_APPROVAL: {
      sendableBy: ['officer'],
      payload: z
        .object({ meetingDate: isoDate, minuteReference: text('minute reference') })
        .strict(),
      description: 'Record the HWBB’s resolution approving the plan.',
    },
    RECORD_HWBB_REJECTION: {
      sendableBy: ['officer'],
      payload: z
        .object({
          meetingDate: isoDate,
          minuteReference: text('minute reference'),
          reasons: text('reasons'),
        })
        .strict(),
      description: 'Record that the HWBB did not approve the plan; it returns for revision.',
    },
    APPROVE: {
      sendableBy: ['chiefExecutive', 'accountableOfficer'],
      payload: z.object({ comments: text('comments').optional() }).strict(),
      description:
        'Approve the plan for the local authority (Chief Executive) or the CCG (Accountable Officer).',
    },
    REJECT: {
      sendableBy: ['chiefExecutive', 'accountableOfficer'],
      payload: z.object({ reasons: text('reasons for rejecting') }).strict(),
      description:
        'Reject the plan with reasons; it returns for revision and all approvals are sought again.',
    },
    SEEK_APPROVAL: {
      sendableBy: ['officer'],
      payload: empty,
      description: 'Seek the three approvals again for the revised plan.',
    },
    RECORD_SUBMISSION: {
      sendableBy: ['officer'],
      payload: z
        .object({ submittedOn: isoDate, reference: text('submission reference').optional() })
        .strict(),
      description: 'Record that the approved plan was submitted.',
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
        }),
      description: 'Record the assurance outcome.',
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
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS) }).strict(),
      description: 'A deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS), workingDaysLeft: z.number().int() }).strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: bcfBoardSignOffEmails,
  requestMessages: ['plan-approval-requested'],
  linkResponses: {
    chiefExecutive: { approve: 'APPROVE', reject: 'REJECT' },
    accountableOfficer: { approve: 'APPROVE', reject: 'REJECT' },
  },
  deadlineFor(message, context) {
    const dates = (context as BoardContext).dates;
    if (message.startsWith('assurance')) return dates.expectedAssuranceDate;
    if (message === 'plan-assured' || message === 'plan-not-approved') return null;
    return dates.nationalDeadline;
  },
  describe(value, context) {
    const ctx = context as BoardContext;
    const late = ctx.overdue?.submission ? ' (overdue: the national deadline has passed)' : '';
    if (value === 'closed')
      return { summary: 'Closed: plan approved by all three and assured', awaiting: [] };
    const v = value as Record<string, unknown>;
    if (v.preSubmission !== undefined) {
      const sub = v.preSubmission as string | { approval: Record<Approver, string> };
      if (sub === 'consideration')
        return {
          summary: `Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version by ${ctx.dates.nationalDeadline}${late}`,
          awaiting: ['officer'],
        };
      if (sub === 'revising') {
        const why = ctx.lastRejection
          ? ` (not approved by ${APPROVER_WORDS[ctx.lastRejection.by]}: ${ctx.lastRejection.reasons})`
          : ctx.assurance?.outcome === 'notApproved'
            ? ` (not assured: ${ctx.assurance.reasons ?? 'no reasons given'})`
            : '';
        return {
          summary: `Revising the plan${why}: the officer seeks approval again${late}`,
          awaiting: ['officer'],
        };
      }
      if (sub === 'readyToSubmit')
        return {
          summary: `Approved by the HWBB, the Chief Executive and the Accountable Officer: awaiting submission by ${ctx.dates.nationalDeadline}${late}`,
          awaiting: ['officer'],
        };
      const approval = (sub as { approval: Record<Approver, string> }).approval;
      const waiting = (Object.keys(APPROVER_WORDS) as Approver[]).filter(
        (a) => approval[a] === 'awaiting',
      );
      return {
        summary: `Awaiting approval by ${waiting.map((a) => APPROVER_WORDS[a]).join(', ')} before submission by ${ctx.dates.nationalDeadline}${late}`,
        awaiting: [...new Set(waiting.map((a) => APPROVER_ROLE[a]))],
      };
    }
    const post = (v.postSubmission as string) ?? '';
    if (post === 'conditionsOpen') {
      const open = ctx.conditions.filter((c) => c.metOn === null).length;
      return {
        summary: `Submitted: approved with conditions, ${open} still to be met`,
        awaiting: ['officer'],
      };
    }
    const overdue = ctx.overdue?.assurance ? ' (overdue)' : '';
    return {
      summary: `Submitted: awaiting the assurance outcome, expected ${ctx.dates.expectedAssuranceDate}${overdue}`,
      awaiting: ['officer'],
    };
  },
};
