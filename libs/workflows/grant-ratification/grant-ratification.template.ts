import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import {
  grantRatificationMachine,
  type DeadlineKey,
  type GrantContext,
  type OfficerBoard,
} from './grant-ratification.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { grantRatificationEmails } from './grant-ratification.emails';

const isoDate = calendarDate('use a calendar date such as 2017-07-18');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const recorded = {
  meetingDate: isoDate,
  minuteReference: text('minute reference'),
  reasons: text('reasons').optional(),
};
const KEYS = ['cabinet', 'council', 'ratification'] as const;

const BOARD_WORDS: Record<OfficerBoard, string> = {
  integrationBoard: 'the Integration Board',
  commissioningPartnershipBoard: 'the Commissioning Partnership Board',
};
const KEY_WORDS: Record<DeadlineKey, string> = {
  cabinet: 'the Cabinet meeting',
  council: 'the Full Council meeting',
  ratification: 'the ratification deadline',
};

/** A decision against the proposals needs its reasons. */
const reasonsWhenAgainst = <T extends { decision: string; reasons?: string }>(
  schema: z.ZodType<T>,
  against: string,
) =>
  schema.refine((e) => e.decision !== against || e.reasons !== undefined, {
    message: `give the reasons when the decision is ${against}`,
    path: ['reasons'],
  });

export const grantRatificationV1: WorkflowTemplate = {
  id: 'grant-ratification',
  version: 1,
  title: 'Grant spending proposals: Cabinet, Full Council, then HWBB ratification',
  machine: grantRatificationMachine,
  roles: {
    reportOwner: {
      label: 'Owner of the report (e.g. the Service Director, Adults, Housing and Communities)',
      binding: 'office',
    },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    cabinetMeetingDate:
      'The Cabinet meeting that considers the proposals (18 July 2017 in the seed)',
    councilMeetingDate: 'The Full Council meeting that considers them (19 July 2017)',
    ratificationDeadline: 'The HWBB meeting that must ratify them (26 July 2017)',
  },
  dates: (today) =>
    z
      .object({
        cabinetMeetingDate: isoDate,
        councilMeetingDate: isoDate,
        ratificationDeadline: isoDate.refine(
          (d) => d >= today,
          'the ratification deadline must not be in the past',
        ),
      })
      .strict()
      .refine((d) => d.councilMeetingDate >= d.cabinetMeetingDate, {
        message: 'Full Council considers the proposals after Cabinet approves them',
        path: ['councilMeetingDate'],
      })
      .refine((d) => d.ratificationDeadline >= d.councilMeetingDate, {
        message: 'the HWBB ratifies after Full Council',
        path: ['ratificationDeadline'],
      }),
  events: {
    RECORD_AGREEMENT_IN_PRINCIPLE: {
      sendableBy: ['officer'],
      payload: z
        .object({
          body: z.enum(['integrationBoard', 'commissioningPartnershipBoard'], {
            message: 'body must be integrationBoard or commissioningPartnershipBoard',
          }),
          ...recorded,
        })
        .strict(),
      description:
        'Record that the Integration Board or the Commissioning Partnership Board agreed the proposals in principle.',
    },
    RECORD_CABINET_DECISION: {
      sendableBy: ['officer'],
      payload: reasonsWhenAgainst(
        z
          .object({
            decision: z.enum(['approved', 'notApproved'], {
              message: 'decision must be approved or notApproved',
            }),
            ...recorded,
          })
          .strict(),
        'notApproved',
      ),
      description: 'Record Cabinet’s decision on the proposals.',
    },
    RECORD_COUNCIL_DECISION: {
      sendableBy: ['officer'],
      payload: reasonsWhenAgainst(
        z
          .object({
            decision: z.enum(['approved', 'notApproved'], {
              message: 'decision must be approved or notApproved',
            }),
            ...recorded,
          })
          .strict(),
        'notApproved',
      ),
      description: 'Record Full Council’s decision on the proposals.',
    },
    RECORD_RATIFICATION: {
      sendableBy: ['officer'],
      payload: reasonsWhenAgainst(
        z
          .object({
            decision: z.enum(['ratified', 'notRatified'], {
              message: 'decision must be ratified or notRatified',
            }),
            ...recorded,
          })
          .strict(),
        'notRatified',
      ),
      description: 'Record whether the HWBB ratified the proposals at its meeting.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS) }).strict(),
      description: 'A meeting date or the ratification deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS), workingDaysLeft: z.number().int() }).strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: grantRatificationEmails,
  requestMessages: [],
  linkResponses: {},
  deadlineFor(message, context) {
    const dates = (context as GrantContext).dates;
    if (message.startsWith('cabinet')) return dates.cabinetMeetingDate;
    if (message.startsWith('council')) return dates.councilMeetingDate;
    if (message === 'grant-decided') return null;
    return dates.ratificationDeadline;
  },
  describe(value, context) {
    const ctx = context as GrantContext;
    if (value === 'closed') {
      const d = ctx.ratification ?? ctx.council ?? ctx.cabinet;
      const why = d?.reasons ? `: ${d.reasons}` : '';
      const at = d ? ` on ${d.meetingDate} (${d.minuteReference})` : '';
      const words: Record<string, string> = {
        ratified: 'Closed: ratified by the HWBB',
        notRatified: 'Closed: not ratified by the HWBB',
        notApprovedByCabinet: 'Closed: not approved by Cabinet',
        notApprovedByCouncil: 'Closed: not approved by Full Council',
      };
      return { summary: `${words[ctx.outcome ?? 'ratified']}${at}${why}`, awaiting: [] };
    }
    const late = (Object.keys(ctx.overdue) as DeadlineKey[]).filter((k) => ctx.overdue[k]);
    const suffix = late.length ? ` (overdue: ${late.map((k) => KEY_WORDS[k]).join(', ')})` : '';
    const step = (value as { open: string | Record<string, unknown> }).open;
    let summary: string;
    if (step === 'cabinet')
      summary = `Agreed in principle: awaiting Cabinet’s decision (meeting ${ctx.dates.cabinetMeetingDate})`;
    else if (step === 'fullCouncil')
      summary = `Approved by Cabinet: awaiting Full Council’s decision (meeting ${ctx.dates.councilMeetingDate})`;
    else if (step === 'hwbbRatification')
      summary = `Approved by Full Council: awaiting ratification by the HWBB by ${ctx.dates.ratificationDeadline}`;
    else {
      const waiting = (Object.keys(BOARD_WORDS) as OfficerBoard[])
        .filter((b) => ctx.inPrinciple[b] === null)
        .map((b) => BOARD_WORDS[b]);
      summary = `Awaiting agreement in principle by ${waiting.join(' and ')}`;
    }
    return { summary: `${summary}${suffix}`, awaiting: ['officer'] };
  },
};
