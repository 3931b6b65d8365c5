import type { WorkflowTemplate } from '../workflow.template';
import { JCB_V8_TRACES } from './jcb-delegated-decision-v8.traces';
import { jcbDelegatedDecisionV8 } from './jcb-delegated-decision-v8.template';
import { jcbDelegatedDecisionV9 } from './jcb-delegated-decision-v9.template';

/*
 * Version 9 says in people's words the rule lines versions 1 to 8 recorded with ids, keys or field
 * names; version 8, released, keeps its own words byte for byte (its traces hold them). The same
 * events of version 8's trace plan are sent to both.
 */

const events = JCB_V8_TRACES.events;
const parsed = (t: WorkflowTemplate, name: string) =>
  t.events[events[name].type].payload.safeParse(events[name].payload);
const refusal = (t: WorkflowTemplate, name: string) =>
  parsed(t, name).error?.issues.map((i) => i.message);
const delegationCheck = (t: WorkflowTemplate, name: string) =>
  (parsed(t, name).data as { delegationCheck: string[] }).delegationCheck;

describe('JCB delegated decision v9: its rules’ lines in people’s words', () => {
  it('names a declaration by someone not attending by the interest declared, not the id sent', () => {
    const name = 'RECORD_ATTENDANCE, a declaration by someone not there';
    expect(refusal(jcbDelegatedDecisionV9, name)).toEqual([
      'DECLARATION_BY_NON_ATTENDEE: someone who is not among the members listed declared an interest (“A neighbour”) but is not in the attendance: only those attending declare an interest at the meeting; add them to the attendance, or remove the declaration',
    ]);
    expect(refusal(jcbDelegatedDecisionV8, name)).toEqual([
      'DECLARATION_BY_NON_ATTENDEE: visitor declared an interest but is not in the attendance',
    ]);
  });

  it('says who records a Board’s missing rules, not the payload’s field', () => {
    const name = 'RECORD_ATTENDANCE, without the Board’s rules';
    expect(refusal(jcbDelegatedDecisionV9, name)).toEqual([
      'BOARD_RULES_UNKNOWN: no rules were sent with the meeting, and the council’s directory holds none for the Board; an administrator records the Board’s quorum and the partners who must each agree (its consensus) in the directory (JCB terms of reference 8.1)',
    ]);
    expect(refusal(jcbDelegatedDecisionV8, name)).toEqual([
      'BOARD_RULES_UNKNOWN: the event does not give the Board’s rules (boardRules); record the Board’s quorum and consensus blocs in the directory (JCB terms of reference 8.1)',
    ]);
  });

  it('checks the decision against its delegation without the scope’s key', () => {
    const v9 = delegationCheck(jcbDelegatedDecisionV9, 'RECORD_DECISION');
    const v8 = delegationCheck(jcbDelegatedDecisionV8, 'RECORD_DECISION');
    expect(v9).toContain('the decision is of a kind the delegation covers: met');
    expect(v9).toContain('it was made by the grantor in its own right, not by a delegate: met');
    expect(v9.join('\n')).not.toContain('jcb-delegated-decision');
    expect(v8).toContain(
      'decision kind "jcb-delegated-decision" is within its scope (jcb-delegated-decision): met',
    );
    // Only that line differs.
    expect(v9.filter((l) => !v8.includes(l))).toEqual([
      'the decision is of a kind the delegation covers: met',
    ]);
  });
});
