import { initialTransition, transition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { QuarterlyInput } from './bcf-quarterly-performance-report.machine';
import type { MeetingOutcomeKind } from './bcf-quarterly-performance-report-v3.machine';
import { bcfQuarterlyReportV3Machine as v3 } from './bcf-quarterly-performance-report-v3.machine';
import {
  bcfQuarterlyReportV4Machine as machine,
  lastMeetingOnTheReport,
  type QuarterlyV4Context,
  type QuarterlyV4Event,
} from './bcf-quarterly-performance-report-v4.machine';

/**
 * Version 4 of the BCF performance report, checked purely: a meeting's outcome on the report is
 * taken only from a meeting later than the last meeting of either body that took it, on every
 * path xstate's graph tools generate (the same property fails on version 3); and the defect of
 * version 3 (the year-end report signed off by the JCB on 20 August, referred back by the HWBB on
 * 26 August, signed off again by a JCB consensus dated 22 August) is not taken.
 */

type Snapshot = SnapshotFrom<typeof machine>;

/** The year-end report 2026/27: the JCB on 20 August 2026, NHS England by 10 September. */
const input: QuarterlyInput = {
  dates: { jcbMeetingDate: '2026-08-20', submissionDate: '2026-09-10' },
};

const PREPARED: QuarterlyV4Event = {
  type: 'RECORD_PREPARED',
  preparedOn: '2026-08-05',
  period: 'yearEnd',
  financialYear: '2026/27',
};
const meeting =
  (type: 'RECORD_JCB_DECISION' | 'RECORD_HWBB_DECISION') =>
  (meetingDate: string, outcome: MeetingOutcomeKind): QuarterlyV4Event => ({
    type,
    meetingDate,
    minuteReference: `"BCF performance report", meeting of ${meetingDate}`,
    outcome,
    fromMeeting: true,
  });
const jcb = meeting('RECORD_JCB_DECISION');
const hwbb = meeting('RECORD_HWBB_DECISION');

const start = () => initialTransition(machine, input)[0];
const send = (s: Snapshot, ...events: QuarterlyV4Event[]) =>
  events.reduce((at, e) => transition(machine, at, e)[0], s);
const meetingDateOf = (e: { type: string; meetingDate?: unknown }) =>
  e.type === 'RECORD_JCB_DECISION' || e.type === 'RECORD_HWBB_DECISION'
    ? (e.meetingDate as string)
    : null;

describe('BCF performance report v4: outcomes only from a meeting after the last on the report', () => {
  const referred = () =>
    send(start(), PREPARED, jcb('2026-08-20', 'consensus'), hwbb('2026-08-26', 'referredBack'));

  it('does not take a JCB consensus of 22 August after the HWBB referred the report back on 26 August', () => {
    const back = referred();
    expect(stateKey(back.value)).toBe('open.laterJcb');
    const after = send(back, jcb('2026-08-22', 'consensus'));
    expect(stateKey(after.value)).toBe('open.laterJcb');
    expect(after.context).toEqual(back.context);
  });

  it('takes the JCB’s consensus of a meeting after the referral, then the HWBB’s of a later one', () => {
    const signedOff = send(referred(), jcb('2026-08-27', 'consensus'));
    expect(stateKey(signedOff.value)).toBe('open.hwbb.awaiting');
    expect(lastMeetingOnTheReport(signedOff.context)).toEqual({
      meetingDate: '2026-08-27',
      what: 'the JCB’s meeting',
    });
    expect(send(signedOff, hwbb('2026-08-27', 'consensus')).context).toEqual(signedOff.context);
    expect(stateKey(send(signedOff, hwbb('2026-09-02', 'consensus')).value)).toBe(
      'open.readyToSubmit',
    );
  });

  it('does not take the HWBB’s noting from a meeting before the JCB signed the report off', () => {
    const signedOff = send(start(), PREPARED, jcb('2026-08-20', 'consensus'));
    const after = send(signedOff, hwbb('2026-08-19', 'consensus'));
    expect(stateKey(after.value)).toBe('open.hwbb.awaiting');
    expect(after.context).toEqual(signedOff.context);
  });
});

describe('BCF performance report v4: generated paths', () => {
  const events: QuarterlyV4Event[] = [
    PREPARED,
    jcb('2026-08-20', 'consensus'),
    jcb('2026-08-20', 'deferred'),
    hwbb('2026-08-19', 'consensus'),
    jcb('2026-08-22', 'consensus'),
    hwbb('2026-08-26', 'referredBack'),
    hwbb('2026-08-26', 'deferred'),
    jcb('2026-08-27', 'consensus'),
    hwbb('2026-09-02', 'consensus'),
  ];
  /** The state and every meeting on the report, which both versions' guards read. */
  const serializeState = (s: { value: unknown; context: unknown }) =>
    `${stateKey(s.value as never)} | ${(s.context as QuarterlyV4Context).decisions
      .map((d) => `${d.body} ${d.meetingDate}`)
      .join(', ')}`;
  /** The paths on which a meeting's outcome was taken from a meeting not after the one before. */
  const outOfOrder = (m: AnyStateMachine) =>
    getSimplePaths(m, { input, events, serializeState } as never).filter((p) => {
      const days = p.steps.map((s) => meetingDateOf(s.event)).filter((d) => d !== null);
      return days.some((d, i) => i > 0 && d <= days[i - 1]);
    });

  it('reaches the JCB’s sign-off, a referral back, a later JCB and the HWBB’s noting', () => {
    const reached = getShortestPaths(machine, { input, events, serializeState }).map((p) =>
      stateKey(p.state.value),
    );
    for (const node of [
      'open.beforeJcb.jcbSignOff',
      'open.laterJcb',
      'open.hwbb.awaiting',
      'open.hwbb.deferred',
      'open.readyToSubmit',
    ])
      expect(reached).toContain(node);
  });

  it('takes every meeting’s outcome, on every simple path, from a meeting after the last one', () => {
    expect(getSimplePaths(machine, { input, events, serializeState }).length).toBeGreaterThan(10);
    expect(outOfOrder(machine)).toEqual([]);
  });

  it('is a property version 3 breaks: its JCB signs off on 22 August what the HWBB referred back on 26 August', () => {
    const broken = outOfOrder(v3).map((p) =>
      p.steps.map((s) => meetingDateOf(s.event)).filter((d) => d !== null),
    );
    expect(broken).toContainEqual(['2026-08-20', '2026-08-26', '2026-08-22']);
  });
});
