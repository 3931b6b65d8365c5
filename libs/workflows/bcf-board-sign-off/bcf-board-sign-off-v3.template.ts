import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import { bcfBoardSignOffV3Machine, type BoardV3Context } from './bcf-board-sign-off-v3.machine';
import { bcfBoardSignOffV2 } from './bcf-board-sign-off-v2.template';

/**
 * Version 3 of the Better Care Fund plan signed off by the full board: version 2's steps, with the
 * HWBB's agreement of the arrangements for approving the final version taken from its meeting's
 * show of hands (RECORD_ARRANGEMENTS, sent by the meetings API with the arrangements the officer
 * recorded as proposed, RECORD_PROPOSED_ARRANGEMENTS; refused DECIDED_AT_A_MEETING when typed)
 * (bcf-board-sign-off-v3.machine.ts).
 */

const v2 = bcfBoardSignOffV2;
const isoDate = calendarDate('use a calendar date such as 2026-06-10');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const ARRANGEMENTS = 'arrangements for approving the final version';

export const bcfBoardSignOffV3: WorkflowTemplate = {
  ...v2,
  version: 3,
  title:
    'Better Care Fund plan, full board sign-off (arrangements and approval at the HWBB’s meetings)',
  machine: bcfBoardSignOffV3Machine,
  events: {
    ...v2.events,
    RECORD_PROPOSED_ARRANGEMENTS: {
      sendableBy: ['officer'],
      payload: z.object({ arrangements: text(ARRANGEMENTS) }).strict(),
      description:
        'Record the arrangements for approving the final version that the report to the HWBB proposes; its meeting agrees them by a show of hands.',
    },
    RECORD_ARRANGEMENTS: {
      sendableBy: ['officer'],
      payload: decidedAtAMeeting(
        z
          .object({
            meetingDate: isoDate,
            minuteReference: text('minute reference'),
            arrangements: text(ARRANGEMENTS),
            outcome: z.enum(['consensus', 'referredBack', 'deferred'], {
              message: 'outcome must be consensus, referredBack or deferred',
            }),
            fromMeeting: fromMeetingMark,
          })
          .strict(),
      ),
      description:
        'The HWBB’s outcome on the proposed arrangements from its meeting’s show of hands, sent by the meetings API: consensus agrees them and approval is sought; deferred or referred back waits for a later meeting.',
    },
  },
  meetingEvents(outcome, current) {
    if (!current.stateKey.split(';').includes('preSubmission.consideration'))
      return v2.meetingEvents!(outcome, current);
    const proposed = (current.context as BoardV3Context).proposedArrangements;
    if (proposed === null)
      return {
        ok: false,
        code: 'ARRANGEMENTS_NOT_PROPOSED',
        explanation: [
          `the ${outcome.body?.name ?? 'Board'} agrees the arrangements for approving the final version that the report proposes, and none are recorded on the case`,
          'record the proposed arrangements on the case before the meeting takes the item',
        ],
        source: 'seed 002, item 8',
      };
    return {
      ok: true,
      events: [
        {
          type: 'RECORD_ARRANGEMENTS',
          payload: {
            meetingDate: outcome.meetingDate,
            minuteReference: `"${outcome.item.title}", meeting of ${outcome.meetingDate}`,
            arrangements: proposed,
            outcome: outcome.chairChoice?.outcome ?? 'consensus',
            fromMeeting: true,
          },
        },
      ],
    };
  },
  describe(value, context) {
    const ctx = context as BoardV3Context;
    const v = value as Record<string, unknown> | string;
    if (typeof v !== 'object' || v.preSubmission !== 'consideration')
      return v2.describe(value, context);
    const said = v2.describe(value, context);
    const last = ctx.arrangementsNotAgreed.at(-1);
    const step = last
      ? ` (${last.outcome === 'deferred' ? 'deferred' : 'referred back'} at its meeting of ${last.meetingDate}: a later meeting’s show of hands)`
      : ctx.proposedArrangements === null
        ? ' (the officer first records the arrangements the report proposes)'
        : ' (its meeting’s show of hands on the proposed arrangements)';
    return {
      ...said,
      summary: said.summary.replace(/ by \d{4}-\d\d-\d\d/, (by) => `${step}${by}`),
    };
  },
};
