import { transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import { bcfDelegatedSignOffMachine as machine } from './bcf-delegated-sign-off.machine';
import {
  AGREEMENT_REQUESTED,
  APPROVAL_REQUESTED,
  ARM_ASSURANCE,
  ARM_NOTING,
  ARM_RESUBMISSION,
  ARM_SUBMISSION,
  ASSURANCE_OVERDUE,
  CANCEL_ASSURANCE,
  CANCEL_NOTING,
  CANCEL_SUBMISSION,
  CASE_CLOSED,
  CE_AO_AWAITING,
  E,
  input,
  NOTING_OVERDUE,
  NOTING_REQUIRED,
  PLAN_NOT_APPROVED,
  PLAN_REJECTED,
  run,
  send,
  snapshotIn,
  start,
  STATES,
  SUBMISSION_OVERDUE,
} from './bcf-delegated-sign-off.walks';

/** The effects (emails, deadlines) and context changes of each step that the engine relies on. */
describe('BCF delegated sign-off: effects and context', () => {
  it('opens in drafting, round 1, arming the submission deadline with reminders 5 and 2 working days before', () => {
    const [snapshot, fx] = start();
    expect(stateKey(snapshot.value)).toBe('preSubmission.drafting');
    expect(fx).toEqual([ARM_SUBMISSION]);
    expect(snapshot.context).toMatchObject({
      dates: input.dates,
      round: 1,
      agreements: { chiefExecutive: false, accountableOfficer: false },
      lastRejection: null,
      submission: null,
      assurance: null,
      conditions: [],
      noting: null,
      overdue: { submission: false, assurance: false, noting: false },
    });
  });

  it('asks the Chief Executive and the Accountable Officer together when agreement is sought', () => {
    const [, fx] = send(start()[0], E.SEEK_AGREEMENT);
    expect(fx).toEqual([AGREEMENT_REQUESTED]);
  });

  it('accepts the two agreements in either order and then asks the chair', () => {
    const ceFirst = send(
      run([E.SEEK_AGREEMENT, E['AGREE as chiefExecutive']]),
      E['AGREE as accountableOfficer'],
    );
    const aoFirst = send(
      run([E.SEEK_AGREEMENT, E['AGREE as accountableOfficer']]),
      E['AGREE as chiefExecutive'],
    );
    for (const [snapshot, fx] of [ceFirst, aoFirst]) {
      expect(stateKey(snapshot.value)).toBe('preSubmission.chairApproval');
      expect(snapshot.context.agreements).toEqual({
        chiefExecutive: true,
        accountableOfficer: true,
      });
      expect(fx).toEqual([APPROVAL_REQUESTED]);
    }
  });

  it('returns the plan to drafting and clears both agreements when the Accountable Officer rejects after the Chief Executive agreed', () => {
    const agreedByCe = snapshotIn('agreement (Chief Executive agreed)');
    expect(agreedByCe.context.agreements.chiefExecutive).toBe(true);
    const [after, fx] = send(agreedByCe, E['REJECT as accountableOfficer']);
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.agreements).toEqual({ chiefExecutive: false, accountableOfficer: false });
    expect(after.context.lastRejection).toEqual({
      role: 'accountableOfficer',
      reasons: 'The discharge fund split is missing',
    });
    expect(fx).toEqual([PLAN_REJECTED]);
  });

  it('returns the plan to drafting and clears both agreements when the chair rejects under delegation', () => {
    const [after] = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover']);
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.agreements).toEqual({ chiefExecutive: false, accountableOfficer: false });
    expect(after.context.lastRejection).toEqual({
      role: 'delegatedApprover',
      reasons: 'The Board has not seen the metrics',
    });
  });

  it('keeps the submission deadline armed (no cancel, no re-arm) when a rejection returns the plan to drafting', () => {
    const [, fx] = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover']);
    expect(fx.filter((f) => f.includes('submission'))).toEqual([]);
  });

  it('asks for both agreements afresh, forgetting the last rejection, when agreement is sought again', () => {
    const rejected = send(snapshotIn('chairApproval'), E['REJECT as delegatedApprover'])[0];
    const [again, fx] = send(rejected, E.SEEK_AGREEMENT);
    expect(stateKey(again.value)).toBe(CE_AO_AWAITING);
    expect(again.context.lastRejection).toBeNull();
    expect(fx).toEqual([AGREEMENT_REQUESTED]);
  });

  it('records the submission, cancels the submission deadline and arms assurance and noting when the plan is submitted', () => {
    const [after, fx] = send(snapshotIn('readyToSubmit'), E.RECORD_SUBMISSION);
    expect(after.context.submission).toEqual({
      submittedOn: '2021-11-15',
      reference: 'BCF-21-22-SOU',
    });
    expect(fx).toEqual([CANCEL_SUBMISSION, ARM_ASSURANCE, ARM_NOTING, NOTING_REQUIRED]);
  });

  it('records a submission without a reference as reference null', () => {
    const [after] = send(snapshotIn('readyToSubmit'), {
      type: 'RECORD_SUBMISSION',
      submittedOn: '2021-11-16',
    });
    expect(after.context.submission).toEqual({ submittedOn: '2021-11-16', reference: null });
  });

  it('marks the submission overdue and tells the officer and the chair when the submission deadline passes', () => {
    const [after, fx] = send(
      snapshotIn('agreement (both awaited)'),
      E['DEADLINE_PASSED submission'],
    );
    expect(after.context.overdue).toEqual({ submission: true, assurance: false, noting: false });
    expect(stateKey(after.value)).toBe(CE_AO_AWAITING);
    expect(fx).toEqual([SUBMISSION_OVERDUE]);
  });

  it('marks assurance and noting overdue separately when their deadlines pass', () => {
    const submitted = snapshotIn('submitted (assurance awaited, noting awaited)');
    const [assuranceLate, a] = send(submitted, E['DEADLINE_PASSED assurance']);
    expect(assuranceLate.context.overdue).toEqual({
      submission: false,
      assurance: true,
      noting: false,
    });
    expect(a).toEqual([ASSURANCE_OVERDUE]);
    const [notingLate, n] = send(assuranceLate, E['DEADLINE_PASSED noting']);
    expect(notingLate.context.overdue).toEqual({
      submission: false,
      assurance: true,
      noting: true,
    });
    expect(n).toEqual([NOTING_OVERDUE]);
  });

  it('carries the reminder’s working days left into the notification', () => {
    const [, fx] = send(snapshotIn('chairApproval'), {
      type: 'REMINDER_DUE',
      key: 'submission',
      workingDaysLeft: 2,
    });
    expect(fx).toEqual(['notify submission-reminder → delegatedApprover (2 working days)']);
  });

  it('returns a not-approved plan to drafting for round 2, resubmitting by the new date', () => {
    const noted = snapshotIn('submitted (assurance awaited, noted)');
    const [after, fx] = send(
      send(noted, E['DEADLINE_PASSED assurance'])[0],
      E['RECORD_ASSURANCE notApproved'],
    );
    expect(stateKey(after.value)).toBe('preSubmission.drafting');
    expect(after.context.round).toBe(2);
    // The assurance and noting dates keep their distance from submission (54 and 30 days in the seed),
    // so that none falls before the resubmission.
    expect(after.context.dates).toEqual({
      submissionDeadline: '2022-02-01',
      expectedAssuranceDate: '2022-03-27',
      notingDeadline: '2022-03-03',
    });
    expect(after.context.assurance).toEqual({
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      reasons: 'The metrics are not evidenced',
    });
    expect(after.context.submission).toBeNull();
    expect(after.context.noting).toBeNull();
    expect(after.context.overdue).toEqual({ submission: false, assurance: false, noting: false });
    expect(fx).toEqual([CANCEL_ASSURANCE, PLAN_NOT_APPROVED, ARM_RESUBMISSION]);
  });

  it('gives conditions ids by round and condition (R1-C1, R1-C2), all open', () => {
    const open = snapshotIn('submitted (conditions open, noting awaited)');
    expect(open.context.assurance).toEqual({
      outcome: 'approvedWithConditions',
      receivedOn: '2022-01-09',
      reasons: null,
    });
    expect(open.context.conditions).toEqual([
      { id: 'R1-C1', text: 'Confirm the discharge fund split', metOn: null, evidence: null },
      { id: 'R1-C2', text: 'Publish the capacity plan', metOn: null, evidence: null },
    ]);
  });

  it('moves to assured only when every condition is met, and refuses meeting one twice', () => {
    const open = snapshotIn('submitted (conditions open, noting awaited)');
    const [oneMet] = send(open, E['MARK_CONDITION_MET R1-C1']);
    expect(stateKey(oneMet.value)).toBe(
      'postSubmission.assurance.conditionsOpen;postSubmission.noting.awaiting',
    );
    expect(oneMet.context.conditions[0]).toEqual({
      id: 'R1-C1',
      text: 'Confirm the discharge fund split',
      metOn: '2022-01-20',
      evidence: 'Revised split agreed by the JCB',
    });
    expect(oneMet.can(E['MARK_CONDITION_MET R1-C1'])).toBe(false);
    expect(transition(machine, oneMet, E['MARK_CONDITION_MET R1-C1'])[0]).toBe(oneMet);

    const [allMet, fx] = send(oneMet, {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C2',
      metOn: '2022-01-25',
    });
    expect(stateKey(allMet.value)).toBe(
      'postSubmission.assurance.assured;postSubmission.noting.awaiting',
    );
    expect(allMet.context.conditions[1]).toMatchObject({ metOn: '2022-01-25', evidence: null });
    expect(fx).toEqual([]);
  });

  it('closes when the last condition is met after the approval was noted', () => {
    const open = snapshotIn('submitted (conditions open, noted)');
    const closed = run(
      [
        E['MARK_CONDITION_MET R1-C1'],
        { type: 'MARK_CONDITION_MET', conditionId: 'R1-C2', metOn: '2022-01-25' },
      ],
      open,
    );
    expect(stateKey(closed.value)).toBe('closed');
    expect(closed.status).toBe('done');
  });

  it('numbers the conditions of a second round R2-C1', () => {
    const round2 = run(
      [
        E.RECORD_SUBMISSION,
        E['RECORD_ASSURANCE notApproved'],
        ...STATES.readyToSubmit.via.map((n) => E[n]),
        E.RECORD_SUBMISSION,
        {
          type: 'RECORD_ASSURANCE',
          outcome: 'approvedWithConditions',
          receivedOn: '2022-03-01',
          conditions: ['Confirm the revised metrics'],
        },
      ],
      snapshotIn('readyToSubmit'),
    );
    expect(round2.context.round).toBe(2);
    expect(round2.context.conditions.map((c) => c.id)).toEqual(['R2-C1']);
    const closed = run(
      [{ type: 'MARK_CONDITION_MET', conditionId: 'R2-C1', metOn: '2022-03-10' }, E.RECORD_NOTING],
      round2,
    );
    expect(stateKey(closed.value)).toBe('closed');
    expect(closed.status).toBe('done');
  });

  it('closes, telling the officer, when the approval is noted after the plan was assured', () => {
    const [closed, fx] = send(snapshotIn('submitted (assured, noting awaited)'), E.RECORD_NOTING);
    expect(closed.status).toBe('done');
    expect(closed.context.noting).toEqual({
      meetingDate: '2021-12-09',
      minuteReference: 'HWBB 9 Dec, item 6',
    });
    expect(closed.context.assurance?.outcome).toBe('approved');
    expect(fx).toEqual([CANCEL_NOTING, CASE_CLOSED]);
  });
});
