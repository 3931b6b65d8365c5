import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import {
  pharmacyConsolidationMachine as machine,
  type PharmacyEvent,
} from './pharmacy-consolidation-representation.machine';
import {
  E,
  input,
  serializeState,
  type Snapshot,
} from './pharmacy-consolidation-representation.events';

/**
 * The pharmacy consolidation statechart's generated paths: the case can always still be closed,
 * and no decision is taken without the EIA and the consultation its route requires.
 */

describe('pharmacy consolidation: generated paths', () => {
  const events = Object.values(E) as PharmacyEvent[];
  const isDone = (s: Snapshot) => s.status === 'done';

  it('can still close the case from every reachable state: no deadlock', () => {
    const reachable = getShortestPaths(machine, { input, events, serializeState });
    expect(reachable.length).toBeGreaterThan(20);
    const stuck = reachable.filter(
      (p) =>
        getShortestPaths(machine, { fromState: p.state, events, serializeState, toState: isDone })
          .length === 0,
    );
    expect(stuck.map((p) => serializeState(p.state))).toEqual([]);
  });

  it('never decides without the EIA and the consultation its route requires', () => {
    const toClose = getSimplePaths(machine, { input, events, serializeState, toState: isDone });
    expect(toClose.length).toBeGreaterThan(10);
    for (const p of toClose) {
      const names = p.steps.map((s) => {
        const e = s.event as PharmacyEvent;
        return e.type === 'TRIAGE'
          ? `TRIAGE ${e.route}`
          : e.type === 'RECORD_CONSULTATION_RESPONSE'
            ? `RESPONSE ${e.consultee.category}`
            : e.type;
      });
      const before = names.slice(0, names.indexOf('RECORD_DECISION'));
      expect(before).toContain('RECORD_EIA');
      if (before.includes('TRIAGE nonContentious')) {
        expect(before).toEqual(
          expect.arrayContaining(['RESPONSE hwbbChair', 'RESPONSE wardMember']),
        );
      } else {
        expect(before).toContain('CIRCULATE');
        expect(
          before.includes('RECORD_MEETING') ||
            before.slice(before.indexOf('CIRCULATE')).some((n) => n.startsWith('RESPONSE')),
        ).toBe(true);
      }
      expect(names.slice(-2)).toEqual(['RECORD_DECISION', 'RECORD_RESPONSE_SENT']);
    }
  });
});
