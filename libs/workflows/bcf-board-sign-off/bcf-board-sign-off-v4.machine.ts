import { and } from 'xstate';
import { derive } from '../machine-differences.service';
import { laterThanTheLastMeeting } from '../later-meeting.rule';
import {
  bcfBoardSignOffV3Machine as v3,
  type BoardV3Context,
  type BoardV3Event,
} from './bcf-board-sign-off-v3.machine';
import type { BoardInput } from './bcf-board-sign-off.machine';

/**
 * Version 4 of the BCF plan signed off by the full board: version 3 (bcf-board-sign-off-v3.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 *
 * A meeting's outcome on the plan is taken only from a meeting later than the last meeting that
 * took it, whichever it was (later-meeting.rule.ts): after the HWBB deferred or referred back the
 * arrangements on 8 July, a show of hands dated 1 July agrees nothing; the Board's outcome on the
 * plan comes from a meeting after the one that agreed the arrangements, and after any meeting that
 * deferred or referred the plan back (version 2 checked only the deferring meeting).
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type BoardV4Context = BoardV3Context;
export type BoardV4Event = BoardV3Event;

type Args = { context: BoardV4Context; event: BoardV4Event };

/** The last meeting that took the plan or its arrangements, whatever it decided; null: none yet. */
export function lastBoardMeeting(
  context: BoardV4Context,
): { meetingDate: string; what: string } | null {
  const dates = [
    ...context.arrangementsNotAgreed.map((d) => d.meetingDate),
    ...(context.arrangements ? [context.arrangements.meetingDate] : []),
    ...context.hwbbDecisions.map((d) => d.meetingDate),
  ].sort();
  const last = dates.at(-1);
  return last === undefined ? null : { meetingDate: last, what: 'the Board’s meeting' };
}

const meetingDateOf = (event: BoardV4Event): string | undefined =>
  event.type === 'RECORD_ARRANGEMENTS' || event.type === 'RECORD_HWBB_DECISION'
    ? event.meetingDate
    : undefined;

/** Every transition on the event, taken only from a meeting later than the last on the plan. */
const later = (before: unknown[]) =>
  (before as { guard?: unknown }[]).map((t) => ({
    ...t,
    guard: t.guard
      ? and(['afterTheLastMeetingOnThePlan', t.guard as never])
      : 'afterTheLastMeetingOnThePlan',
  }));

export const bcfBoardSignOffV4Machine = derive<BoardV4Context, BoardV4Event, BoardInput>(v3, {
  guards: {
    /** A meeting later than every meeting that took the plan or its arrangements. */
    afterTheLastMeetingOnThePlan: ({ context, event }: Args) => {
      const on = meetingDateOf(event);
      return (
        on !== undefined &&
        laterThanTheLastMeeting(on, lastBoardMeeting(context)?.meetingDate ?? null)
      );
    },
  },
  replacedTransitions: {
    'preSubmission.consideration': { RECORD_ARRANGEMENTS: later },
    'preSubmission.approval.hwbb.awaiting': { RECORD_HWBB_DECISION: later },
    'preSubmission.approval.hwbb.deferred': { RECORD_HWBB_DECISION: later },
  },
});
