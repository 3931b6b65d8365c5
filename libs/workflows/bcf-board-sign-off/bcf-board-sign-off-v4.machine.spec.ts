import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { BoardInput } from './bcf-board-sign-off.machine';
import {
  bcfBoardSignOffV4Machine as machine,
  lastBoardMeeting,
  type BoardV4Event,
} from './bcf-board-sign-off-v4.machine';
import type { HwbbOutcome } from './bcf-board-sign-off-v2.machine';

/**
 * Version 4 of the BCF full-board sign-off, checked purely: a meeting's outcome on the arrangements
 * or on the plan is taken only from a meeting later than the last meeting that took either, on
 * every path xstate's graph tools generate; and the defect of version 3 (a show of hands of 1 July
 * agreeing arrangements the meeting of 8 July deferred) is not taken.
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: BoardInput = {
  dates: { nationalDeadline: '2026-09-11', expectedAssuranceDate: '2026-10-30' },
};

const ARRANGEMENTS = 'Final version to the HWBB on 2 September; both Chief Executives to approve';
const arrangements = (meetingDate: string, outcome: HwbbOutcome): BoardV4Event => ({
  type: 'RECORD_ARRANGEMENTS',
  meetingDate,
  minuteReference: `HWBB ${meetingDate}, minute 8`,
  arrangements: ARRANGEMENTS,
  outcome,
  fromMeeting: true,
});
const hwbb = (meetingDate: string, outcome: HwbbOutcome): BoardV4Event => ({
  type: 'RECORD_HWBB_DECISION',
  meetingDate,
  minuteReference: `HWBB ${meetingDate}, minute 3`,
  outcome,
  fromMeeting: true,
});
const PROPOSED: BoardV4Event = { type: 'RECORD_PROPOSED_ARRANGEMENTS', arrangements: ARRANGEMENTS };

const start = () => initialTransition(machine, input)[0];
const send = (s: Snapshot, ...events: BoardV4Event[]) =>
  events.reduce((at, e) => transition(machine, at, e)[0], s);
const meetingDateOf = (e: { type: string; meetingDate?: unknown }) =>
  e.type === 'RECORD_ARRANGEMENTS' || e.type === 'RECORD_HWBB_DECISION'
    ? (e.meetingDate as string)
    : null;

describe('BCF full-board sign-off v4: outcomes only from a meeting after the last on the plan', () => {
  it('does not take a consensus of 1 July on arrangements the meeting of 8 July deferred', () => {
    const deferred = send(start(), PROPOSED, arrangements('2026-07-08', 'deferred'));
    const after = send(deferred, arrangements('2026-07-01', 'consensus'));
    expect(stateKey(after.value)).toBe('preSubmission.consideration');
    expect(after.context.arrangements).toBeNull();
    expect(after.context).toEqual(deferred.context);
  });

  it('takes the consensus of a meeting after the deferring one and seeks approval', () => {
    const s = send(
      start(),
      PROPOSED,
      arrangements('2026-07-08', 'deferred'),
      arrangements('2026-07-26', 'consensus'),
    );
    expect(stateKey(s.value)).toContain('preSubmission.approval.hwbb.awaiting');
    expect(s.context.arrangements?.meetingDate).toBe('2026-07-26');
  });

  it('does not take the Board’s approval from the meeting that agreed the arrangements, nor an earlier one', () => {
    const agreed = send(start(), PROPOSED, arrangements('2026-07-26', 'consensus'));
    for (const day of ['2026-07-26', '2026-07-20'])
      expect(send(agreed, hwbb(day, 'consensus')).context).toEqual(agreed.context);
    expect(send(agreed, hwbb('2026-09-02', 'consensus')).context.approvals.hwbb?.on).toBe(
      '2026-09-02',
    );
  });

  it('after a referral back, takes the Board’s approval of the revised plan only from a later meeting', () => {
    const back = send(
      start(),
      PROPOSED,
      arrangements('2026-07-26', 'consensus'),
      hwbb('2026-09-02', 'referredBack'),
      { type: 'SEEK_APPROVAL' },
    );
    expect(lastBoardMeeting(back.context)?.meetingDate).toBe('2026-09-02');
    expect(send(back, hwbb('2026-09-02', 'consensus')).context).toEqual(back.context);
    expect(send(back, hwbb('2026-09-09', 'consensus')).context.approvals.hwbb?.on).toBe(
      '2026-09-09',
    );
  });
});

describe('BCF full-board sign-off v4: generated paths', () => {
  const events: BoardV4Event[] = [
    PROPOSED,
    arrangements('2026-07-01', 'consensus'),
    arrangements('2026-07-08', 'deferred'),
    arrangements('2026-07-26', 'consensus'),
    hwbb('2026-07-20', 'consensus'),
    hwbb('2026-09-02', 'referredBack'),
    hwbb('2026-09-02', 'deferred'),
    hwbb('2026-09-02', 'consensus'),
    hwbb('2026-09-09', 'consensus'),
    { type: 'SEEK_APPROVAL' },
  ];
  /** The state and the last meeting on the plan, which the guards read. */
  const serializeState = (s: Snapshot) =>
    `${stateKey(s.value)} | ${lastBoardMeeting(s.context)?.meetingDate ?? 'none'}`;

  it('reaches agreed arrangements, a deferral, a referral back and the Board’s approval', () => {
    const reached = getShortestPaths(machine, { input, events, serializeState }).map((p) =>
      stateKey(p.state.value),
    );
    for (const node of [
      'preSubmission.consideration',
      'preSubmission.approval.hwbb.awaiting',
      'preSubmission.approval.hwbb.deferred',
      'preSubmission.approval.hwbb.approved',
      'preSubmission.revising',
    ])
      expect(reached.some((k) => k.includes(node))).toBe(true);
  });

  it('takes every meeting’s outcome, on every simple path, from a meeting after the last one', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(10);
    for (const p of simple) {
      const days = p.steps.map((s) => meetingDateOf(s.event)).filter((d) => d !== null);
      days.forEach((d, i) => {
        if (i > 0) expect(d > days[i - 1]).toBe(true);
      });
    }
  });
});
