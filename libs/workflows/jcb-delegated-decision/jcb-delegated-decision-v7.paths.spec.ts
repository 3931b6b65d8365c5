import { createActor, type AnyMachineSnapshot } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { jcbDelegatedDecisionV6 } from './jcb-delegated-decision-v6.template';
import { jcbDelegatedDecisionV7 } from './jcb-delegated-decision-v7.template';
import type { JcbV7Context, JcbV7Event } from './jcb-delegated-decision-v7.machine';
import { machineTransitions } from '../trace-recorder.service';

/*
 * Version 7's referral back, from the moment the Chair refers the matter back (ToR 8.3) to where
 * it ends: paths generated with @xstate/graph through the partners' decisions and a dispute's
 * conclusions (ToR 9.1). Every new transition is taken; the matter goes back to the Board only
 * when both partners support it, or both the Leader and the partner's chair conclude so; a
 * dispute is opened only when the partners differ.
 */

const machine = jcbDelegatedDecisionV7.machine;
const MEETING = '2025-09-04';

const body = (type: 'RECORD_CABINET_DECISION' | 'RECORD_PARTNER_BOARD_DECISION', yes: boolean) =>
  ({
    type,
    decidedOn: '2025-09-17',
    outcome: yes ? 'supports' : 'doesNotSupport',
    minuteReference: 'Minute 12',
  }) as JcbV7Event;
const concluded = (
  type: 'RECORD_LEADER_CONCLUSION' | 'RECORD_PARTNER_CHAIR_CONCLUSION',
  back: boolean,
) =>
  ({
    type,
    discussedOn: '2025-09-22',
    conclusion: back ? 'returnToBoard' : 'doesNotMoveForward',
    note: 'Discussed',
  }) as JcbV7Event;

const EVENTS: JcbV7Event[] = [
  body('RECORD_CABINET_DECISION', true),
  body('RECORD_CABINET_DECISION', false),
  body('RECORD_PARTNER_BOARD_DECISION', true),
  body('RECORD_PARTNER_BOARD_DECISION', false),
  concluded('RECORD_LEADER_CONCLUSION', true),
  concluded('RECORD_LEADER_CONCLUSION', false),
  concluded('RECORD_PARTNER_CHAIR_CONCLUSION', true),
  concluded('RECORD_PARTNER_CHAIR_CONCLUSION', false),
  {
    type: 'RECONSIDER',
    talkedOn: '2025-09-24',
    note: 'Back to the Board',
    meetingDate: '2025-10-02',
  } as JcbV7Event,
];

/** A case just referred back at the meeting of 4 September 2025. */
function referredBack(): AnyMachineSnapshot {
  const opened = createActor(machine, { input: { dates: { meetingDate: MEETING } } });
  const context = opened.getSnapshot().context as JcbV7Context;
  return machine.resolveState({
    value: { referredBack: 'withPartners' },
    context: { ...context, referredBack: { on: MEETING, explanation: [] } },
  });
}

const serializeState = (s: AnyMachineSnapshot) => {
  const c = s.context as JcbV7Context;
  return JSON.stringify([s.value, c.parentBodies, c.dispute, c.referredBack]);
};
const named = (e: JcbV7Event) => {
  const p = e as unknown as Record<string, string>;
  return `${e.type} ${p.outcome ?? p.conclusion ?? ''}`.trim();
};
const where = (s: AnyMachineSnapshot) => JSON.stringify(s.value);

describe('JCB delegated decision version 7: the referral back, generated paths', () => {
  const fromState = referredBack();
  const paths = getShortestPaths(machine, { fromState, events: EVENTS, serializeState });
  const simple = getSimplePaths(machine, { fromState, events: EVENTS, serializeState });

  it('reaches every state the referral can lead to', () => {
    const reached = new Set(paths.map((p) => where(p.state)));
    expect([...reached].sort()).toEqual(
      [
        '{"referredBack":"withPartners"}',
        '{"referredBack":"inDispute"}',
        '"returnedToBoard"',
        '"notProceeding"',
        '{"beforeMeeting":"meeting"}',
      ].sort(),
    );
  });

  it('takes every transition version 7 adds to version 6', () => {
    const v6 = new Set(machineTransitions(jcbDelegatedDecisionV6.machine));
    const added = machineTransitions(machine).filter((t) => !v6.has(t));
    const taken = new Set<string>();
    for (const p of simple) for (const s of p.steps) taken.add(s.event.type);
    expect(added.map((t) => t.split(' ')[1].split('#')[0]).sort()).toEqual(
      [
        'RECONSIDER',
        'RECORD_CABINET_DECISION',
        'RECORD_LEADER_CONCLUSION',
        'RECORD_PARTNER_BOARD_DECISION',
        'RECORD_PARTNER_CHAIR_CONCLUSION',
      ].sort(),
    );
    for (const t of added) expect(taken).toContain(t.split(' ')[1].split('#')[0]);
  });

  it('returns the matter to the Board only when both partners support it or both chairs conclude so', () => {
    const toBoard = simple.filter((p) => where(p.state) === '"returnedToBoard"');
    expect(toBoard.length).toBeGreaterThan(2);
    for (const p of toBoard) {
      const steps = p.steps.map((s) => named(s.event as JcbV7Event));
      const bodies = steps.filter((n) => n.startsWith('RECORD_CABINET') || n.includes('BOARD_'));
      const chairs = steps.filter((n) => n.includes('CONCLUSION'));
      if (chairs.length === 0) expect(bodies.every((n) => n.endsWith(' supports'))).toBe(true);
      else expect(chairs.every((n) => n.endsWith(' returnToBoard'))).toBe(true);
    }
  });

  it('opens a dispute only when the partners differ, and ends without agreement as not moving forward', () => {
    for (const p of simple) {
      const steps = p.steps.map((s) => named(s.event as JcbV7Event));
      const bodies = steps.filter((n) => /^RECORD_(CABINET|PARTNER_BOARD)_DECISION/.test(n));
      const chairs = steps.filter((n) => n.includes('CONCLUSION'));
      if (chairs.length > 0) expect(new Set(bodies.map((n) => n.split(' ')[1])).size).toBe(2);
      if (where(p.state) === '"notProceeding"' && chairs.length > 0)
        expect(chairs.some((n) => n.endsWith(' doesNotMoveForward'))).toBe(true);
      if (where(p.state) === '"notProceeding"' && chairs.length === 0)
        expect(bodies.every((n) => n.endsWith(' doesNotSupport'))).toBe(true);
    }
    expect(simple.filter((p) => where(p.state) === '"notProceeding"').length).toBeGreaterThan(2);
  });

  it('brings a returned matter to a later meeting with the referral kept and the next one fresh', () => {
    const back = simple.find(
      (p) =>
        where(p.state) === '{"beforeMeeting":"meeting"}' &&
        (p.state.context as JcbV7Context).referrals[0]?.dispute === null,
    )!;
    const c = back.state.context as JcbV7Context;
    expect(c.referredBack).toBeNull();
    expect(c.parentBodies).toEqual({ cabinet: null, partnerBoard: null });
    expect(c.dates.meetingDate).toBe('2025-10-02');
    expect(c.referrals).toEqual([
      {
        on: MEETING,
        parentBodies: {
          cabinet: expect.objectContaining({ supports: true }),
          partnerBoard: expect.objectContaining({ supports: true }),
        },
        dispute: null,
      },
    ]);
  });
});
