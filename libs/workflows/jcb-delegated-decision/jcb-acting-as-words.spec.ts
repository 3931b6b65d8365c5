import { fieldWords } from '../template-words.registry';
import type { WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionV2 } from './jcb-delegated-decision-v2.template';
import { jcbDelegatedDecisionV4 } from './jcb-delegated-decision-v4.template';
import { jcbDelegatedDecisionV9 } from './jcb-delegated-decision-v9.template';

/*
 * The seat a JCB decision maker acts in, missing or not one of the choices: refused in a sentence
 * a person reads (the API's problem, a page's error summary), never the field's name or the
 * choices' keys. No released trace holds this line (they hold the CCG seat's refusal, kept).
 */

const decision = { decidedOn: '2025-09-05', decision: 'Award the contract', reasons: 'Best value' };
const actingAsProblems = (t: WorkflowTemplate, actingAs?: string) => {
  const r = t.events.RECORD_DECISION.payload.safeParse({ ...decision, actingAs });
  return (r.error?.issues ?? []).filter((i) => i.path[0] === 'actingAs').map((i) => i.message);
};
const KEYS = /actingAs|cabinetMember|icbMember|ccgMember/;

describe('the seat a JCB decision maker acts in, asked for in words', () => {
  it.each([
    ['version 4', jcbDelegatedDecisionV4],
    ['version 9', jcbDelegatedDecisionV9],
  ])('%s: says to choose between a Cabinet member and a member for the ICB', (_v, t) => {
    for (const sent of [undefined, 'chair']) {
      const problems = actingAsProblems(t, sent);
      expect(problems).toEqual([
        'choose whether the decision maker acts as a Cabinet member or as a member for the Integrated Care Board',
      ]);
      expect(problems.join()).not.toMatch(KEYS);
    }
  });

  it('versions 1 to 3: says to choose between a Cabinet member and a CCG member', () => {
    const problems = actingAsProblems(jcbDelegatedDecisionV2);
    expect(problems).toEqual([
      'choose whether the decision maker acts as a Cabinet member or as a member for the clinical commissioning group (CCG)',
    ]);
    expect(problems.join()).not.toMatch(KEYS);
  });

  it.each([
    ['version 2', jcbDelegatedDecisionV2],
    ['version 4', jcbDelegatedDecisionV4],
    ['version 9', jcbDelegatedDecisionV9],
  ])(
    '%s: the decision’s form names the seat in words (its error: “Select the seat …”)',
    (_v, t) => {
      for (const type of ['RECORD_DECISION', 'DRAFT_DECISION'].filter((e) => t.events[e]))
        expect(fieldWords(t, type, 'actingAs').name).toBe('the seat the decision maker acts in');
    },
  );
});
