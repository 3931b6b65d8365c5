import { transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import { jcbDelegatedDecisionV3Machine as machine } from './jcb-delegated-decision-v3.machine';
import {
  after,
  approver,
  E,
  effects,
  emails,
  EventName,
  reach,
  TO_CONSENSUS,
} from './jcb-delegated-decision-v3.walks';

/** Version 3: call-in, and the urgency exemption from it. */
describe('jcb delegated decision v3: call-in', () => {
  it('a call-in referred back returns to the officer’s draft', () => {
    const before = reach('suspended');
    const decision = before.context.decision;
    const [s, actions] = transition(machine, before, E['RECORD_CALL_IN_OUTCOME referredBack']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toEqual([decision]);
    expect(s.context.decision).toBeNull();
    expect(s.context.publication).toBeNull();
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(s.context.callIn?.outcome?.result).toBe('referredBackToDecisionMaker');
    expect(s.context.draft).toBeNull();
    expect(emails(actions as never)).toEqual([
      { message: 'decision-referred-back', to: ['decisionMaker', 'officer'] },
    ]);
  });

  it('takes a fresh draft after a call-in referred back through to a decision implementable', () => {
    const s = after(
      (
        [
          'RECORD_CALL_IN_OUTCOME referredBack',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'APPROVE properOfficer',
          'APPROVE decisionMaker',
          'RECORD_PUBLICATION',
          'DEADLINE_PASSED callIn',
        ] as EventName[]
      ).map((e) => E[e]),
      reach('suspended'),
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.status).toBe('done');
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.callIn).toBeNull();
    expect(s.context.implementableOn).toBe('2025-10-13');
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });

  it('makes a confirmed decision implementable from the later of the outcome and the end of call-in', () => {
    const [s, actions] = transition(
      machine,
      reach('suspended'),
      E['RECORD_CALL_IN_OUTCOME confirmed'],
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.context.implementableOn).toBe('2025-10-20');
    expect(effects(actions as never)).toEqual(['notify:decision-implementable']);
  });
});

describe('jcb delegated decision v3: the urgency exemption from call-in', () => {
  it('may be agreed while the decision is still being drafted, and is kept through a declined draft and a declined notice', () => {
    const [exempt, actions] = transition(machine, reach('draftingDecision'), E.EXEMPT_FROM_CALL_IN);
    expect(emails(actions as never)).toEqual([
      { message: 'decision-exempted-from-call-in', to: ['officer', 'decisionMaker'] },
    ]);
    const s = after(
      (
        [
          'DRAFT_DECISION',
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
      exempt,
    );
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.urgencyExemption?.approver).toEqual(approver);
  });

  it('records who agreed the urgency, when and why, once only', () => {
    const [s] = transition(machine, reach('awaitingDecision'), E.EXEMPT_FROM_CALL_IN);
    expect(s.context.urgencyExemption).toEqual({
      agreedOn: '2025-10-02',
      reason: E.EXEMPT_FROM_CALL_IN.reason,
      approver,
      explanation: E.EXEMPT_FROM_CALL_IN.explanation,
    });
    expect(s.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
  });

  it('makes an exempt decision implementable on publication, with no call-in period armed', () => {
    const [s, actions] = transition(
      machine,
      reach('exemptAwaitingPublication'),
      E.RECORD_PUBLICATION,
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.status).toBe('done');
    expect(s.context.implementableOn).toBe('2025-10-03');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'notify:decision-implementable',
    ]);
  });

  it('refuses an exemption of a decision that is not key, or without a reason', () => {
    const notKey = after(
      TO_CONSENSUS.map((e) =>
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      ),
    );
    expect(stateKey(notKey.value)).toBe('draftingDecision');
    expect(notKey.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
    expect(reach('draftingDecision').can({ ...E.EXEMPT_FROM_CALL_IN, reason: '  ' })).toBe(false);
  });
});
