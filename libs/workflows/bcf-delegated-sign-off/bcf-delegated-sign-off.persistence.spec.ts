import { transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import type { BcfEvent } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';
import {
  E,
  effects,
  EventName,
  snapshotIn,
  StateName,
  STATES,
} from './bcf-delegated-sign-off.walks';

/** Snapshots persisted as JSON and restored carry on as before. */
describe('BCF delegated sign-off: persisted snapshots', () => {
  const names = Object.keys(STATES) as StateName[];

  it.each(names)(
    'takes the same next step for every event from %s after a JSON round trip',
    (state) => {
      const live = snapshotIn(state);
      const json = JSON.stringify(machine.getPersistedSnapshot(live));
      const restored = machine.resolveState(
        JSON.parse(json) as Parameters<typeof machine.resolveState>[0],
      );
      expect(stateKey(restored.value)).toBe(STATES[state].key);
      expect(restored.context).toEqual(live.context);
      for (const [name, event] of Object.entries(E) as [EventName, BcfEvent][]) {
        const [fromLive, liveActions] = transition(machine, live, event);
        const [fromRestored, restoredActions] = transition(machine, restored, event);
        expect([name, restored.can(event)]).toEqual([name, live.can(event)]);
        expect([name, stateKey(fromRestored.value)]).toEqual([name, stateKey(fromLive.value)]);
        expect([name, fromRestored.context]).toEqual([name, fromLive.context]);
        expect([name, effects(restoredActions)]).toEqual([name, effects(liveActions)]);
      }
    },
  );
});
