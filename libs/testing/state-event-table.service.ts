import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventFromLogic,
  initialTransition,
  type InputFrom,
  type SnapshotFrom,
  transition,
} from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { stateKey } from '../workflows/machine-snapshot.service';

/*
 * A template's statechart checked purely as a table (libs/workflows/<template>/*.machine.spec.ts):
 * every state it can rest in, each reached by named events from the start, against every event it
 * knows, each cell saying where the event goes and the effects the engine sees, or that it is
 * refused.
 */

/** Where an accepted event goes, and the effects the engine sees, in the order declared. */
export interface Cell<S extends string = string> {
  to: S;
  effects: string[];
}

interface Action {
  type: string;
  params?: unknown;
}

/** The engine-visible effects of a step in the order declared: emails, deadlines armed and cancelled. */
export function engineEffects(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => {
    const p = a.params as Record<string, unknown>;
    switch (a.type) {
      case 'notify': {
        const left = p.workingDaysLeft === undefined ? '' : ` (${p.workingDaysLeft} working days)`;
        return [`notify ${p.message} → ${(p.to as string[]).join(', ')}${left}`];
      }
      case 'armDeadline': {
        const reminders = (p.remindWorkingDaysBefore as number[]).join(',') || 'none';
        return [`arm ${p.key} ${p.date}, reminders ${reminders}`];
      }
      case 'cancelDeadline':
        return [`cancel ${p.key}`];
      default:
        return [];
    }
  });
}

export interface StateEventTableSpec<
  M extends AnyStateMachine,
  S extends string,
  N extends string,
> {
  /** How the describe block names the template. */
  name: string;
  machine: M;
  input: InputFrom<M>;
  /** One event of each kind, by name. */
  events: Record<N, EventFromLogic<M>>;
  /** Each state checked, by name: its state key and the named events that reach it from the start. */
  states: Record<S, { key: string; via: readonly N[] }>;
  /** What each state accepts; every other event is refused. */
  table: Record<S, Partial<Record<N, Cell<S>>>>;
  /** The states in which the case is closed (the machine is done). */
  final: readonly S[];
  /** How the search tells snapshots apart: by default their state key; add the facts guards read. */
  serializeState?: (s: SnapshotFrom<M>) => string;
}

/** The table's walks, and its describe block of every state × every event. */
export function stateEventTable<M extends AnyStateMachine, S extends string, N extends string>(
  spec: StateEventTableSpec<M, S, N>,
) {
  // Inside, any machine's snapshot; outside, the spec's machine's (TypeScript cannot see the
  // members of SnapshotFrom<M> for every M).
  type Snapshot = AnyMachineSnapshot;
  type Typed = SnapshotFrom<M>;
  const { events, states, table } = spec;
  const machine: AnyStateMachine = spec.machine;
  const start = () => initialTransition(machine, spec.input)[0] as Snapshot;

  /** Takes `event`, which must be accepted, giving the next snapshot and its effects. */
  function send(s: Snapshot, event: EventFromLogic<M>): [Snapshot, string[]] {
    if (!s.can(event)) throw new Error(`${event.type} refused in ${stateKey(s.value)}`);
    const [next, actions] = transition(machine, s, event);
    return [next as Snapshot, engineEffects(actions)];
  }
  const run = (list: readonly EventFromLogic<M>[], from: Snapshot = start()) =>
    list.reduce<Snapshot>((s, e) => send(s, e)[0], from);
  const reach = (state: S): Snapshot => run(states[state].via.map((n) => events[n]));

  function describeEveryStateAndEvent(): void {
    const cells = (Object.keys(states) as S[]).flatMap((state) =>
      (Object.keys(events) as N[]).map((event) => {
        const cell = table[state][event] ?? null;
        return { state, event, cell, outcome: cell ? `accepted → ${cell.to}` : 'refused' };
      }),
    );
    describe(`${spec.name}: every state × every event`, () => {
      it('lists every state the machine can rest in, and every event it handles', () => {
        const keys = new Set(
          getShortestPaths(machine, {
            input: spec.input,
            events: Object.values(events) as EventFromLogic<M>[],
            serializeState: (s) =>
              spec.serializeState ? spec.serializeState(s as Typed) : stateKey(s.value),
          }).map((p) => stateKey(p.state.value)),
        );
        expect([...keys].sort()).toEqual(
          [...new Set(Object.values<{ key: string }>(states).map((s) => s.key))].sort(),
        );
        const handled = machine.root.events.filter((t: string) => !t.startsWith('xstate.'));
        expect(
          [...new Set(Object.values<{ type: string }>(events).map((e) => e.type))].sort(),
        ).toEqual([...new Set(handled)].sort());
      });

      it.each(cells)('in $state, $event is $outcome', ({ state, event, cell }) => {
        const before = reach(state);
        expect(stateKey(before.value)).toBe(states[state].key);
        const ev = events[event];
        const [after, actions] = transition(machine, before, ev);
        if (!cell) {
          expect(before.can(ev)).toBe(false);
          expect(after).toBe(before);
          expect(actions).toEqual([]);
        } else {
          expect(before.can(ev)).toBe(true);
          expect(stateKey(after.value)).toBe(states[cell.to].key);
          expect(engineEffects(actions)).toEqual(cell.effects);
          expect(after.status).toBe(spec.final.includes(cell.to) ? 'done' : 'active');
        }
      });
    });
  }

  return {
    start: () => start() as Typed,
    send: (s: Typed, event: EventFromLogic<M>) => send(s as Snapshot, event) as [Typed, string[]],
    run: (list: readonly EventFromLogic<M>[], from?: Typed) =>
      run(list, (from as Snapshot | undefined) ?? start()) as Typed,
    reach: (state: S) => reach(state) as Typed,
    describeEveryStateAndEvent,
  };
}
