import { transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbV3Event,
  jcbDelegatedDecisionV3Machine as machine,
} from './jcb-delegated-decision-v3.machine';
import {
  after,
  DRAFT,
  E,
  effects,
  emails,
  EventName,
  M1,
  M2,
  reach,
  SIGNING,
  STATES,
  WITHIN_DELEGATION,
  WITHIN_DELEGATION_ON_THE_DAY,
} from './jcb-delegated-decision-v3.walks';

/** Version 3: the decision drafted by the officer and taken, or declined, from the decision maker's link. */
describe('jcb delegated decision v3: the decision drafted by the officer and taken from the link', () => {
  it('asks the officer to draft the decision once the Board reaches consensus', () => {
    const [s, actions] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS consensus M1'],
    );
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.draft).toBeNull();
    expect(s.context.decision).toBeNull();
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:meeting',
      'notify:decision-to-draft',
    ]);
    expect(emails(actions as never)).toEqual([{ message: 'decision-to-draft', to: ['officer'] }]);
  });

  it('asks the decision maker for the drafted decision and records it dated the day they answer', () => {
    const [drafted, draftActions] = transition(
      machine,
      reach('draftingDecision'),
      E.DRAFT_DECISION,
    );
    expect(stateKey(drafted.value)).toBe('awaitingDecision');
    expect(drafted.context.draft).toEqual(DRAFT);
    expect(drafted.context.decision).toBeNull();
    expect(emails(draftActions as never)).toEqual([
      { message: 'decision-requested', to: ['decisionMaker'] },
    ]);

    const [taken, takeActions] = transition(machine, drafted, E['APPROVE decisionMaker']);
    expect(stateKey(taken.value)).toBe(SIGNING);
    expect(taken.context.decision).toEqual({
      ...DRAFT,
      decidedOn: '2025-10-02',
      delegationCheck: WITHIN_DELEGATION_ON_THE_DAY,
    });
    expect(taken.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(emails(takeActions as never)).toEqual([
      { message: 'notice-signature-requested', to: ['decisionMaker', 'properOfficer'] },
    ]);
  });

  it('keeps the draft’s delegation check when the answer carries none of its own', () => {
    const { delegationCheck: _, ...bare } = E['APPROVE decisionMaker'];
    const [s] = transition(machine, reach('awaitingDecision'), bare);
    expect(stateKey(s.value)).toBe(SIGNING);
    expect(s.context.decision?.delegationCheck).toEqual(WITHIN_DELEGATION);
  });

  it('refuses to take the draft on a day before the meeting whose hands it rests on', () => {
    expect(reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], on: '2025-09-03' })).toBe(
      false,
    );
    expect(reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], on: M1 })).toBe(true);
  });

  it('after reconsideration at a later meeting, takes the draft only on or after that meeting', () => {
    const s = after(
      (
        [
          ...STATES.deferred.via,
          'RECONSIDER M2',
          'RECORD_ATTENDANCE quorate M2',
          'RECORD_SHOW_OF_HANDS consensus M2',
          'DRAFT_DECISION',
        ] as EventName[]
      ).map((e) => E[e]),
    );
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(s.can({ ...E['APPROVE decisionMaker'], on: '2025-09-20' })).toBe(false);
    expect(s.can({ ...E['APPROVE decisionMaker'], on: M2 })).toBe(true);
  });

  it('refuses to take a draft the delegation no longer allows on the day of the answer', () => {
    expect(
      reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], delegationCheck: [] }),
    ).toBe(false);
  });

  it('refuses an answer to the draft from the Proper Officer: the decision is the decision maker’s', () => {
    const s = reach('awaitingDecision');
    expect(s.can(E['APPROVE properOfficer'])).toBe(false);
    expect(s.can(E['DECLINE properOfficer'])).toBe(false);
  });

  it('goes back to the officer with the reasons when the decision maker declines the draft', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E['DECLINE decisionMaker']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.draft).toBeNull();
    expect(s.context.decision).toBeNull();
    expect(s.context.earlierDecisions).toEqual([]);
    expect(s.context.declined).toEqual([
      {
        role: 'decisionMaker',
        on: '2025-10-02',
        reasons: E['DECLINE decisionMaker'].reasons,
        step: 'decision',
      },
    ]);
    // One email: the decline says what to do; no second "draft the decision".
    expect(emails(actions as never)).toEqual([{ message: 'decision-declined', to: ['officer'] }]);
  });

  it('refuses a decline without reasons, of the draft or of the notice', () => {
    const blank = { ...E['DECLINE decisionMaker'], reasons: '   ' };
    expect(reach('awaitingDecision').can(blank)).toBe(false);
    expect(reach('signing').can(blank)).toBe(false);
    expect(reach('signing').can({ ...E['DECLINE properOfficer'], reasons: '' })).toBe(false);
  });

  it('refuses a draft naming a Cabinet member who did not show a hand for', () => {
    const naming = E['DRAFT_DECISION naming a member without a hand for'];
    expect(reach('draftingDecision').can(naming)).toBe(false);
    expect(reach('awaitingDecision').can(naming)).toBe(false);
    // Nor one naming a member who was present and showed a hand against.
    let s = after(STATES.showOfHands.via.map((e) => E[e]));
    s = transition(machine, s, {
      ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
      hands: [
        { personId: 'c1', hand: 'for' },
        { personId: 'c2', hand: 'against' },
      ],
    } as unknown as JcbV3Event)[0];
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.can(naming)).toBe(false);
    expect(s.can(E.DRAFT_DECISION)).toBe(true);
  });

  it('refuses a draft without the template’s delegation check', () => {
    expect(reach('draftingDecision').can({ ...E.DRAFT_DECISION, delegationCheck: [] })).toBe(false);
    const { delegationCheck: _, ...unchecked } = E.DRAFT_DECISION;
    expect(reach('draftingDecision').can(unchecked)).toBe(false);
  });

  it('a redraft asks the decision maker afresh', () => {
    const redraft = { ...E.DRAFT_DECISION, decision: 'Award the contract for two years only' };
    const [s, actions] = transition(machine, reach('awaitingDecision'), redraft);
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(s.context.draft?.decision).toBe('Award the contract for two years only');
    expect(emails(actions as never)).toEqual([
      { message: 'decision-requested', to: ['decisionMaker'] },
    ]);
    const [taken] = transition(machine, s, E['APPROVE decisionMaker']);
    expect(taken.context.decision?.decision).toBe('Award the contract for two years only');
  });

  it('asks the decision maker again for a fresh draft after declining the first', () => {
    const declined = after([E['DECLINE decisionMaker']], reach('awaitingDecision'));
    expect(declined.can(E['APPROVE decisionMaker'])).toBe(false);
    const [s, actions] = transition(machine, declined, E.DRAFT_DECISION);
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(effects(actions as never)).toEqual(['notify:decision-requested']);
    expect(s.context.declined).toHaveLength(1);
  });

  it('takes a decision recorded through the API while a draft awaits the decision maker', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E.RECORD_DECISION);
    expect(stateKey(s.value)).toBe(SIGNING);
    expect(s.context.decision?.decidedOn).toBe('2025-10-02');
    expect(s.context.decision?.delegationCheck).toEqual(E.RECORD_DECISION.delegationCheck);
    expect(effects(actions as never)).toEqual(['notify:notice-signature-requested']);
  });
});
