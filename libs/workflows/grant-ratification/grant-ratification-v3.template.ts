import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import { grantRatificationV2 } from './grant-ratification-v2.template';
import { grantRatificationV3Machine, type GrantV3Context } from './grant-ratification-v3.machine';
import { grantRatificationMeetingEvents } from './grant-meeting-events.service';

/**
 * Version 3 of grant ratification: version 2's steps, with Cabinet's recommendation and Full
 * Council's decision taken from their meetings' shows of hands as each body's own rule counted
 * them (a simple majority), sent by the meetings API and refused DECIDED_AT_A_MEETING when typed;
 * the officer records what each meeting votes on: the recommendation the report proposes, and the
 * motion put to Council (approve it, or refer it back to Cabinet with the next meetings)
 * (grant-ratification-v3.machine.ts, grant-meeting-events.service.ts).
 */

const v2 = grantRatificationV2;
const isoDate = calendarDate('use a calendar date such as 2026-07-14');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const count = z.number().int().min(0).max(1000);
const fromTheMeeting = {
  meetingDate: isoDate,
  minuteReference: text('minute reference'),
  reasons: text('reasons').optional(),
  /** Optional to the schema so that a typed vote is refused as the meeting's (the mark), not for want of it. */
  vote: z.object({ for: count, against: count, abstain: count }).strict().optional(),
  fromMeeting: fromMeetingMark,
};

const SHOW_OF_HANDS = {
  message: 'give the show of hands: how many for, against and abstaining',
  path: ['vote'],
};

const REFER = 'referBackToCabinet';
const nextMeetings = {
  cabinetMeetingDate: isoDate.optional(),
  councilMeetingDate: isoDate.optional(),
  ratificationDeadline: isoDate.optional(),
};
type NextMeetings = { [K in keyof typeof nextMeetings]?: string };

/** The next meetings after a referral back: all three, in order, and only with a referral. */
function inOrder<T extends NextMeetings>(schema: z.ZodType<T>, referral: (e: T) => boolean) {
  return schema
    .refine((e) => !referral(e) || e.cabinetMeetingDate !== undefined, {
      message: 'give the date of the Cabinet meeting that reconsiders it',
      path: ['cabinetMeetingDate'],
    })
    .refine((e) => !referral(e) || e.councilMeetingDate !== undefined, {
      message: 'give the date of the Full Council meeting that considers it again',
      path: ['councilMeetingDate'],
    })
    .refine((e) => !referral(e) || e.ratificationDeadline !== undefined, {
      message: 'give the date of the HWBB meeting that ratifies it afterwards',
      path: ['ratificationDeadline'],
    })
    .refine(
      (e) =>
        referral(e) || (!e.cabinetMeetingDate && !e.councilMeetingDate && !e.ratificationDeadline),
      {
        message: 'give the next meetings only with a referral back to Cabinet',
        path: ['cabinetMeetingDate'],
      },
    )
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
}

const recommendation = z
  .object({
    decision: z.enum(['recommended', 'notRecommended'], {
      message: 'decision must be recommended or notRecommended',
    }),
    recommendation: text('recommendation').optional(),
    ...fromTheMeeting,
  })
  .strict()
  .refine((e) => e.vote !== undefined, SHOW_OF_HANDS)
  .refine((e) => (e.decision === 'recommended') === (e.recommendation !== undefined), {
    message: 'give Cabinet’s recommendation when its motion was carried, and only then',
    path: ['recommendation'],
  });

const councilMotion = inOrder(
  z
    .object({
      motion: z.enum(['approve', REFER], { message: `motion must be approve or ${REFER}` }),
      ...nextMeetings,
    })
    .strict(),
  (e) => e.motion === REFER,
);

const REFERRED = 'referredBackToCabinet';
const councilDecision = inOrder(
  z
    .object({
      decision: z.enum(['approved', 'notApproved', REFERRED, 'referralLost'], {
        message: 'decision must be approved, notApproved, referredBackToCabinet or referralLost',
      }),
      ...nextMeetings,
      ...fromTheMeeting,
    })
    .strict(),
  (e) => e.decision === REFERRED,
)
  .refine((e) => e.vote !== undefined, SHOW_OF_HANDS)
  .refine((e) => !e.cabinetMeetingDate || e.cabinetMeetingDate > e.meetingDate, {
    message: 'Cabinet reconsiders it at a meeting after Council referred it back',
    path: ['cabinetMeetingDate'],
  });

export const grantRatificationV3: WorkflowTemplate = {
  ...v2,
  version: 3,
  title:
    'Grant spending proposals: Cabinet recommends and Full Council decides at their meetings, HWBB ratifies',
  machine: grantRatificationV3Machine,
  events: {
    ...v2.events,
    RECORD_PROPOSED_RECOMMENDATION: {
      sendableBy: ['officer'],
      payload: z.object({ recommendation: text('recommendation') }).strict(),
      description:
        'Record the recommendation to Full Council that the report puts to Cabinet; Cabinet’s meeting decides on it by a show of hands.',
    },
    RECORD_CABINET_RECOMMENDATION: {
      sendableBy: ['officer'],
      payload: decidedAtAMeeting(recommendation),
      description:
        'Cabinet’s vote on the proposed recommendation, from its meeting’s show of hands (sent by the meetings API): carried recommends it to Full Council; lost makes none and the case closes. A tie is decided by the casting vote of the person presiding (Local Government Act 1972, Schedule 12, paragraphs 39(2) and 44).',
    },
    RECORD_COUNCIL_MOTION: {
      sendableBy: ['officer'],
      payload: councilMotion,
      description:
        'Record the motion put to Full Council: to approve Cabinet’s recommendation, or to refer it back to Cabinet with the next Cabinet, Full Council and HWBB meetings.',
    },
    RECORD_COUNCIL_DECISION: {
      sendableBy: ['officer'],
      payload: decidedAtAMeeting(councilDecision),
      description:
        'Full Council’s vote on the motion, from its meeting’s show of hands (sent by the meetings API): approval carried approves, lost refuses; a referral carried returns the case to Cabinet, lost leaves the recommendation before Council. A tie is decided by the casting vote of the person presiding (Local Government Act 1972, Schedule 12, paragraph 39(2)).',
    },
  },
  meetingEvents: grantRatificationMeetingEvents,
  describe(value, context) {
    const ctx = context as GrantV3Context;
    const said = v2.describe(value, context);
    const step = typeof value === 'object' ? (value as { open?: unknown }).open : undefined;
    if (step === 'cabinet' && ctx.proposedRecommendation === null)
      return {
        ...said,
        summary: said.summary.replace(
          /awaiting Cabinet’s recommendation( to Full Council)?/,
          'the officer records the recommendation to Full Council that the report puts to Cabinet, whose meeting votes on it',
        ),
      };
    if (step === 'cabinet')
      return {
        ...said,
        summary: said.summary.replace(
          /awaiting Cabinet’s recommendation( to Full Council)?/,
          `awaiting Cabinet’s vote on recommending “${ctx.proposedRecommendation}” to Full Council`,
        ),
      };
    if (step === 'fullCouncil') {
      const lost = ctx.votes.at(-1);
      const before =
        lost && lost.body === 'council' && !lost.carried
          ? ` (a motion to refer it back was lost on ${lost.meetingDate}, ${lost.for} for, ${lost.against} against)`
          : '';
      const motion =
        ctx.councilMotion?.motion === REFER
          ? 'on a motion to refer it back to Cabinet'
          : 'on a motion to approve it';
      return {
        ...said,
        summary: said.summary.replace(
          /awaiting Full Council’s decision/,
          `awaiting Full Council’s vote ${motion}${before}`,
        ),
      };
    }
    return said;
  },
};
