import { createActor } from 'xstate';
import { jcbDelegatedDecisionV5 } from './jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV6 } from './jcb-delegated-decision-v6.template';
import type { JcbV6Context } from './jcb-delegated-decision-v6.machine';

/*
 * What version 6 tells the forward plan (its keyDecisions declaration), and how the machine keeps
 * the day the plan listing the case was published: the first edition's, whatever comes later.
 */
const MATTER = {
  summary: 'Award the integrated carers support contract',
  keyDecision: true,
  keyDecisionReasons: 'Spending of £1.5M',
  documents: ['Report of the Director of Adult Social Care'],
  exemptReasons: null,
  representations: 'Write to democratic.services@example.org',
};

function opened() {
  const actor = createActor(jcbDelegatedDecisionV6.machine, {
    input: { dates: { meetingDate: '2025-09-18' } },
  });
  actor.start();
  return actor;
}
const contextOf = (actor: ReturnType<typeof opened>) =>
  actor.getSnapshot().context as unknown as JcbV6Context;
const particulars = (c: JcbV6Context) => jcbDelegatedDecisionV6.keyDecisions!.particulars(c);

describe('JCB delegated decision version 6 and the forward plan', () => {
  it('is listed once its matter is described as a key decision, expected on the meeting date', () => {
    const actor = opened();
    expect(particulars(contextOf(actor))).toBeNull();
    actor.send({ type: 'DESCRIBE_MATTER', ...MATTER });
    expect(particulars(contextOf(actor))).toEqual({
      matter: MATTER.summary,
      expected: { on: '2025-09-18' },
      documents: MATTER.documents,
      exemptReasons: null,
      representations: MATTER.representations,
    });
  });

  it('is not listed when its matter is not a key decision, once decided, or once referred back', () => {
    const actor = opened();
    actor.send({ type: 'DESCRIBE_MATTER', ...MATTER, keyDecision: false });
    expect(particulars(contextOf(actor))).toBeNull();
    const described = { ...contextOf(opened()), matter: MATTER };
    expect(particulars({ ...described, decision: {} as JcbV6Context['decision'] })).toBeNull();
    expect(particulars({ ...described, referredBack: { on: '2025-09-18', explanation: [] } })).toBe(
      null,
    );
  });

  it('keeps the first edition’s day: a later edition does not move it', () => {
    const actor = opened();
    actor.send({ type: 'DESCRIBE_MATTER', ...MATTER });
    actor.send({ type: 'FORWARD_PLAN_PUBLISHED', publishedOn: '2025-08-01', edition: 'first' });
    actor.send({ type: 'FORWARD_PLAN_PUBLISHED', publishedOn: '2025-09-01', edition: 'second' });
    expect(contextOf(actor).forwardPlan).toEqual({ publishedOn: '2025-08-01', edition: 'first' });
  });

  it('leaves version 5 out of the plan: it declares no key decisions', () => {
    expect(jcbDelegatedDecisionV5.keyDecisions).toBeUndefined();
  });
});
