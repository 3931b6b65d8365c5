import { and } from 'xstate';
import { derive } from '../machine-differences.service';
import { laterThanTheLastMeeting } from '../later-meeting.rule';
import {
  bcfQuarterlyReportV3Machine as v3,
  type QuarterlyV3Context,
  type QuarterlyV3Event,
} from './bcf-quarterly-performance-report-v3.machine';
import type { QuarterlyInput } from './bcf-quarterly-performance-report.machine';

/**
 * Version 4 of the BCF performance report: version 3 (bcf-quarterly-performance-report-v3.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 *
 * A meeting's outcome on the report is taken only from a meeting later than the last meeting that
 * took the report, whichever body held it (later-meeting.rule.ts): after the JCB signed the
 * year-end report off on 20 August and the HWBB referred it back on 26 August, a JCB consensus
 * dated 22 August does not sign the revised report off (version 3 compared only with the same
 * body's last meeting, so it did, and the case went back to the HWBB).
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type QuarterlyV4Context = QuarterlyV3Context;
export type QuarterlyV4Event = QuarterlyV3Event;

type Args = { context: QuarterlyV4Context; event: QuarterlyV4Event };

const BODY_WORDS = { jcb: 'the JCB’s meeting', hwbb: 'the HWBB’s meeting' };

/** The last meeting that took the report, whichever body held it; null: none yet. */
export function lastMeetingOnTheReport(
  context: QuarterlyV4Context,
): { meetingDate: string; what: string } | null {
  const last = context.decisions.at(-1);
  return last === undefined ? null : { meetingDate: last.meetingDate, what: BODY_WORDS[last.body] };
}

const meetingDateOf = (event: QuarterlyV4Event): string | undefined =>
  event.type === 'RECORD_JCB_DECISION' || event.type === 'RECORD_HWBB_DECISION'
    ? event.meetingDate
    : undefined;

/** Every transition on the event, taken only from a meeting later than the last on the report. */
const later = (before: unknown[]) =>
  (before as { guard?: unknown }[]).map((t) => ({
    ...t,
    guard: t.guard
      ? and(['afterTheLastMeetingOnTheReport', t.guard as never])
      : 'afterTheLastMeetingOnTheReport',
  }));

export const bcfQuarterlyReportV4Machine = derive<
  QuarterlyV4Context,
  QuarterlyV4Event,
  QuarterlyInput
>(v3, {
  guards: {
    /** A meeting later than every meeting, of either body, that took the report. */
    afterTheLastMeetingOnTheReport: ({ context, event }: Args) => {
      const on = meetingDateOf(event);
      return (
        on !== undefined &&
        laterThanTheLastMeeting(on, lastMeetingOnTheReport(context)?.meetingDate ?? null)
      );
    },
  },
  replacedTransitions: {
    'open.beforeJcb.jcbSignOff': { RECORD_JCB_DECISION: later },
    'open.laterJcb': { RECORD_JCB_DECISION: later },
    'open.hwbb.awaiting': { RECORD_HWBB_DECISION: later },
    'open.hwbb.deferred': { RECORD_HWBB_DECISION: later },
  },
});
