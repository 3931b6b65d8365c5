import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { BcfEvent, BcfInput } from './bcf-delegated-sign-off.context';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';

/**
 * The BCF delegated sign-off statechart, checked purely (no database, no actor): every reachable
 * leaf configuration against every event the machine knows, then the effects and context changes
 * the engine relies on, then persistence.
 */

type Snapshot = SnapshotFrom<typeof machine>;

const input: BcfInput = {
  dates: {
    submissionDeadline: '2021-11-16',
    expectedAssuranceDate: '2022-01-09',
    notingDeadline: '2021-12-16',
  },
};

/** Every event the machine handles, with the payloads the engine would hand it. */
const E = {
  SEEK_AGREEMENT: { type: 'SEEK_AGREEMENT' },
  'AGREE as chiefExecutive': { type: 'AGREE', role: 'chiefExecutive' },
  'AGREE as accountableOfficer': { type: 'AGREE', role: 'accountableOfficer' },
  'REJECT as chiefExecutive': {
    type: 'REJECT',
    role: 'chiefExecutive',
    reasons: 'The figures do not reconcile',
  },
  'REJECT as accountableOfficer': {
    type: 'REJECT',
    role: 'accountableOfficer',
    reasons: 'The discharge fund split is missing',
  },
  'REJECT as delegatedApprover': {
    type: 'REJECT',
    role: 'delegatedApprover',
    reasons: 'The Board has not seen the metrics',
  },
  APPROVE: { type: 'APPROVE', role: 'delegatedApprover', comments: 'Approved under delegation.' },
  RECORD_SUBMISSION: {
    type: 'RECORD_SUBMISSION',
    submittedOn: '2021-11-15',
    reference: 'BCF-21-22-SOU',
  },
  'RECORD_ASSURANCE approved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approved',
    receivedOn: '2022-01-09',
  },
  'RECORD_ASSURANCE approvedWithConditions': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
  },
  'RECORD_ASSURANCE approvedWithConditions without conditions': {
    type: 'RECORD_ASSURANCE',
    outcome: 'approvedWithConditions',
    receivedOn: '2022-01-09',
    conditions: [],
  },
  'RECORD_ASSURANCE notApproved': {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
    reasons: 'The metrics are not evidenced',
    resubmitBy: '2022-02-01',
  },
  'RECORD_ASSURANCE notApproved without resubmitBy': {
    type: 'RECORD_ASSURANCE',
    outcome: 'notApproved',
    receivedOn: '2022-01-09',
  },
  'MARK_CONDITION_MET R1-C1': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C1',
    metOn: '2022-01-20',
    evidence: 'Revised split agreed by the JCB',
  },
  'MARK_CONDITION_MET of an unknown condition': {
    type: 'MARK_CONDITION_MET',
    conditionId: 'R1-C9',
    metOn: '2022-01-20',
  },
  RECORD_NOTING: {
    type: 'RECORD_NOTING',
    meetingDate: '2021-12-09',
    minuteReference: 'HWBB 9 Dec, item 6',
  },
  'DECLARE_INTEREST other as chiefExecutive': {
    type: 'DECLARE_INTEREST',
    role: 'chiefExecutive',
    nature: 'other',
    details: 'Trustee of a local carers charity',
  },
  'DECLARE_INTEREST disclosablePecuniary as chiefExecutive': {
    type: 'DECLARE_INTEREST',
    role: 'chiefExecutive',
    nature: 'disclosablePecuniary',
    details: 'Spouse owns a care home in the scheme',
  },
  'DECLARE_INTEREST other as accountableOfficer': {
    type: 'DECLARE_INTEREST',
    role: 'accountableOfficer',
    nature: 'other',
    details: 'Governor of the acute trust',
  },
  'DECLARE_INTEREST disclosablePecuniary as accountableOfficer': {
    type: 'DECLARE_INTEREST',
    role: 'accountableOfficer',
    nature: 'disclosablePecuniary',
    details: 'Shares in a domiciliary care provider',
  },
  'DECLARE_INTEREST other as delegatedApprover': {
    type: 'DECLARE_INTEREST',
    role: 'delegatedApprover',
    nature: 'other',
    details: 'Member of a patient group',
  },
  'DECLARE_INTEREST disclosablePecuniary as delegatedApprover': {
    type: 'DECLARE_INTEREST',
    role: 'delegatedApprover',
    nature: 'disclosablePecuniary',
    details: 'Employed by a provider in the scheme',
  },
  'REASSIGN_ROLE chiefExecutive': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'chiefExecutive',
  },
  'REASSIGN_ROLE accountableOfficer': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'accountableOfficer',
  },
  'REASSIGN_ROLE delegatedApprover': {
    type: 'REASSIGN_ROLE',
    role: 'officer',
    reassign: 'delegatedApprover',
  },
  'DEADLINE_PASSED submission': { type: 'DEADLINE_PASSED', key: 'submission' },
  'DEADLINE_PASSED assurance': { type: 'DEADLINE_PASSED', key: 'assurance' },
  'DEADLINE_PASSED noting': { type: 'DEADLINE_PASSED', key: 'noting' },
  'REMINDER_DUE submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
  'REMINDER_DUE assurance': { type: 'REMINDER_DUE', key: 'assurance', workingDaysLeft: 5 },
  'REMINDER_DUE noting': { type: 'REMINDER_DUE', key: 'noting', workingDaysLeft: 10 },
} satisfies Record<string, BcfEvent>;
type EventName = keyof typeof E;

const CE_AO_AWAITING =
  'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.awaiting';

/** Every leaf configuration a case can rest in, how to reach it from a new case, and its key. */
const STATES = {
  drafting: { key: 'preSubmission.drafting', via: [] },
  'agreement (both awaited)': { key: CE_AO_AWAITING, via: ['SEEK_AGREEMENT'] },
  'agreement (Chief Executive agreed)': {
    key: 'preSubmission.agreement.chiefExecutive.agreed;preSubmission.agreement.accountableOfficer.awaiting',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive'],
  },
  'agreement (Accountable Officer agreed)': {
    key: 'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.agreed',
    via: ['SEEK_AGREEMENT', 'AGREE as accountableOfficer'],
  },
  chairApproval: {
    key: 'preSubmission.chairApproval',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive', 'AGREE as accountableOfficer'],
  },
  readyToSubmit: {
    key: 'preSubmission.readyToSubmit',
    via: ['SEEK_AGREEMENT', 'AGREE as chiefExecutive', 'AGREE as accountableOfficer', 'APPROVE'],
  },
  'submitted (assurance awaited, noting awaited)': {
    key: 'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
    ],
  },
  'submitted (assurance awaited, noted)': {
    key: 'postSubmission.assurance.awaiting;postSubmission.noting.noted',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_NOTING',
    ],
  },
  'submitted (conditions open, noting awaited)': {
    key: 'postSubmission.assurance.conditionsOpen;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approvedWithConditions',
    ],
  },
  'submitted (conditions open, noted)': {
    key: 'postSubmission.assurance.conditionsOpen;postSubmission.noting.noted',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approvedWithConditions',
      'RECORD_NOTING',
    ],
  },
  'submitted (assured, noting awaited)': {
    key: 'postSubmission.assurance.assured;postSubmission.noting.awaiting',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approved',
    ],
  },
  closed: {
    key: 'closed',
    via: [
      'SEEK_AGREEMENT',
      'AGREE as chiefExecutive',
      'AGREE as accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE approved',
      'RECORD_NOTING',
    ],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
type StateName = keyof typeof STATES;

// The effects the engine turns into rows, written the way a reader checks them.
const AGREEMENT_REQUESTED = 'notify agreement-requested → chiefExecutive, accountableOfficer';
const APPROVAL_REQUESTED = 'notify approval-requested → delegatedApprover';
const READY_TO_SUBMIT = 'notify ready-to-submit → officer';
const PLAN_REJECTED = 'notify plan-rejected → officer, chiefExecutive, accountableOfficer';
const PLAN_NOT_APPROVED =
  'notify plan-not-approved → officer, chiefExecutive, accountableOfficer, delegatedApprover';
const INTEREST_DECLARED = 'notify interest-declared → officer';
const SUBMISSION_OVERDUE = 'notify submission-overdue → officer, delegatedApprover';
const ASSURANCE_OVERDUE = 'notify assurance-overdue → officer';
const NOTING_OVERDUE = 'notify noting-overdue → officer, delegatedApprover';
const NOTING_REQUIRED = 'notify noting-required → officer';
const CASE_CLOSED = 'notify case-closed → officer';
const submissionReminder = (to: string) => `notify submission-reminder → ${to} (5 working days)`;
const NOTING_REMINDER = 'notify noting-reminder → officer (10 working days)';
const ARM_SUBMISSION = 'arm submission 2021-11-16, reminders 5,2 working days before';
const ARM_RESUBMISSION = 'arm submission 2022-02-01, reminders 5,2 working days before';
const ARM_ASSURANCE = 'arm assurance 2022-01-09, reminders none';
const ARM_NOTING = 'arm noting 2021-12-16, reminders 10 working days before';
const CANCEL_SUBMISSION = 'cancel submission';
const CANCEL_ASSURANCE = 'cancel assurance';
const CANCEL_NOTING = 'cancel noting';

interface Action {
  type: string;
  params?: unknown;
}

/** The engine-visible effects (notify, armDeadline, cancelDeadline) in the order declared. */
function effects(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => {
    switch (a.type) {
      case 'notify': {
        const p = a.params as { message: string; to: string[]; workingDaysLeft?: number };
        const left = p.workingDaysLeft === undefined ? '' : ` (${p.workingDaysLeft} working days)`;
        return [`notify ${p.message} → ${p.to.join(', ')}${left}`];
      }
      case 'armDeadline': {
        const p = a.params as { key: string; date: string; remindWorkingDaysBefore: number[] };
        const reminders = p.remindWorkingDaysBefore.length
          ? `${p.remindWorkingDaysBefore.join(',')} working days before`
          : 'none';
        return [`arm ${p.key} ${p.date}, reminders ${reminders}`];
      }
      case 'cancelDeadline':
        return [`cancel ${(a.params as { key: string }).key}`];
      default:
        return [];
    }
  });
}

function start(): [Snapshot, string[]] {
  const [snapshot, actions] = initialTransition(machine, input);
  return [snapshot, effects(actions)];
}

/** Sends `event`, failing loudly when the machine refuses it (a test set-up mistake). */
function send(snapshot: Snapshot, event: BcfEvent): [Snapshot, string[]] {
  if (!snapshot.can(event)) {
    throw new Error(`${event.type} refused in ${stateKey(snapshot.value)}`);
  }
  const [next, actions] = transition(machine, snapshot, event);
  return [next, effects(actions)];
}

function run(events: readonly BcfEvent[], from: Snapshot = start()[0]): Snapshot {
  return events.reduce((s, e) => send(s, e)[0], from);
}

function reach(state: StateName): Snapshot {
  return run(STATES[state].via.map((name) => E[name]));
}

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

const reached = new Map<StateName, Snapshot>();
function snapshotIn(state: StateName): Snapshot {
  let s = reached.get(state);
  if (!s) {
    s = reach(state);
    reached.set(state, s);
  }
  return s;
}

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

describe('BCF delegated sign-off: effects and context', () => {
  it('opens in drafting, round 1, arming the submission deadline with reminders 5 and 2 working days before', () => {
    const [snapshot, fx] = start();
    expect(stateKey(snapshot.value)).toBe('preSubmission.drafting');
    expect(fx).toEqual([ARM_SUBMISSION]);
    expect(snapshot.context).toMatchObject({
      dates: input.dates,
      round: 1,
      agreements: { chiefExecutive: false, accountableOfficer: false },
      lastRejection: null,
      submission: null,
      assurance: null,
      conditions: [],
      noting: null,
      overdue: { submission: false, assurance: false, noting: false },
    });
  });

  it('asks the Chief Executive and the Accountable Officer together when agreement is sought', () => {
    const [, fx] = send(start()[0], E.SEEK_AGREEMENT);
    expect(fx).toEqual([AGREEMENT_REQUESTED]);
  });

  it('accepts the two agreements in either order and then asks the chair', () => {
    const ceFirst = send(
      run([E.SEEK_AGREEMENT, E['AGREE as chiefExecutive']]),
      E['AGREE as accountableOfficer'],
    );
    const aoFirst = send(
      run([E.SEEK_AGREEMENT, E['AGREE as accountableOfficer']]),
      E['AGREE as chiefExecutive'],
    );
    for (const [snapshot, fx] of [ceFirst, aoFirst]) {
      expect(stateKey(snapshot.value)).toBe('preSubmission.chairApproval');
      expect(snapshot.context.agreements).toEqual({
        chiefExecutive: true,
        accountableOfficer: true,
      });
      expect(fx).toEqual([APPROVAL_REQUESTED]);
    }
  });

  it('returns the plan to drafting and clears both agreements when the Accountable Officer rejects after the Chief Executive agreed', () => {
    const agreedByCe = snapshotIn('agreement (Chief Executive agreed)');
    expect(agreedByCe.context.agreements.chiefExecutive).toBe(true);
    const [after, fx] = send(agreedByCe, E['REJECT as accountableOfficer']);
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.agreements).toEqual({ chiefExecutive: false, accountableOfficer: false });
    expect(after.context.lastRejection).toEqual({
      role: 'accountableOfficer',
      reasons: 'The discharge fund split is missing',
    });
    expect(fx).toEqual([PLAN_REJECTED]);
  });

  it('returns the plan to drafting and clears both agreements when the chair rejects under delegation', () => {
    const [after] = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover']);
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.agreements).toEqual({ chiefExecutive: false, accountableOfficer: false });
    expect(after.context.lastRejection).toEqual({
      role: 'delegatedApprover',
      reasons: 'The Board has not seen the metrics',
    });
  });

  it('keeps the submission deadline armed (no cancel, no re-arm) when a rejection returns the plan to drafting', () => {
    const [, fx] = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover']);
    expect(fx.filter((f) => f.includes('submission'))).toEqual([]);
  });

  it('asks for both agreements afresh, forgetting the last rejection, when agreement is sought again', () => {
    const rejected = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover'])[0];
    const [again, fx] = send(rejected, E.SEEK_AGREEMENT);
    expect(stateKey(again.value)).toBe(CE_AO_AWAITING);
    expect(again.context.lastRejection).toBeNull();
    expect(fx).toEqual([AGREEMENT_REQUESTED]);
  });

  it('records the submission, cancels the submission deadline and arms assurance and noting when the plan is submitted', () => {
    const [after, fx] = send(snapshotIn('readyToSubmit'), E.RECORD_SUBMISSION);
    expect(after.context.submission).toEqual({
      submittedOn: '2021-11-15',
      reference: 'BCF-21-22-SOU',
    });
    expect(fx).toEqual([CANCEL_SUBMISSION, ARM_ASSURANCE, ARM_NOTING, NOTING_REQUIRED]);
  });

  it('records a submission without a reference as reference null', () => {
    const [after] = send(snapshotIn('readyToSubmit'), {
      type: 'RECORD_SUBMISSION',
      submittedOn: '2021-11-16',
    });
    expect(after.context.submission).toEqual({ submittedOn: '2021-11-16', reference: null });
  });

  it('marks the submission overdue and tells the officer and the chair when the submission deadline passes', () => {
    const [after, fx] = send(
      snapshotIn('agreement (both awaited)'),
      E['DEADLINE_PASSED submission'],
    );
    expect(after.context.overdue).toEqual({ submission: true, assurance: false, noting: false });
    expect(stateKey(after.value)).toBe(CE_AO_AWAITING);
    expect(fx).toEqual([SUBMISSION_OVERDUE]);
  });

  it('marks assurance and noting overdue separately when their deadlines pass', () => {
    const submitted = snapshotIn('submitted (assurance awaited, noting awaited)');
    const [assuranceLate, a] = send(submitted, E['DEADLINE_PASSED assurance']);
    expect(assuranceLate.context.overdue).toEqual({
      submission: false,
      assurance: true,
      noting: false,
    });
    expect(a).toEqual([ASSURANCE_OVERDUE]);
    const [notingLate, n] = send(assuranceLate, E['DEADLINE_PASSED noting']);
    expect(notingLate.context.overdue).toEqual({
      submission: false,
      assurance: true,
      noting: true,
    });
    expect(n).toEqual([NOTING_OVERDUE]);
  });

  it('carries the reminder’s working days left into the notification', () => {
    const [, fx] = send(snapshotIn('chairApproval'), {
      type: 'REMINDER_DUE',
      key: 'submission',
      workingDaysLeft: 2,
    });
    expect(fx).toEqual(['notify submission-reminder → delegatedApprover (2 working days)']);
  });

  it('returns a not-approved plan to drafting for round 2, resubmitting by the new date', () => {
    const noted = snapshotIn('submitted (assurance awaited, noted)');
    const [after, fx] = send(
      send(noted, E['DEADLINE_PASSED assurance'])[0],
      E['RECORD_ASSURANCE notApproved'],
    );
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.round).toBe(2);
    // The assurance and noting dates keep their distance from submission (54 and 30 days in the seed),
    // so that none falls before the resubmission.
    expect(after.context.dates).toEqual({
      submissionDeadline: '2022-02-01',
      expectedAssuranceDate: '2022-03-27',
      notingDeadline: '2022-03-03',
    });
    expect(after.context.assurance).toEqual({
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      reasons: 'The metrics are not evidenced',
    });
    expect(after.context.submission).toBeNull();
    expect(after.context.noting).toBeNull();
    expect(after.context.overdue).toEqual({ submission: false, assurance: false, noting: false });
    expect(fx).toEqual([CANCEL_ASSURANCE, PLAN_NOT_APPROVED, ARM_RESUBMISSION]);
  });

  it('gives conditions ids by round and condition (R1-C1, R1-C2), all open', () => {
    const open = snapshotIn('submitted (conditions open, noting awaited)');
    expect(open.context.assurance).toEqual({
      outcome: 'approvedWithConditions',
      receivedOn: '2022-01-09',
      reasons: null,
    });
    expect(open.context.conditions).toEqual([
      { id: 'R1-C1', text: 'Confirm the discharge fund split', metOn: null, evidence: null },
      { id: 'R1-C2', text: 'Publish the capacity plan', metOn: null, evidence: null },
    ]);
  });

  it('moves to assured only when every condition is met, and refuses meeting one twice', () => {
    const open = snapshotIn('submitted (conditions open, noting awaited)');
    const [oneMet] = send(open, E['MARK_CONDITION_MET R1-C1']);
    expect(stateKey(oneMet.value)).toBe(
      'postSubmission.assurance.conditionsOpen;postSubmission.noting.awaiting',
    );
    expect(oneMet.context.conditions[0]).toEqual({
      id: 'R1-C1',
      text: 'Confirm the discharge fund split',
      metOn: '2022-01-20',
      evidence: 'Revised split agreed by the JCB',
    });
    expect(oneMet.can(E['MARK_CONDITION_MET R1-C1'])).toBe(false);
    expect(transition(machine, oneMet, E['MARK_CONDITION_MET R1-C1'])[0]).toBe(oneMet);

    const [allMet, fx] = send(oneMet, {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C2',
      metOn: '2022-01-25',
    });
    expect(stateKey(allMet.value)).toBe(
      'postSubmission.assurance.assured;postSubmission.noting.awaiting',
    );
    expect(allMet.context.conditions[1]).toMatchObject({ metOn: '2022-01-25', evidence: null });
    expect(fx).toEqual([]);
  });

  it('closes when the last condition is met after the approval was noted', () => {
    const open = snapshotIn('submitted (conditions open, noted)');
    const closed = run(
      [
        E['MARK_CONDITION_MET R1-C1'],
        { type: 'MARK_CONDITION_MET', conditionId: 'R1-C2', metOn: '2022-01-25' },
      ],
      open,
    );
    expect(stateKey(closed.value)).toBe('closed');
    expect(closed.status).toBe('done');
  });

  it('numbers the conditions of a second round R2-C1', () => {
    const round2 = run(
      [
        E.RECORD_SUBMISSION,
        E['RECORD_ASSURANCE notApproved'],
        ...STATES.readyToSubmit.via.map((n) => E[n]),
        E.RECORD_SUBMISSION,
        {
          type: 'RECORD_ASSURANCE',
          outcome: 'approvedWithConditions',
          receivedOn: '2022-03-01',
          conditions: ['Confirm the revised metrics'],
        },
      ],
      snapshotIn('readyToSubmit'),
    );
    expect(round2.context.round).toBe(2);
    expect(round2.context.conditions.map((c) => c.id)).toEqual(['R2-C1']);
    const closed = run(
      [{ type: 'MARK_CONDITION_MET', conditionId: 'R2-C1', metOn: '2022-03-10' }, E.RECORD_NOTING],
      round2,
    );
    expect(stateKey(closed.value)).toBe('closed');
    expect(closed.status).toBe('done');
  });

  it('closes, telling the officer, when the approval is noted after the plan was assured', () => {
    const [closed, fx] = send(snapshotIn('submitted (assured, noting awaited)'), E.RECORD_NOTING);
    expect(closed.status).toBe('done');
    expect(closed.context.noting).toEqual({
      meetingDate: '2021-12-09',
      minuteReference: 'HWBB 9 Dec, item 6',
    });
    expect(closed.context.assurance?.outcome).toBe('approved');
    expect(fx).toEqual([CANCEL_NOTING, CASE_CLOSED]);
  });
});

describe('BCF delegated sign-off: declared interests', () => {
  it('records another interest and lets the Chief Executive still agree', () => {
    const [declared, fx] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST other as chiefExecutive'],
    );
    expect(fx).toEqual([INTEREST_DECLARED]);
    expect(declared.context.interests).toEqual([
      { role: 'chiefExecutive', nature: 'other', details: 'Trustee of a local carers charity' },
    ]);
    expect(declared.context.withdrawn).toEqual([]);
    expect(declared.can(E['AGREE as chiefExecutive'])).toBe(true);
  });

  it('withdraws the Chief Executive on a disclosable pecuniary interest until the officer reassigns the role', () => {
    const [withdrawn] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST disclosablePecuniary as chiefExecutive'],
    );
    expect(withdrawn.context.withdrawn).toEqual(['chiefExecutive']);
    expect(withdrawn.can(E['AGREE as chiefExecutive'])).toBe(false);
    expect(withdrawn.can(E['REJECT as chiefExecutive'])).toBe(false);
    expect(withdrawn.can(E['DECLARE_INTEREST other as chiefExecutive'])).toBe(false);
    // The other party is unaffected.
    expect(withdrawn.can(E['AGREE as accountableOfficer'])).toBe(true);

    const [reassigned, fx] = send(withdrawn, E['REASSIGN_ROLE chiefExecutive']);
    expect(fx).toEqual(['notify agreement-requested → chiefExecutive']);
    expect(reassigned.context.withdrawn).toEqual([]);
    expect(reassigned.context.interests).toHaveLength(1);
    expect(reassigned.can(E['AGREE as chiefExecutive'])).toBe(true);
  });

  it('withdraws the chair on a disclosable pecuniary interest, so no approval until reassignment', () => {
    const [withdrawn] = send(
      snapshotIn('chairApproval'),
      E['DECLARE_INTEREST disclosablePecuniary as delegatedApprover'],
    );
    expect(withdrawn.can(E.APPROVE)).toBe(false);
    expect(withdrawn.can(E['REJECT as delegatedApprover'])).toBe(false);
    const [reassigned, fx] = send(withdrawn, E['REASSIGN_ROLE delegatedApprover']);
    expect(fx).toEqual([APPROVAL_REQUESTED]);
    expect(stateKey(send(reassigned, E.APPROVE)[0].value)).toBe('preSubmission.readyToSubmit');
  });
});

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

describe('BCF delegated sign-off: fixes found by these tests', () => {
  it('arms the resubmission’s assurance and noting deadlines after the new submission date', () => {
    const notApproved = run(
      [E.RECORD_SUBMISSION, E['RECORD_ASSURANCE notApproved']],
      snapshotIn('readyToSubmit'),
    );
    const ready = run(
      [E.SEEK_AGREEMENT, E['AGREE as chiefExecutive'], E['AGREE as accountableOfficer'], E.APPROVE],
      notApproved,
    );
    const [, fx] = send(ready, { type: 'RECORD_SUBMISSION', submittedOn: '2022-01-31' });
    const armed = fx.filter((f) => f.startsWith('arm '));
    expect(armed.length).toBe(2);
    for (const a of armed) expect(a.split(' ')[2] > '2022-02-01').toBe(true);
  });

  it('takes new assurance and noting dates given with a not-approved outcome', () => {
    const [after] = send(run([E.RECORD_SUBMISSION], snapshotIn('readyToSubmit')), {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      resubmitBy: '2022-02-01',
      expectedAssuranceDate: '2022-03-01',
      notingDeadline: '2022-02-20',
    });
    expect(after.context.dates).toEqual({
      submissionDeadline: '2022-02-01',
      expectedAssuranceDate: '2022-03-01',
      notingDeadline: '2022-02-20',
    });
  });

  it('does not ask a withdrawn person to agree again, and reminds the officer to reassign the role', () => {
    const [withdrawn] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST disclosablePecuniary as chiefExecutive'],
    );
    const [drafting] = send(withdrawn, E['REJECT as accountableOfficer']);
    const [, fx] = send(drafting, E.SEEK_AGREEMENT);
    expect(fx).toEqual([
      'notify agreement-requested → accountableOfficer',
      'notify reassign-needed → officer',
    ]);
  });
});
