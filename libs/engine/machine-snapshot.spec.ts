import fc from 'fast-check';
import { createMachine, fromPromise, initialTransition, transition } from 'xstate';
import {
  bcfDelegatedSignOffMachine as machine,
  type BcfEvent,
} from '../workflows/bcf-delegated-sign-off/bcf-delegated-sign-off.machine';
import { persist, restore, transitionOf } from './machine-snapshot.service';

const roles = ['chiefExecutive', 'accountableOfficer', 'delegatedApprover'] as const;
const keys = ['submission', 'assurance', 'noting'] as const;

/** Enough of the BCF events to reach every state, refusals included; roles as the engine sends them. */
const alphabet: BcfEvent[] = [
  { type: 'SEEK_AGREEMENT' },
  { type: 'AGREE', role: 'chiefExecutive' },
  { type: 'AGREE', role: 'accountableOfficer' },
  ...roles.map((role): BcfEvent => ({ type: 'REJECT', role, reasons: 'Not ready' })),
  { type: 'APPROVE', role: 'delegatedApprover' },
  { type: 'RECORD_SUBMISSION', submittedOn: '2021-11-15' },
  {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: ['Confirm the discharge fund split'],
  },
  {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
    resubmitBy: '2022-02-01',
  },
  { type: 'RECORD_NOTING', meetingDate: '2021-12-09', minuteReference: 'HWBB 9 Dec, item 6' },
  { type: 'DECLARE_INTEREST', role: 'accountableOfficer', nature: 'other', details: 'Trustee' },
  {
    type: 'DECLARE_INTEREST',
    role: 'chiefExecutive',
    nature: 'disclosablePecuniary',
    details: 'Shares',
  },
  { type: 'REASSIGN_ROLE', role: 'officer', reassign: 'chiefExecutive' },
  ...keys.map((key): BcfEvent => ({ type: 'DEADLINE_PASSED', key })),
  ...keys.map((key): BcfEvent => ({ type: 'REMINDER_DUE', key, workingDaysLeft: 2 })),
];

const plain = (actions: { type: string; params?: unknown }[]) =>
  actions.map((a) => ({ type: a.type, params: a.params }));

describe("the engine's transition", () => {
  it("gives xstate's next snapshot and actions on every step of any walk, from snapshots read back from JSON", () => {
    const [initial] = initialTransition(machine, {
      dates: {
        submissionDeadline: '2021-11-16',
        expectedAssuranceDate: '2022-01-09',
        notingDeadline: '2021-12-16',
      },
    });
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (walk) => {
        let stored = JSON.parse(JSON.stringify(persist(machine, initial)));
        for (const event of walk) {
          const snapshot = restore(machine, stored);
          const [ours, ourActions] = transitionOf(machine, snapshot, event);
          const [theirs, theirActions] = transition(machine, restore(machine, stored), event);
          expect(persist(machine, ours)).toEqual(persist(machine, theirs));
          expect(plain(ourActions)).toEqual(plain(theirActions));
          stored = JSON.parse(JSON.stringify(persist(machine, ours)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("goes back to xstate's own transition for a machine whose snapshots hold children", () => {
    const spawning = createMachine({
      id: 'spawning',
      initial: 'idle',
      states: {
        idle: { on: { GO: 'working' } },
        working: {
          invoke: { src: fromPromise(async () => 1), systemId: 'worker' },
          on: { STOP: 'idle' },
        },
      },
    });
    const [idle] = initialTransition(spawning);
    // Twice: a child registered under its system id in a shared system would collide the second time.
    for (let i = 0; i < 2; i++) {
      const [working] = transitionOf(spawning, idle, { type: 'GO' });
      expect(working.value).toBe('working');
      expect(Object.keys(working.children)).toHaveLength(1);
      const [back] = transitionOf(spawning, working, { type: 'STOP' });
      expect(back.value).toBe('idle');
    }
  });
});
