import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflow.template';
import { grantRatificationV2Machine, type GrantV2Context } from './grant-ratification-v2.machine';
import { grantRatificationV2Emails } from './grant-ratification-v2.emails';
import { grantRatificationV1 } from './grant-ratification.template';

/**
 * Version 2 of grant ratification: version 1's steps, with Cabinet recommending to Full Council,
 * which decides (approves, does not approve, or refers the recommendation back to Cabinet with the
 * next Cabinet, Full Council and HWBB meetings) (grant-ratification-v2.machine.ts; seed 002, item 9, para 3).
 */

const v1 = grantRatificationV1;
const isoDate = calendarDate('use a calendar date such as 2026-07-14');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const recorded = {
  meetingDate: isoDate,
  minuteReference: text('minute reference'),
  reasons: text('reasons').optional(),
};

const { RECORD_CABINET_DECISION: _cabinetDecision, ...kept } = v1.events;

const recommendation = z
  .object({
    decision: z.enum(['recommended', 'notRecommended'], {
      message: 'decision must be recommended or notRecommended',
    }),
    recommendation: text('recommendation').optional(),
    ...recorded,
  })
  .strict()
  .refine((e) => e.decision !== 'recommended' || e.recommendation !== undefined, {
    message: 'give Cabinet’s recommendation to Full Council, as its minute says',
    path: ['recommendation'],
  })
  .refine((e) => e.decision !== 'notRecommended' || e.recommendation === undefined, {
    message: 'leave the recommendation out when Cabinet made none',
    path: ['recommendation'],
  })
  .refine((e) => e.decision !== 'notRecommended' || e.reasons !== undefined, {
    message: 'give the reasons when Cabinet made no recommendation',
    path: ['reasons'],
  });

const REFERRED = 'referredBackToCabinet';
const councilDecision = z
  .object({
    decision: z.enum(['approved', 'notApproved', REFERRED], {
      message: 'decision must be approved, notApproved or referredBackToCabinet',
    }),
    cabinetMeetingDate: isoDate.optional(),
    councilMeetingDate: isoDate.optional(),
    ratificationDeadline: isoDate.optional(),
    ...recorded,
  })
  .strict()
  .refine((e) => e.decision !== 'notApproved' || e.reasons !== undefined, {
    message: 'give the reasons when the decision is notApproved',
    path: ['reasons'],
  })
  .refine((e) => e.decision !== REFERRED || e.cabinetMeetingDate !== undefined, {
    message: 'give the date of the Cabinet meeting that reconsiders it',
    path: ['cabinetMeetingDate'],
  })
  .refine((e) => e.decision !== REFERRED || e.councilMeetingDate !== undefined, {
    message: 'give the date of the Full Council meeting that considers it again',
    path: ['councilMeetingDate'],
  })
  .refine((e) => e.decision !== REFERRED || e.ratificationDeadline !== undefined, {
    message: 'give the date of the HWBB meeting that ratifies it afterwards',
    path: ['ratificationDeadline'],
  })
  .refine(
    (e) =>
      e.decision === REFERRED ||
      (!e.cabinetMeetingDate && !e.councilMeetingDate && !e.ratificationDeadline),
    {
      message: 'give the next meetings only when Council referred it back to Cabinet',
      path: ['cabinetMeetingDate'],
    },
  )
  .refine((e) => !e.cabinetMeetingDate || e.cabinetMeetingDate > e.meetingDate, {
    message: 'Cabinet reconsiders it at a meeting after Council referred it back',
    path: ['cabinetMeetingDate'],
  })
  .refine(
    (e) =>
      !e.cabinetMeetingDate ||
      !e.councilMeetingDate ||
      e.councilMeetingDate >= e.cabinetMeetingDate,
    {
      message: 'Full Council considers it again after Cabinet’s new recommendation',
      path: ['councilMeetingDate'],
    },
  )
  .refine(
    (e) =>
      !e.councilMeetingDate ||
      !e.ratificationDeadline ||
      e.ratificationDeadline >= e.councilMeetingDate,
    { message: 'the HWBB ratifies after Full Council', path: ['ratificationDeadline'] },
  );

export const grantRatificationV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Grant spending proposals: Cabinet recommends, Full Council decides, HWBB ratifies',
  machine: grantRatificationV2Machine,
  dateFields: {
    ...v1.dateFields,
    cabinetMeetingDate:
      'The Cabinet meeting that makes its recommendation to Full Council (18 July 2017 in the seed)',
    councilMeetingDate: 'The Full Council meeting that decides on it (19 July 2017)',
  },
  events: {
    ...kept,
    RECORD_CABINET_RECOMMENDATION: {
      sendableBy: ['officer'],
      payload: recommendation,
      description:
        'Record Cabinet’s recommendation to Full Council on the proposals, in its words, or that Cabinet made none (the case closes).',
    },
    RECORD_COUNCIL_DECISION: {
      sendableBy: ['officer'],
      payload: councilDecision,
      description:
        'Record Full Council’s decision on Cabinet’s recommendation: approved, not approved, or referred back to Cabinet with the next Cabinet, Full Council and HWBB meetings.',
    },
  },
  emails: grantRatificationV2Emails,
  deadlineFor(message, context) {
    const dates = (context as GrantV2Context).dates;
    if (message === 'recommended-to-council') return dates.councilMeetingDate;
    if (message === 'referred-back-to-cabinet') return dates.cabinetMeetingDate;
    return v1.deadlineFor(message, context);
  },
  describe(value, context) {
    const ctx = context as GrantV2Context;
    if (value === 'closed' && ctx.outcome === 'notRecommendedByCabinet') {
      const d = ctx.cabinet!;
      return {
        summary: `Closed: no recommendation to Full Council by Cabinet on ${d.meetingDate} (${d.minuteReference}): ${d.reasons}`,
        awaiting: [],
      };
    }
    if (value === 'closed') return v1.describe(value, context);
    const step = (value as { open: string | Record<string, unknown> }).open;
    const described = v1.describe(value, context);
    const late = described.summary.match(/ \(overdue: .*\)$/)?.[0] ?? '';
    let summary: string;
    if (step === 'cabinet' && ctx.referral)
      summary = `Referred back to Cabinet by Full Council on ${ctx.referral.meetingDate} (${ctx.referral.minuteReference}): awaiting Cabinet’s recommendation (meeting ${ctx.dates.cabinetMeetingDate})`;
    else if (step === 'cabinet')
      summary = `Agreed in principle: awaiting Cabinet’s recommendation to Full Council (meeting ${ctx.dates.cabinetMeetingDate})`;
    else if (step === 'fullCouncil')
      summary = `Recommended by Cabinet (“${ctx.cabinet?.recommendation}”): awaiting Full Council’s decision (meeting ${ctx.dates.councilMeetingDate})`;
    else if (step === 'hwbbRatification')
      summary = `Approved by Full Council on Cabinet’s recommendation: awaiting ratification by the HWBB by ${ctx.dates.ratificationDeadline}`;
    else return described;
    return { summary: `${summary}${late}`, awaiting: ['officer'] };
  },
};
