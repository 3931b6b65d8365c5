import { initialTransition, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbV3Event,
  jcbDelegatedDecisionV3Machine as machine,
} from './jcb-delegated-decision-v3.machine';
import {
  after,
  E,
  effects,
  facts,
  input,
  M1,
  M2,
  reach,
  TO_SIGNED,
} from './jcb-delegated-decision-v3.walks';

/** Version 3: the steps it keeps from version 2 (deadlines, reminders, deferral, publication). */
describe('jcb delegated decision v3: the steps it keeps from version 2', () => {
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
      } as unknown as JcbV3Event),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
  });

  it('tells the officer and the decision maker when the item is deferred, and when it is referred back', () => {
    const [, deferred] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS deferred M1'],
    );
    expect(effects(deferred as never)).toEqual(['cancelDeadline:meeting', 'notify:item-deferred']);
    const [s, referred] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS referredBack M1'],
    );
    expect(s.status).toBe('done');
    expect(effects(referred as never)).toEqual([
      'cancelDeadline:meeting',
      'notify:item-referred-back',
    ]);
  });

  it('arms the call-in deadline for the last day of the call-in period on publication', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.RECORD_PUBLICATION);
    expect(s.context.publication?.implementableFrom).toBe('2025-10-13');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'armDeadline:callIn@2025-10-10',
    ]);
  });

  it('refuses a publication dated before the decision was taken', () => {
    expect(
      reach('awaitingPublication').can({ ...E.RECORD_PUBLICATION, publishedOn: '2025-10-01' }),
    ).toBe(false);
  });

  it('makes a non-key decision implementable on publication, with no call-in', () => {
    const s = after(
      TO_SIGNED.map((e) => (e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e])),
    );
    const [published] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(published.value)).toBe('implementable');
    expect(published.context.implementableOn).toBe('2025-10-03');
  });
});
