import { initialTransition, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import type { JcbEvent } from './jcb-delegated-decision.context';
import { jcbDelegatedDecisionMachine as machine } from './jcb-delegated-decision.machine';
import { E, effects, facts, input, M1, M2, reach, STATES } from './jcb-delegated-decision.walks';

/** Version 1: what each step records in the case and the deadlines it arms. */
describe('jcb delegated decision: what each step records and arms', () => {
  it('arms the meeting deadline with reminders when the case opens', () => {
    const [, actions] = initialTransition(machine, input);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M1}`]);
  });

  it('refuses notices for another meeting date than the case’s', () => {
    const s = reach('notices');
    expect(s.can({ ...E['RECORD_NOTICES met'], meetingDate: M2 })).toBe(false);
  });

  it('refuses attendance recorded for another meeting', () => {
    expect(reach('meeting').can(E['RECORD_ATTENDANCE quorate M2'])).toBe(false);
  });

  it('refuses a show of hands for an attendance other than the one recorded', () => {
    const s = reach('showOfHands');
    const other = { ...facts(M1), attendance: [] };
    expect(
      s.can({
        ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
        meeting: other,
      } as unknown as JcbEvent),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(s.context.deferrals[0].showOfHands.outcome).toBe('noConsensusDeferred');
    expect(s.context.meeting).toBeNull();
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
  });

  it('refuses reconsideration at a meeting no later than the one that deferred', () => {
    expect(reach('deferred').can({ ...E['RECONSIDER M2'], meetingDate: M1 })).toBe(false);
  });

  it('refuses a decision claiming a Cabinet member’s agreement who did not show a hand for', () => {
    expect(
      reach('awaitingDecision').can({ ...E.RECORD_DECISION, cabinetMembersAgreeing: ['c1', 'x'] }),
    ).toBe(false);
  });

  it('asks both signatories for the notice when the decision is recorded', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E.RECORD_DECISION);
    expect(s.context.decision?.amount).toBe(1_500_000);
    expect(effects(actions as never)).toEqual(['notify:notice-signature-requested']);
  });

  it('arms the call-in deadline for the last day of the call-in period on publication', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.RECORD_PUBLICATION);
    expect(s.context.publication?.implementableFrom).toBe('2025-10-13');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'armDeadline:callIn@2025-10-10',
    ]);
  });

  it('makes a non-key decision implementable on publication, with no call-in', () => {
    let s = initialTransition(machine, input)[0];
    for (const e of STATES.awaitingPublication.via)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    const [after] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(after.value)).toBe('implementable');
    expect(after.context.implementableOn).toBe('2025-10-03');
  });

  it('refuses a call-in after the call-in period ended', () => {
    expect(reach('callInRunning').can({ ...E.CALL_IN, calledInOn: '2025-10-11' })).toBe(false);
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });

  it('sends a referred-back decision to the decision maker afresh, keeping the earlier one', () => {
    const [s] = transition(machine, reach('suspended'), E['RECORD_CALL_IN_OUTCOME referredBack']);
    expect(s.context.decision).toBeNull();
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
  });

  it('makes a confirmed decision implementable from the later of the outcome and the period end', () => {
    const [s] = transition(machine, reach('suspended'), E['RECORD_CALL_IN_OUTCOME confirmed']);
    expect(s.context.implementableOn).toBe('2025-10-20');
    expect(s.context.callIn?.outcome?.result).toBe('decisionConfirmed');
  });
});
