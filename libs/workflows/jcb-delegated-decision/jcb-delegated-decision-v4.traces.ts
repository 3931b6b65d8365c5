import type { TracePlan } from '../trace-recorder.service';
import { JCB_V3_TRACES } from './jcb-delegated-decision-v3.traces';

/**
 * Version 4's traces: version 3's events and journeys on a Board whose NHS seats represent the
 * Integrated Care Board (partner `icb` in the directory), a decision taken by a member for the
 * ICB, and what the partners' rules refuse: a decision as a CCG member, an inquorate ICB side, a
 * partner key that is not one.
 */
const toIcb = (payload: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(payload)
      .replace(/"ccg(\d)"/g, '"icb$1"')
      .replace(/"partner":"ccg"/g, '"partner":"icb"'),
  ) as Record<string, unknown>;

const V3 = JCB_V3_TRACES.events;
const onIcbBoard = Object.fromEntries(
  Object.entries(V3).map(([name, e]) => [name, { ...e, payload: toIcb(e.payload) }]),
);
const withFacts = (name: string, edit: (facts: Record<string, unknown>) => void) => {
  const e = onIcbBoard[name];
  const payload = structuredClone(e.payload);
  edit(payload.meeting as Record<string, unknown>);
  return { ...e, payload };
};
type Member = { personId: string; partner: string };

/** The case's directory: the decision maker's role filled by the ICB member's JCB delegation. */
type Directory = {
  offices: object[];
  delegations: Record<string, unknown>[];
  people: object[];
};
const base = JCB_V3_TRACES.directory as Directory;
const ICB_DIRECTORY = {
  ...base,
  offices: [
    ...base.offices,
    {
      id: 'icbJcbMember',
      title: 'ICB Board member on the Joint Commissioning Board',
      holderPersonId: 'icb1',
    },
  ],
  delegations: [
    {
      ...base.delegations[0],
      amountLimit: null,
      conditions: [{ kind: 'requiresJcbConsensus' }],
      delegateOfficeId: 'icbJcbMember',
      delegateOfficeTitle: 'ICB Board member on the Joint Commissioning Board',
      reference: 'JCB ToR 8.1: decisions under delegation only after the Board’s consensus',
    },
  ],
  people: [...base.people, { id: 'icb1', name: 'Dr Dev Shah', email: 'dev.shah@example.org' }],
};
type Seen = { personId: string; status: string };

export const JCB_V4_TRACES: TracePlan = {
  ...JCB_V3_TRACES,
  version: 4,
  directory: ICB_DIRECTORY,
  events: {
    ...onIcbBoard,
    'RECORD_ATTENDANCE, two ICB members away': withFacts('RECORD_ATTENDANCE', (f) => {
      for (const a of f.attendance as Seen[])
        if (a.personId === 'icb1' || a.personId === 'icb2') a.status = 'apologies';
    }),
    'RECORD_ATTENDANCE, a partner that is not a key': withFacts('RECORD_ATTENDANCE', (f) => {
      for (const m of f.members as Member[]) if (m.partner === 'icb') m.partner = 'NHS ICB!';
    }),
    'DRAFT_DECISION, as an ICB member': {
      ...onIcbBoard.DRAFT_DECISION,
      payload: { ...onIcbBoard.DRAFT_DECISION.payload, actingAs: 'icbMember', amount: 2_500_000 },
    },
    'DRAFT_DECISION, as a CCG member': {
      ...onIcbBoard.DRAFT_DECISION,
      payload: { ...onIcbBoard.DRAFT_DECISION.payload, actingAs: 'ccgMember' },
    },
    'RECORD_DECISION, as a CCG member': {
      ...onIcbBoard.RECORD_DECISION,
      payload: { ...onIcbBoard.RECORD_DECISION.payload, actingAs: 'ccgMember' },
    },
  },
  journeys: {
    'an ICB member’s decision, over the £2M a Cabinet member may commit, drafted, taken and signed from the emailed links, published':
      [
        'RECORD_NOTICES',
        'RECORD_ATTENDANCE',
        'RECORD_SHOW_OF_HANDS, consensus',
        'DRAFT_DECISION, as an ICB member',
        'APPROVE, the decision maker',
        'APPROVE, the Proper Officer',
        'APPROVE, the decision maker',
        'RECORD_PUBLICATION',
      ],
    ...JCB_V3_TRACES.journeys,
  },
};
