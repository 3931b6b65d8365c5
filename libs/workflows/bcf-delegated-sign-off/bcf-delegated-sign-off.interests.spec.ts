import { stateKey } from '../machine-snapshot.service';
import {
  APPROVAL_REQUESTED,
  E,
  INTEREST_DECLARED,
  send,
  snapshotIn,
} from './bcf-delegated-sign-off.walks';

/** Interests declared by those asked to agree or approve, and the officer's reassignment after one. */
describe('BCF delegated sign-off: declared interests', () => {
  it('records another interest and lets the Chief Executive still agree', () => {
    const [declared, fx] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST other as chiefExecutive'],
    );
    expect(fx).toEqual([INTEREST_DECLARED]);
    expect(declared.context.interests).toEqual([
      { role: 'chiefExecutive', nature: 'other', details: 'Trustee of a local carers charity' },
    ]);
    expect(declared.context.withdrawn).toEqual([]);
    expect(declared.can(E['AGREE as chiefExecutive'])).toBe(true);
  });

  it('withdraws the Chief Executive on a disclosable pecuniary interest until the officer reassigns the role', () => {
    const [withdrawn] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST disclosablePecuniary as chiefExecutive'],
    );
    expect(withdrawn.context.withdrawn).toEqual(['chiefExecutive']);
    expect(withdrawn.can(E['AGREE as chiefExecutive'])).toBe(false);
    expect(withdrawn.can(E['REJECT as chiefExecutive'])).toBe(false);
    expect(withdrawn.can(E['DECLARE_INTEREST other as chiefExecutive'])).toBe(false);
    // The other party is unaffected.
    expect(withdrawn.can(E['AGREE as accountableOfficer'])).toBe(true);

    const [reassigned, fx] = send(withdrawn, E['REASSIGN_ROLE chiefExecutive']);
    expect(fx).toEqual(['notify agreement-requested → chiefExecutive']);
    expect(reassigned.context.withdrawn).toEqual([]);
    expect(reassigned.context.interests).toHaveLength(1);
    expect(reassigned.can(E['AGREE as chiefExecutive'])).toBe(true);
  });

  it('withdraws the chair on a disclosable pecuniary interest, so no approval until reassignment', () => {
    const [withdrawn] = send(
      snapshotIn('chairApproval'),
      E['DECLARE_INTEREST disclosablePecuniary as delegatedApprover'],
    );
    expect(withdrawn.can(E.APPROVE)).toBe(false);
    expect(withdrawn.can(E['REJECT as delegatedApprover'])).toBe(false);
    const [reassigned, fx] = send(withdrawn, E['REASSIGN_ROLE delegatedApprover']);
    expect(fx).toEqual([APPROVAL_REQUESTED]);
    expect(stateKey(send(reassigned, E.APPROVE)[0].value)).toBe('preSubmission.readyToSubmit');
  });
});
