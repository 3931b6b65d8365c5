import { E, run, send, snapshotIn } from './bcf-delegated-sign-off.walks';

/** Faults these tests found once, kept fixed. */
describe('BCF delegated sign-off: fixes found by these tests', () => {
  it('arms the resubmission’s assurance and noting deadlines after the new submission date', () => {
    const notApproved = run(
      [E.RECORD_SUBMISSION, E['RECORD_ASSURANCE notApproved']],
      snapshotIn('readyToSubmit'),
    );
    const ready = run(
      [E.SEEK_AGREEMENT, E['AGREE as chiefExecutive'], E['AGREE as accountableOfficer'], E.APPROVE],
      notApproved,
    );
    const [, fx] = send(ready, { type: 'RECORD_SUBMISSION', submittedOn: '2022-01-31' });
    const armed = fx.filter((f) => f.startsWith('arm '));
    expect(armed.length).toBe(2);
    for (const a of armed) expect(a.split(' ')[2] > '2022-02-01').toBe(true);
  });

  it('takes new assurance and noting dates given with a not-approved outcome', () => {
    const [after] = send(run([E.RECORD_SUBMISSION], snapshotIn('readyToSubmit')), {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      resubmitBy: '2022-02-01',
      expectedAssuranceDate: '2022-03-01',
      notingDeadline: '2022-02-20',
    });
    expect(after.context.dates).toEqual({
      submissionDeadline: '2022-02-01',
      expectedAssuranceDate: '2022-03-01',
      notingDeadline: '2022-02-20',
    });
  });

  it('does not ask a withdrawn person to agree again, and reminds the officer to reassign the role', () => {
    const [withdrawn] = send(
      snapshotIn('agreement (both awaited)'),
      E['DECLARE_INTEREST disclosablePecuniary as chiefExecutive'],
    );
    const [drafting] = send(withdrawn, E['REJECT as accountableOfficer']);
    const [, fx] = send(drafting, E.SEEK_AGREEMENT);
    expect(fx).toEqual([
      'notify agreement-requested → accountableOfficer',
      'notify reassign-needed → officer',
    ]);
  });
});
