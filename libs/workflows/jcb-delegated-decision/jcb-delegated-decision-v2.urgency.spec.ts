import { initialTransition, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import { jcbDelegatedDecisionV2Machine as machine } from './jcb-delegated-decision-v2.machine';
import { approver, E, effects, input, reach, TO_SIGNED } from './jcb-delegated-decision-v2.walks';

/** Version 2: the urgency exemption from call-in. */
describe('jcb delegated decision v2: the urgency exemption from call-in', () => {
  it('records who agreed the urgency, when and why, and tells the officer and the decision maker', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.EXEMPT_FROM_CALL_IN);
    expect(s.context.urgencyExemption).toEqual({
      agreedOn: '2025-10-02',
      reason: E.EXEMPT_FROM_CALL_IN.reason,
      approver,
      explanation: E.EXEMPT_FROM_CALL_IN.explanation,
    });
    expect(effects(actions as never)).toEqual(['notify:decision-exempted-from-call-in']);
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

  it('refuses a publication dated before the urgency was agreed', () => {
    expect(
      reach('exemptAwaitingPublication').can({
        ...E.RECORD_PUBLICATION,
        publishedOn: '2025-10-01',
      }),
    ).toBe(false);
  });

  it('refuses an exemption of a decision that is not key, which is not subject to call-in', () => {
    let s = initialTransition(machine, input)[0];
    for (const e of TO_SIGNED)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    expect(s.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
  });

  it('refuses an exemption without a reason', () => {
    expect(reach('awaitingPublication').can({ ...E.EXEMPT_FROM_CALL_IN, reason: '  ' })).toBe(
      false,
    );
  });

  it('refuses an exemption once the decision is published, and never lets an exempt one be called in', () => {
    expect(reach('callInRunning').can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
    // An exempt decision goes from publication straight to implementable: no call-in period.
    expect(reach('exemptAwaitingPublication').can(E.CALL_IN)).toBe(false);
    expect(reach('exemptImplementable').status).toBe('done');
  });

  it('keeps the exemption when the decision is signed after it was agreed', () => {
    let s = reach('exemptAwaitingDecision');
    for (const e of [
      'RECORD_DECISION',
      'SIGN_NOTICE decisionMaker',
      'SIGN_NOTICE properOfficer',
    ] as const)
      s = transition(machine, s, E[e])[0];
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.urgencyExemption?.approver).toEqual(approver);
  });
});
