import { transition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { BcfEvent } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';
import {
  AGREEMENT_REQUESTED,
  APPROVAL_REQUESTED,
  ARM_ASSURANCE,
  ARM_NOTING,
  ARM_RESUBMISSION,
  ASSURANCE_OVERDUE,
  CANCEL_ASSURANCE,
  CANCEL_NOTING,
  CANCEL_SUBMISSION,
  CASE_CLOSED,
  E,
  effects,
  EventName,
  input,
  INTEREST_DECLARED,
  NOTING_OVERDUE,
  NOTING_REMINDER,
  NOTING_REQUIRED,
  PLAN_NOT_APPROVED,
  PLAN_REJECTED,
  READY_TO_SUBMIT,
  snapshotIn,
  StateName,
  STATES,
  SUBMISSION_OVERDUE,
  submissionReminder,
} from './bcf-delegated-sign-off.walks';

/**
 * The BCF delegated sign-off statechart, checked purely (no database, no actor): every reachable
 * leaf configuration against every event the machine knows, then the effects and context changes
 * the engine relies on, then persistence.
 */

type Cell = 'refused' | { to: StateName; effects: string[] };
const REFUSED = 'refused' as const;
const go = (to: StateName, ...fx: string[]): Cell => ({ to, effects: fx });

/** A row of the table: for each event, what the machine does in that state. */
type Row = Record<EventName, Cell>;

/** Everything refused; each state below lists only what it accepts, over this. */
const refusesAll: Row = Object.fromEntries(
  (Object.keys(E) as EventName[]).map((name) => [name, REFUSED]),
) as Row;

const TABLE: Record<StateName, Row> = {
  drafting: {
    ...refusesAll,
    SEEK_AGREEMENT: go('agreement (both awaited)', AGREEMENT_REQUESTED),
    'DEADLINE_PASSED submission': go('drafting', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('drafting', submissionReminder('officer')),
  },
  'agreement (both awaited)': {
    ...refusesAll,
    'AGREE as chiefExecutive': go('agreement (Chief Executive agreed)'),
    'AGREE as accountableOfficer': go('agreement (Accountable Officer agreed)'),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as chiefExecutive': go('agreement (both awaited)', INTEREST_DECLARED),
    'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST other as accountableOfficer': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': go(
      'agreement (both awaited)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE chiefExecutive': go(
      'agreement (both awaited)',
      'notify agreement-requested → chiefExecutive',
    ),
    'REASSIGN_ROLE accountableOfficer': go(
      'agreement (both awaited)',
      'notify agreement-requested → accountableOfficer',
    ),
    'DEADLINE_PASSED submission': go('agreement (both awaited)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (both awaited)',
      submissionReminder('chiefExecutive'),
      submissionReminder('accountableOfficer'),
    ),
  },
  'agreement (Chief Executive agreed)': {
    ...refusesAll,
    'AGREE as accountableOfficer': go('chairApproval', APPROVAL_REQUESTED),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE accountableOfficer': go(
      'agreement (Chief Executive agreed)',
      'notify agreement-requested → accountableOfficer',
    ),
    'DEADLINE_PASSED submission': go('agreement (Chief Executive agreed)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (Chief Executive agreed)',
      submissionReminder('accountableOfficer'),
    ),
  },
  'agreement (Accountable Officer agreed)': {
    ...refusesAll,
    'AGREE as chiefExecutive': go('chairApproval', APPROVAL_REQUESTED),
    'REJECT as chiefExecutive': go('drafting', PLAN_REJECTED),
    'REJECT as accountableOfficer': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      INTEREST_DECLARED,
    ),
    'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE chiefExecutive': go(
      'agreement (Accountable Officer agreed)',
      'notify agreement-requested → chiefExecutive',
    ),
    'DEADLINE_PASSED submission': go('agreement (Accountable Officer agreed)', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go(
      'agreement (Accountable Officer agreed)',
      submissionReminder('chiefExecutive'),
    ),
  },
  chairApproval: {
    ...refusesAll,
    APPROVE: go('readyToSubmit', READY_TO_SUBMIT),
    'REJECT as delegatedApprover': go('drafting', PLAN_REJECTED),
    'DECLARE_INTEREST other as delegatedApprover': go('chairApproval', INTEREST_DECLARED),
    'DECLARE_INTEREST disclosablePecuniary as delegatedApprover': go(
      'chairApproval',
      INTEREST_DECLARED,
    ),
    'REASSIGN_ROLE delegatedApprover': go('chairApproval', APPROVAL_REQUESTED),
    'DEADLINE_PASSED submission': go('chairApproval', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('chairApproval', submissionReminder('delegatedApprover')),
  },
  readyToSubmit: {
    ...refusesAll,
    RECORD_SUBMISSION: go(
      'submitted (assurance awaited, noting awaited)',
      CANCEL_SUBMISSION,
      ARM_ASSURANCE,
      ARM_NOTING,
      NOTING_REQUIRED,
    ),
    'DEADLINE_PASSED submission': go('readyToSubmit', SUBMISSION_OVERDUE),
    'REMINDER_DUE submission': go('readyToSubmit', submissionReminder('officer')),
  },
  'submitted (assurance awaited, noting awaited)': {
    ...refusesAll,
    'RECORD_ASSURANCE approved': go('submitted (assured, noting awaited)', CANCEL_ASSURANCE),
    'RECORD_ASSURANCE approvedWithConditions': go(
      'submitted (conditions open, noting awaited)',
      CANCEL_ASSURANCE,
    ),
    'RECORD_ASSURANCE notApproved': go(
      'drafting',
      CANCEL_NOTING,
      CANCEL_ASSURANCE,
      PLAN_NOT_APPROVED,
      ARM_RESUBMISSION,
    ),
    RECORD_NOTING: go('submitted (assurance awaited, noted)', CANCEL_NOTING),
    'DEADLINE_PASSED assurance': go(
      'submitted (assurance awaited, noting awaited)',
      ASSURANCE_OVERDUE,
    ),
    'DEADLINE_PASSED noting': go('submitted (assurance awaited, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (assurance awaited, noting awaited)', NOTING_REMINDER),
  },
  'submitted (assurance awaited, noted)': {
    ...refusesAll,
    'RECORD_ASSURANCE approved': go('closed', CANCEL_ASSURANCE, CASE_CLOSED),
    'RECORD_ASSURANCE approvedWithConditions': go(
      'submitted (conditions open, noted)',
      CANCEL_ASSURANCE,
    ),
    'RECORD_ASSURANCE notApproved': go(
      'drafting',
      CANCEL_ASSURANCE,
      PLAN_NOT_APPROVED,
      ARM_RESUBMISSION,
    ),
    'DEADLINE_PASSED assurance': go('submitted (assurance awaited, noted)', ASSURANCE_OVERDUE),
  },
  'submitted (conditions open, noting awaited)': {
    ...refusesAll,
    // Two conditions are open: meeting one leaves the other.
    'MARK_CONDITION_MET R1-C1': go('submitted (conditions open, noting awaited)'),
    RECORD_NOTING: go('submitted (conditions open, noted)', CANCEL_NOTING),
    'DEADLINE_PASSED noting': go('submitted (conditions open, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (conditions open, noting awaited)', NOTING_REMINDER),
  },
  'submitted (conditions open, noted)': {
    ...refusesAll,
    'MARK_CONDITION_MET R1-C1': go('submitted (conditions open, noted)'),
  },
  'submitted (assured, noting awaited)': {
    ...refusesAll,
    RECORD_NOTING: go('closed', CANCEL_NOTING, CASE_CLOSED),
    'DEADLINE_PASSED noting': go('submitted (assured, noting awaited)', NOTING_OVERDUE),
    'REMINDER_DUE noting': go('submitted (assured, noting awaited)', NOTING_REMINDER),
  },
  closed: refusesAll,
};

const cells = (Object.keys(TABLE) as StateName[]).flatMap((state) =>
  (Object.keys(E) as EventName[]).map((event) => {
    const cell = TABLE[state][event];
    return {
      state,
      event,
      cell,
      outcome: cell === REFUSED ? 'refused' : `accepted → ${cell.to}`,
    };
  }),
);

describe('BCF delegated sign-off: every state × every event', () => {
  it('reaches each listed state by the events listed for it', () => {
    for (const [name, { key }] of Object.entries(STATES)) {
      expect([name, stateKey(snapshotIn(name as StateName).value)]).toEqual([name, key]);
    }
  });

  it('lists every leaf configuration the machine can rest in, and every event it handles', () => {
    const keys = new Set(
      getShortestPaths(machine, {
        input,
        events: Object.values(E),
        serializeState: (s) => stateKey(s.value),
      }).map((p) => stateKey(p.state.value)),
    );
    expect([...keys].sort()).toEqual(
      Object.values(STATES)
        .map((s) => s.key)
        .sort(),
    );

    const handled = machine.root.events.filter((t) => !t.startsWith('xstate.'));
    expect([...new Set(Object.values(E).map((e) => e.type))].sort()).toEqual(
      [...new Set(handled)].sort(),
    );
  });

  it.each(cells)('in $state, $event is $outcome', ({ state, event, cell }) => {
    const before = snapshotIn(state);
    const ev: BcfEvent = E[event];
    const [after, actions] = transition(machine, before, ev);
    if (cell === REFUSED) {
      expect(before.can(ev)).toBe(false);
      expect(after).toBe(before);
      expect(actions).toEqual([]);
    } else {
      expect(before.can(ev)).toBe(true);
      expect(stateKey(after.value)).toBe(STATES[cell.to].key);
      expect(effects(actions)).toEqual(cell.effects);
      expect(after.status).toBe(cell.to === 'closed' ? 'done' : 'active');
    }
  });
});
