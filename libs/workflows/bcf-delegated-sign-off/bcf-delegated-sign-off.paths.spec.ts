import { transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths, getStateNodes } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { BcfEvent, BcfInput } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';

type Snapshot = SnapshotFrom<typeof machine>;

const input: BcfInput = {
  dates: {
    submissionDeadline: '2021-11-16',
    expectedAssuranceDate: '2022-01-09',
    notingDeadline: '2021-12-16',
  },
};

const roles = ['chiefExecutive', 'accountableOfficer', 'delegatedApprover'] as const;
const keys = ['submission', 'assurance', 'noting'] as const;

/** The events tried in every state, timers included; condition ids come from the snapshot. */
const fixedEvents: BcfEvent[] = [
  { type: 'SEEK_AGREEMENT' },
  { type: 'AGREE', role: 'chiefExecutive' },
  { type: 'AGREE', role: 'accountableOfficer' },
  ...roles.map((role): BcfEvent => ({ type: 'REJECT', role, reasons: 'Not ready' })),
  { type: 'APPROVE', role: 'delegatedApprover' },
  { type: 'RECORD_SUBMISSION', submittedOn: '2021-11-15' },
  { type: 'RECORD_ASSURANCE', outcome: 'approved', receivedOn: '2022-01-09' },
  {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
  },
  {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
    resubmitBy: '2022-02-01',
  },
  { type: 'RECORD_NOTING', meetingDate: '2021-12-09', minuteReference: 'HWBB 9 Dec, item 6' },
  ...roles.flatMap((role): BcfEvent[] => [
    { type: 'DECLARE_INTEREST', role, nature: 'other', details: 'A trusteeship' },
    { type: 'DECLARE_INTEREST', role, nature: 'disclosablePecuniary', details: 'A shareholding' },
    { type: 'REASSIGN_ROLE', role: 'officer', reassign: role },
  ]),
  ...keys.map((key): BcfEvent => ({ type: 'DEADLINE_PASSED', key })),
  ...keys.map((key): BcfEvent => ({ type: 'REMINDER_DUE', key, workingDaysLeft: 1 })),
];

const events = (s: Snapshot): BcfEvent[] => [
  ...fixedEvents,
  ...s.context.conditions.map((c): BcfEvent => ({
    type: 'MARK_CONDITION_MET',
    conditionId: c.id,
    metOn: '2022-01-20',
  })),
];

/**
 * A vertex is the state plus the context the guards read: which conditions are met and who is
 * withdrawn. Rounds beyond the second look like the second (ids change, the shape does not), and
 * context no guard reads (overdue flags, interests, rejections) is left out, so the traversal ends.
 */
const serializeState = (s: Snapshot): string =>
  [
    stateKey(s.value),
    `round ${Math.min(s.context.round, 2)}`,
    s.context.conditions.map((c) => `${c.id}${c.metOn ? ' met' : ''}`).join(','),
    [...s.context.withdrawn].sort().join(','),
  ].join(' | ');

const isDone = (s: Snapshot) => s.status === 'done';

/** Each state node is active when its path is a prefix of an active leaf path. */
function activeNodeIds(s: Snapshot): string[] {
  const leaves = stateKey(s.value).split(';');
  return [machine.root, ...getStateNodes(machine.root)]
    .filter((n) => {
      const path = n.path.join('.');
      return leaves.some((leaf) => path === '' || leaf === path || leaf.startsWith(`${path}.`));
    })
    .map((n) => n.id);
}

/** Replays generated steps with the pure transition the engine uses. */
function replay(from: Snapshot, steps: readonly { event: BcfEvent }[]): Snapshot {
  return steps.reduce((s, { event }) => transition(machine, s, event)[0], from);
}

type Path = ReturnType<typeof getShortestPaths<typeof machine>>[number];

describe('BCF delegated sign-off: generated paths', () => {
  let shortest: Path[];
  let simple: Path[];

  beforeAll(() => {
    shortest = getShortestPaths(machine, { input, events, serializeState });
    // Every simple path from a new case to every vertex (no vertex twice, so cycles end).
    simple = getSimplePaths(machine, { input, events, serializeState });
  });

  /** Whether a vertex can still reach closed: one shortest-path search per vertex, memoised. */
  const completion = new Map<string, Path | null>();
  function pathToClosed(from: Snapshot): Path | null {
    const vertex = serializeState(from);
    if (!completion.has(vertex)) {
      const found = getShortestPaths(machine, {
        fromState: from,
        events,
        serializeState,
        toState: isDone,
      });
      completion.set(vertex, found[0] ?? null);
    }
    return completion.get(vertex) ?? null;
  }

  it('reaches every state node of the machine on some shortest path', () => {
    const allIds = [machine.root, ...getStateNodes(machine.root)].map((n) => n.id);
    expect(allIds).toHaveLength(21);
    const reached = new Set(shortest.flatMap((p) => activeNodeIds(p.state)));
    expect(allIds.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('explores the second round: closes in round 1 and in round 2', () => {
    const closedRounds = shortest.filter((p) => isDone(p.state)).map((p) => p.state.context.round);
    expect(new Set(closedRounds)).toEqual(new Set([1, 2]));
  });

  it('can complete the case to closed from every reachable snapshot', () => {
    expect(shortest.length).toBeGreaterThan(40);
    const stuck: string[] = [];
    for (const { state } of shortest) {
      const toDone = pathToClosed(state);
      if (!toDone) {
        stuck.push(serializeState(state));
        continue;
      }
      // The generated path is real: replaying its events from the snapshot closes the case.
      expect(stateKey(replay(state, toDone.steps.slice(1)).value)).toBe('closed');
    }
    expect(stuck).toEqual([]);
  });

  it('can complete every simple path from a new case to closed', () => {
    expect(simple.length).toBeGreaterThan(1000);
    const stuck = simple.filter((p) => pathToClosed(p.state) === null);
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('passes every simple path that closes the case through approval, submission and both post-submission tracks', () => {
    const closing = simple.filter((p) => isDone(p.state));
    expect(closing.length).toBeGreaterThan(100);
    closing.forEach((path, i) => {
      // Replaying the generated events from a new case lands in the same place (one path in
      // eight, to keep the run short: the paths share most of their steps).
      if (i % 8 === 0) {
        expect(stateKey(replay(path.steps[0].state, path.steps.slice(1)).value)).toBe('closed');
      }
      const types = path.steps.map((s) => s.event.type);
      expect(types).toContain('APPROVE');
      expect(types).toContain('RECORD_SUBMISSION');
      expect(types).toContain('RECORD_NOTING');
      expect(types).toContain('RECORD_ASSURANCE');
      // The last assurance outcome of a closing path is never "not approved".
      const outcomes = path.steps.flatMap((s) =>
        s.event.type === 'RECORD_ASSURANCE' ? [s.event.outcome] : [],
      );
      expect(outcomes[outcomes.length - 1]).not.toBe('notApproved');
    });
  });
});
