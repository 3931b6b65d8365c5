import { bcfDelegatedSignOffV2 } from '../../../libs/workflows/bcf-delegated-sign-off/bcf-delegated-sign-off-v2.template';
import { conditionState } from './case-condition.presenter';

describe('an assurance condition on the case page', () => {
  const condition = { id: 'R1-C1', text: 'Publish the capacity plan', metOn: null };

  it('says a condition without a due date (version 1) is open, and a met one when it was met', () => {
    expect(conditionState(condition, bcfDelegatedSignOffV2)).toBe('open');
    expect(conditionState({ ...condition, metOn: '2025-03-03' }, bcfDelegatedSignOffV2)).toBe(
      'met on Monday 3 March 2025',
    );
  });

  it('names the owner by the role’s label and the due date in words, and says when it is overdue', () => {
    const owned = { ...condition, owner: 'accountableOfficer', dueBy: '2025-02-28' };
    expect(conditionState(owned, bcfDelegatedSignOffV2)).toBe(
      'open, due by Friday 28 February 2025; owner: Chief Executive of the Integrated Care Board (its Accountable Officer)',
    );
    expect(conditionState({ ...owned, overdue: true }, bcfDelegatedSignOffV2)).toBe(
      'overdue, was due by Friday 28 February 2025; owner: Chief Executive of the Integrated Care Board (its Accountable Officer)',
    );
  });
});
