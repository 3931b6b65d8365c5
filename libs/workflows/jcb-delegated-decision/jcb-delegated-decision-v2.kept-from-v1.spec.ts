import { initialTransition, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbV2Event,
  jcbDelegatedDecisionV2Machine as machine,
} from './jcb-delegated-decision-v2.machine';
import {
  E,
  effects,
  facts,
  input,
  M1,
  M2,
  reach,
  TO_SIGNED,
} from './jcb-delegated-decision-v2.walks';

/** Version 2: the steps it keeps from version 1. */
describe('jcb delegated decision v2: the steps it keeps from version 1', () => {
  it('arms the meeting deadline with reminders when the case opens', () => {
    const [, actions] = initialTransition(machine, input);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M1}`]);
  });

  it('says how many working days remain in the meeting reminder', () => {
    const [, actions] = transition(machine, reach('notices'), E['REMINDER_DUE meeting']);
    expect(actions.map((a) => a.params)).toEqual([
      { message: 'meeting-reminder', to: ['officer'], workingDaysLeft: 1 },
    ]);
  });

  it('refuses a show of hands for an attendance other than the one recorded', () => {
    const other = { ...facts(M1), attendance: [] };
    expect(
      reach('showOfHands').can({
        ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
        meeting: other,
      } as unknown as JcbV2Event),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
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
    for (const e of TO_SIGNED)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    const [after] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(after.value)).toBe('implementable');
    expect(after.context.implementableOn).toBe('2025-10-03');
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });
});
