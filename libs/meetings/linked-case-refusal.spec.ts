import {
  DomainError,
  EventNotAllowedError,
  GovernanceRuleError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { eventWords } from '../workflows/template-words.registry';
import { LinkedCaseRefusedError, linkedCaseRefusal } from './linked-case-refusal.errors';

/*
 * A case a meeting's write carries into refuses an event: a governance rule's refusal stays a rule's
 * refusal (so the API's detail and the pages give it in its one shape), saying first which case
 * refused which step; any other refusal keeps its own code and words.
 */
describe('a linked case’s refusal', () => {
  const jcb = {
    id: '7d0b1f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    reference: 'SCC-2025-0007',
    templateId: 'jcb-delegated-decision',
    templateVersion: 5,
  };
  const step = eventWords({ id: jcb.templateId, version: 5 }, 'RECORD_SHOW_OF_HANDS').action;

  it('stays the rule’s refusal, with which case refused which step as its context, in words', () => {
    const cause = new GovernanceRuleError(
      'VOTE_MISSING',
      'This cannot be recorded: no hand recorded for Cllr Ann Lee. Nothing was recorded.',
      [
        'no hand recorded for Cllr Ann Lee: record for, against or abstain for every eligible member present',
      ],
      { problems: [{ path: 'hands', message: 'record a hand for Cllr Ann Lee' }] },
    );

    const e = linkedCaseRefusal(jcb, 'RECORD_SHOW_OF_HANDS', cause, 'linked to this item');

    expect(e).toBeInstanceOf(GovernanceRuleError);
    expect(e.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(e.extra).toMatchObject({
      rule: 'VOTE_MISSING',
      explanation: cause.extra.explanation,
      problems: [{ path: 'hands' }],
      caseId: jcb.id,
      caseEvent: 'RECORD_SHOW_OF_HANDS',
      context: `the case SCC-2025-0007 linked to this item refused the step “${step}”`,
    });
    expect(step).not.toContain('RECORD_SHOW_OF_HANDS');
    expect(String(e.extra.context)).not.toContain(jcb.id);
  });

  it('keeps the cause’s own context after the case’s', () => {
    const cause = new GovernanceRuleError('CASE_FOR_ANOTHER_MEETING', 'Refused.', ['another day'], {
      context: 'the case waits for the meeting on Thu 2 Oct 2025',
    });

    const e = linkedCaseRefusal(jcb, 'RECORD_SHOW_OF_HANDS', cause, 'linked to this item');

    expect(e.extra.context).toBe(
      `the case SCC-2025-0007 linked to this item refused the step “${step}”: the case waits for the meeting on Thu 2 Oct 2025`,
    );
  });

  it('keeps any other refusal’s own code, naming the case and step in its detail', () => {
    const cause: DomainError = new EventNotAllowedError(
      { type: 'RECORD_SHOW_OF_HANDS', step },
      'Drafting the decision',
    );

    const e = linkedCaseRefusal(jcb, 'RECORD_SHOW_OF_HANDS', cause, 'that is the minutes approved');

    expect(e).toBeInstanceOf(LinkedCaseRefusedError);
    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.detail).toMatch(
      /^The case SCC-2025-0007 that is the minutes approved refused the step “[^”]+”, so nothing was recorded/,
    );
    expect(e.extra).toMatchObject({ caseId: jcb.id, caseEvent: 'RECORD_SHOW_OF_HANDS' });
  });

  it('carries the cause’s own plain words, a clause after its colon, never the event’s type', () => {
    const cause = new EventNotAllowedError(
      { type: 'RECORD_SHOW_OF_HANDS', step },
      'Drafting the decision',
    );

    const e = linkedCaseRefusal(jcb, 'RECORD_SHOW_OF_HANDS', cause, 'linked to this item');

    // Before: "…: RECORD_SHOW_OF_HANDS is not allowed while the case is …" on the meeting page,
    // then a special case rewrote this one refusal; now the cause says the step in words itself.
    expect(e.detail).toBe(
      `The case SCC-2025-0007 linked to this item refused the step “${step}”, so nothing was recorded, neither on the meeting nor on the case: the case does not take the step “${step}” while it is “Drafting the decision”: read the case to see what it is waiting for.`,
    );
    expect(e.detail).not.toContain('RECORD_SHOW_OF_HANDS');
    expect(e.extra).toMatchObject({
      event: 'RECORD_SHOW_OF_HANDS',
      state: 'Drafting the decision',
      caseEvent: 'RECORD_SHOW_OF_HANDS',
    });
  });

  it('joins any other cause’s sentence the same way', () => {
    const cause = new NotAuthorisedError(
      `The step “${step}” on this case needs the Chair; you hold no office or delegation in force for it.`,
    );

    const e = linkedCaseRefusal(jcb, 'RECORD_SHOW_OF_HANDS', cause, 'linked to this item');

    expect(e.code).toBe('NOT_AUTHORISED');
    expect(e.detail).toContain(
      `neither on the meeting nor on the case: the step “${step}” on this case needs the Chair;`,
    );
  });
});
