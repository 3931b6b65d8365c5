import { transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import { jcbDelegatedDecisionV3Machine as machine } from './jcb-delegated-decision-v3.machine';
import {
  after,
  E,
  effects,
  emails,
  EventName,
  reach,
  WITHIN_DELEGATION_ON_THE_DAY,
} from './jcb-delegated-decision-v3.walks';

/** Version 3: the Decision Notice signed or declined from each signatory's link. */
describe('jcb delegated decision v3: the Decision Notice signed or declined from the link', () => {
  it('signs the notice from the link, each signatory dated the day they answer, in either order', () => {
    for (const order of [
      ['APPROVE properOfficer', 'APPROVE decisionMaker'],
      ['APPROVE decisionMaker', 'APPROVE properOfficer'],
    ] as EventName[][]) {
      const [first] = transition(machine, reach('signing'), E[order[0]]);
      const [s, actions] = transition(machine, first, E[order[1]]);
      expect(stateKey(s.value)).toBe('awaitingPublication');
      expect(s.context.signatures).toEqual({
        decisionMaker: '2025-10-02',
        properOfficer: '2025-10-03',
      });
      expect(emails(actions as never)).toEqual([{ message: 'notice-signed', to: ['officer'] }]);
    }
  });

  it('signs from the link with no delegation check, as the template writes once the decision is taken', () => {
    const { delegationCheck: _dm, ...dm } = E['APPROVE decisionMaker'];
    const { delegationCheck: _po, ...po } = E['APPROVE properOfficer'];
    const s = after([dm, po], reach('signing'));
    expect(stateKey(s.value)).toBe('awaitingPublication');
    // The decision keeps the delegation check of the day it was taken.
    expect(s.context.decision?.delegationCheck).toEqual(WITHIN_DELEGATION_ON_THE_DAY);
  });

  it('takes one signature through the API and the other from the link alike', () => {
    const s = after([E['SIGN_NOTICE decisionMaker'], E['APPROVE properOfficer']], reach('signing'));
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.signatures).toEqual({
      decisionMaker: '2025-10-02',
      properOfficer: '2025-10-03',
    });
  });

  it('refuses a second signature from a signatory who has signed, however it comes', () => {
    const s = reach('signedByDecisionMaker');
    expect(s.can(E['APPROVE decisionMaker'])).toBe(false);
    expect(s.can(E['SIGN_NOTICE decisionMaker'])).toBe(false);
  });

  it('sets the decision aside when the Proper Officer declines to sign the notice, keeping it among earlier decisions', () => {
    const before = reach('signedByDecisionMaker');
    const decision = before.context.decision;
    expect(decision).not.toBeNull();
    const [s, actions] = transition(machine, before, E['DECLINE properOfficer']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toEqual([decision]);
    expect(s.context.decision).toBeNull();
    expect(s.context.draft).toBeNull();
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(s.context.declined).toEqual([
      {
        role: 'properOfficer',
        on: '2025-10-03',
        reasons: E['DECLINE properOfficer'].reasons,
        step: 'notice',
      },
    ]);
    expect(emails(actions as never)).toEqual([{ message: 'notice-declined', to: ['officer'] }]);
  });

  it('sets the decision aside when the decision maker declines to sign the notice', () => {
    const [s, actions] = transition(machine, reach('signing'), E['DECLINE decisionMaker']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.decision).toBeNull();
    expect(s.context.declined.map((d) => [d.role, d.step])).toEqual([['decisionMaker', 'notice']]);
    expect(effects(actions as never)).toEqual(['notify:notice-declined']);
  });

  it('sets aside a decision recorded through the API when its notice is declined', () => {
    const s = after([E.RECORD_DECISION, E['DECLINE properOfficer']], reach('draftingDecision'));
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions.map((d) => d.decidedOn)).toEqual(['2025-10-02']);
  });

  it('takes a fresh draft through to publication after a declined draft and a declined notice', () => {
    const s = after(
      (
        [
          'DECLINE decisionMaker',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'DECLINE properOfficer',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'APPROVE decisionMaker',
          'APPROVE properOfficer',
        ] as EventName[]
      ).map((e) => E[e]),
      reach('awaitingDecision'),
    );
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.declined.map((d) => [d.role, d.step])).toEqual([
      ['decisionMaker', 'decision'],
      ['properOfficer', 'notice'],
    ]);
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.decision?.decidedOn).toBe('2025-10-02');
    const [published] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(published.value)).toBe('callInPeriod.running');
  });
});
