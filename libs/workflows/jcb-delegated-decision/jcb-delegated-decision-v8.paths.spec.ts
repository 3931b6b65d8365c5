import { createActor, transition, type AnyMachineSnapshot } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { machineTransitions } from '../trace-recorder.service';
import { jcbDelegatedDecisionV3 } from './jcb-delegated-decision-v3.template';
import { jcbDelegatedDecisionV7 } from './jcb-delegated-decision-v7.template';
import type { JcbV8Context, JcbV8Event } from './jcb-delegated-decision-v8.machine';
import { jcbDelegatedDecisionV8 } from './jcb-delegated-decision-v8.template';

/*
 * Version 8's dispute (ToR 9.1), from the moment Cabinet and the partner's board differ to where
 * it ends: paths generated with @xstate/graph through the Leader's and the partner's chair's
 * answers from their links (and version 7's conclusions through the API). Every new transition is
 * taken; the matter goes back to the Board only when both conclude so, does not go ahead only when
 * both conclude so, and stays in dispute, both asked again, when they differ.
 */

const machine = jcbDelegatedDecisionV8.machine;
const MEETING = '2025-09-04';

type Chair = 'leader' | 'partnerChair';
const back = (role: Chair) =>
  ({ type: 'CONCLUDE_RETURN_TO_BOARD', role, on: '2025-09-22', comments: 'Agreed' }) as JcbV8Event;
const stop = (role: Chair) =>
  ({ type: 'CONCLUDE_NOT_MOVE_FORWARD', role, on: '2025-09-22', reasons: 'No' }) as JcbV8Event;
const api = (type: 'RECORD_LEADER_CONCLUSION' | 'RECORD_PARTNER_CHAIR_CONCLUSION', yes: boolean) =>
  ({
    type,
    discussedOn: '2025-09-22',
    conclusion: yes ? 'returnToBoard' : 'doesNotMoveForward',
    note: 'Discussed',
  }) as JcbV8Event;

const EVENTS: JcbV8Event[] = [
  back('leader'),
  stop('leader'),
  back('partnerChair'),
  stop('partnerChair'),
  api('RECORD_LEADER_CONCLUSION', true),
  api('RECORD_PARTNER_CHAIR_CONCLUSION', false),
];

/** A case in dispute: referred back on 4 September 2025, Cabinet for it, the ICB's board against. */
function inDispute(): AnyMachineSnapshot {
  const opened = createActor(machine, { input: { dates: { meetingDate: MEETING } } });
  const context = opened.getSnapshot().context as JcbV8Context;
  const decided = (supports: boolean) => ({
    decidedOn: '2025-09-17',
    supports,
    minuteReference: 'Minute 12',
    reasons: null,
  });
  return machine.resolveState({
    value: { referredBack: 'inDispute' },
    context: {
      ...context,
      referredBack: { on: MEETING, explanation: [] },
      parentBodies: { cabinet: decided(true), partnerBoard: decided(false) },
      dispute: { leader: null, partnerChair: null },
    },
  });
}

const serializeState = (s: AnyMachineSnapshot) => {
  const c = s.context as JcbV8Context;
  return JSON.stringify([s.value, c.dispute, c.disputeRounds.length > 0]);
};
const where = (s: AnyMachineSnapshot) => JSON.stringify(s.value);
/** Who concluded what along a path: "leader back", "partnerChair stop". */
const answers = (p: { steps: { event: unknown }[] }) =>
  p.steps.flatMap(({ event }) => {
    const e = event as Record<string, string>;
    if (e.type === 'CONCLUDE_RETURN_TO_BOARD') return [`${e.role} back`];
    if (e.type === 'CONCLUDE_NOT_MOVE_FORWARD') return [`${e.role} stop`];
    if (e.type === 'RECORD_LEADER_CONCLUSION') return ['leader back'];
    if (e.type === 'RECORD_PARTNER_CHAIR_CONCLUSION') return ['partnerChair stop'];
    return [];
  });

describe('JCB delegated decision version 8: the dispute answered from links, generated paths', () => {
  const fromState = inDispute();
  const paths = getShortestPaths(machine, { fromState, events: EVENTS, serializeState });
  const simple = getSimplePaths(machine, { fromState, events: EVENTS, serializeState });

  it('reaches the Board, the end of the matter, and a dispute that stays open after a difference', () => {
    const reached = new Set(paths.map((p) => where(p.state)));
    expect([...reached].sort()).toEqual(
      ['{"referredBack":"inDispute"}', '"returnedToBoard"', '"notProceeding"'].sort(),
    );
    const differed = paths.filter(
      (p) => (p.state.context as JcbV8Context).disputeRounds.length > 0,
    );
    expect(differed.map((p) => where(p.state))).toContain('{"referredBack":"inDispute"}');
  });

  it('takes every transition version 8 adds to version 7', () => {
    const v7 = new Set(machineTransitions(jcbDelegatedDecisionV7.machine));
    const added = machineTransitions(machine).filter((t) => !v7.has(t));
    const taken = new Set<string>();
    for (const p of simple) for (const s of p.steps) taken.add(s.event.type);
    expect(new Set(added.map((t) => t.split(' ')[1].split('#')[0]))).toEqual(
      new Set(['CONCLUDE_RETURN_TO_BOARD', 'CONCLUDE_NOT_MOVE_FORWARD']),
    );
    for (const t of added) expect(taken).toContain(t.split(' ')[1].split('#')[0]);
  });

  it('ends the dispute only when both chairs of the latest round agree', () => {
    const ended = simple.filter((p) => where(p.state) !== '{"referredBack":"inDispute"}');
    expect(ended.length).toBeGreaterThan(3);
    for (const p of ended) {
      const last = answers(p).slice(-2);
      expect(new Set(last.map((a) => a.split(' ')[0]))).toEqual(
        new Set(['leader', 'partnerChair']),
      );
      const verdicts = new Set(last.map((a) => a.split(' ')[1]));
      expect(verdicts.size).toBe(1);
      expect(where(p.state)).toBe(verdicts.has('back') ? '"returnedToBoard"' : '"notProceeding"');
    }
  });

  it('keeps a difference as a round of the dispute and asks both chairs again', () => {
    const differed = simple.find(
      (p) =>
        where(p.state) === '{"referredBack":"inDispute"}' &&
        (p.state.context as JcbV8Context).disputeRounds.length === 1 &&
        answers(p).length === 2,
    )!;
    const c = differed.state.context as JcbV8Context;
    expect(c.dispute).toEqual({ leader: null, partnerChair: null });
    expect(c.disputeRounds[0].referredOn).toBe(MEETING);
    expect(
      new Set([
        c.disputeRounds[0].leader.returnToBoard,
        c.disputeRounds[0].partnerChair.returnToBoard,
      ]),
    ).toEqual(new Set([true, false]));
    expect(jcbDelegatedDecisionV8.describe(differed.state.value, c).awaiting).toEqual([
      'leader',
      'partnerChair',
    ]);
  });

  it('does not describe a later referral’s dispute by an earlier referral’s difference', () => {
    const differed = simple.find(
      (p) =>
        where(p.state) === '{"referredBack":"inDispute"}' &&
        (p.state.context as JcbV8Context).disputeRounds.length === 1,
    )!;
    const c = differed.state.context as JcbV8Context;
    const thisReferral = jcbDelegatedDecisionV8.describe(differed.state.value, c).summary;
    expect(thisReferral).toMatch(/concluded differently/);
    const later = { ...c, referredBack: { ...c.referredBack!, on: '2099-01-01' } };
    expect(jcbDelegatedDecisionV8.describe(differed.state.value, later).summary).not.toMatch(
      /concluded differently/,
    );
  });

  it('refuses a second answer from the same chair in one round', () => {
    const [once] = transition(machine, fromState, back('leader'));
    expect(machine.getTransitionData(once, stop('leader'))).toEqual([]);
    expect(machine.getTransitionData(once, api('RECORD_LEADER_CONCLUSION', false))).toEqual([]);
  });

  it('refuses an answer checked outside a case, where no day is known, in words', () => {
    const v3 = jcbDelegatedDecisionV3.events;
    const v8 = jcbDelegatedDecisionV8.events;
    const answers = [
      v3.DECLINE.payload.safeParse({ reasons: 'No' }),
      v8.CONCLUDE_RETURN_TO_BOARD.payload.safeParse({ comments: 'Agreed' }),
      v8.CONCLUDE_NOT_MOVE_FORWARD.payload.safeParse({ reasons: 'No' }),
    ];
    expect(answers.map((a) => a.error?.issues.map((i) => i.message))).toEqual(
      answers.map(() => [
        'NO_DATE: an answer is dated the day it is given, and no day is known here: give it from its emailed link or on the case page',
      ]),
    );
  });
});
