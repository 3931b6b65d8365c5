import { and, assign } from 'xstate';
import { derive, placedBefore } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  bcfQuarterlyReportV2Machine as v2,
  type QuarterlyV2Context,
  type QuarterlyV2Event,
} from './bcf-quarterly-performance-report-v2.machine';
import type { QuarterlyInput, Role } from './bcf-quarterly-performance-report.machine';

/**
 * Version 3 of the BCF performance report: version 2 (bcf-quarterly-performance-report-v2.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 *
 * The JCB's sign-off and the HWBB's noting of the year-end report are decisions of their meetings,
 * never typed: RECORD_JCB_DECISION and RECORD_HWBB_DECISION, sent by the meetings API from the
 * agenda item linked to the case (the template's `meetingEvents`), carry the meeting's outcome
 * after the meeting has checked its notices, quorum and hands (JCB ToR 8.1-8.3, seed 002).
 * - The JCB's consensus signs the report off: a quarter's goes to NHS England, the year-end
 *   report to the HWBB (as version 2). Deferred (ToR 8.2) or referred back, the report waits for a
 *   later JCB meeting, whose outcome the case takes next; the JCB date's deadline is done with.
 * - The HWBB's consensus notes the year-end report (seeds 000, 004: the Board notes it), which then
 *   goes to NHS England; deferred, it waits for a later HWBB meeting; referred back, the revised
 *   report goes to a later JCB meeting again.
 * Version 2's typed RECORD_JCB_SIGN_OFF, RECORD_JCB_DEFERRAL and RECORD_HWBB_OUTCOME are gone.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type MeetingOutcomeKind = 'consensus' | 'referredBack' | 'deferred';
export type DecidingBody = 'jcb' | 'hwbb';

/** A body's outcome on the report, as its meeting recorded it. */
export interface BodyDecision {
  body: DecidingBody;
  meetingDate: string;
  minuteReference: string;
  outcome: MeetingOutcomeKind;
}

export interface QuarterlyV3Context extends QuarterlyV2Context {
  /** Every outcome the JCB's and the HWBB's meetings gave the report, in order. */
  decisions: BodyDecision[];
}

type Decision = {
  meetingDate: string;
  minuteReference: string;
  outcome: MeetingOutcomeKind;
  fromMeeting?: true;
};

export type QuarterlyV3Event =
  | Exclude<
      QuarterlyV2Event,
      | { type: 'RECORD_JCB_SIGN_OFF' }
      | { type: 'RECORD_JCB_DEFERRAL' }
      | { type: 'RECORD_HWBB_OUTCOME' }
    >
  | ({ type: 'RECORD_JCB_DECISION' } & Decision)
  | ({ type: 'RECORD_HWBB_DECISION' } & Decision);

type Args = { context: QuarterlyV3Context; event: QuarterlyV3Event };

const decided = (event: QuarterlyV3Event): (Decision & { body: DecidingBody }) | undefined =>
  event.type === 'RECORD_JCB_DECISION'
    ? { ...event, body: 'jcb' }
    : event.type === 'RECORD_HWBB_DECISION'
      ? { ...event, body: 'hwbb' }
      : undefined;

/** Version 2's HWBB step, its entry (the officer told the report is for the HWBB) the very same. */
const v2Hwbb = (v2.config.states as Record<string, { states: Record<string, { entry: unknown }> }>)
  .open.states.hwbb;

const RETURNED = notify<Role>('report-referred-back', ['officer', 'commissioningLead']);

/** The JCB's outcome, from the meeting that first takes the report or a later one. */
const JCB_DECISION = [
  {
    guard: and(['meetingConsensus', 'yearEndReport']),
    target: '#quarterly.open.hwbb',
    actions: 'recordMeetingDecision',
  },
  {
    guard: 'meetingConsensus',
    target: '#quarterly.open.readyToSubmit',
    actions: 'recordMeetingDecision',
  },
  {
    guard: 'meetingDeferred',
    target: '#quarterly.open.laterJcb',
    actions: ['recordMeetingDecision', notify<Role>('jcb-deferred', ['officer'])],
  },
  {
    guard: 'meetingReferredBack',
    target: '#quarterly.open.laterJcb',
    actions: ['recordMeetingDecision', RETURNED],
  },
];

/** The HWBB's outcome on the year-end report, from its first meeting or a later one. */
const HWBB_DECISION = [
  {
    guard: 'meetingConsensus',
    target: '#quarterly.open.readyToSubmit',
    actions: 'recordMeetingDecision',
  },
  {
    guard: 'meetingDeferred',
    target: '#quarterly.open.hwbb.deferred',
    actions: ['recordMeetingDecision', notify<Role>('hwbb-deferred', ['officer'])],
  },
  {
    guard: 'meetingReferredBack',
    target: '#quarterly.open.laterJcb',
    actions: ['recordMeetingDecision', RETURNED],
  },
];

/** Outcomes taken only from a meeting later than the body's last one on the report, if any. */
const later = (transitions: { guard: unknown }[]) =>
  transitions.map((t) => ({ ...t, guard: and(['afterTheBodysLastMeeting', t.guard as never]) }));

export const bcfQuarterlyReportV3Machine = derive<
  QuarterlyV3Context,
  QuarterlyV3Event,
  QuarterlyInput
>(v2, {
  context: (v2Context) => (args) => ({ ...v2Context(args), decisions: [] }),
  guards: {
    meetingConsensus: ({ event }: Args) => decided(event)?.outcome === 'consensus',
    meetingDeferred: ({ event }: Args) => decided(event)?.outcome === 'deferred',
    meetingReferredBack: ({ event }: Args) => decided(event)?.outcome === 'referredBack',
    /** A meeting of the deciding body later than its last meeting on the report. */
    afterTheBodysLastMeeting: ({ context, event }: Args) => {
      const e = decided(event);
      const last = context.decisions.filter((d) => d.body === e?.body).at(-1);
      return e !== undefined && (last === undefined || e.meetingDate > last.meetingDate);
    },
  },
  actions: {
    recordMeetingDecision: assign(({ context, event }: Args) => {
      const e = decided(event)!;
      const minute = { meetingDate: e.meetingDate, minuteReference: e.minuteReference };
      const agreed = e.outcome === 'consensus';
      return {
        decisions: [
          ...context.decisions,
          { body: e.body, ...minute, outcome: e.outcome } satisfies BodyDecision,
        ],
        jcb: e.body === 'jcb' && agreed ? minute : context.jcb,
        hwbb: e.body === 'hwbb' && agreed ? { ...minute, outcome: 'noted' as const } : context.hwbb,
        // The JCB met: its date's deadline is done with, whatever it decided.
        overdue: e.body === 'jcb' ? { ...context.overdue, jcb: false } : context.overdue,
      };
    }),
  },
  replacedStates: {
    'open.beforeJcb.jcbSignOff': { on: { RECORD_JCB_DECISION: later(JCB_DECISION) } },
    'open.hwbb': {
      entry: v2Hwbb.entry,
      initial: 'awaiting',
      states: {
        awaiting: { on: { RECORD_HWBB_DECISION: later(HWBB_DECISION) } },
        deferred: { on: { RECORD_HWBB_DECISION: later(HWBB_DECISION) } },
      },
    },
  },
  addedStates: {
    // Deferred or referred back by the JCB (or referred back by the HWBB): a later JCB meeting.
    'open.laterJcb': placedBefore('hwbb', {
      on: { RECORD_JCB_DECISION: later(JCB_DECISION) },
    }),
  },
});
