import request from 'supertest';
import type { StoredLink } from '../libs/audit/audit-chain.service';
import { bcfApiHarness, deadline, reminder } from '../libs/testing/bcf-api-harness.service';

/*
 * A BCF plan taken through the HTTP API as officers and board members would: the seed's dates
 * (submission by Tue 16 Nov 2021, noting by Thu 16 Dec 2021, assurance expected Sun 9 Jan 2022).
 * London is on GMT from November to March, so London times are UTC here. A deadline "by 16 Nov"
 * falls due when 16 Nov ends in London; reminders go at 09:00 so many working days before. The
 * council, the app and the officer's calls are in libs/testing/bcf-api-harness.service.ts; the
 * case list's filters in bcf-case-list.e2e-spec.ts.
 */

describe('a BCF plan through the HTTP API', () => {
  const { app, clock, world, auth, person, openCase, send, read, seen, named } = bcfApiHarness();

  it('takes a plan from opening to closed through a not-approved round and a condition met, recording every step', async () => {
    const OFFICER = named('officer', 'officer', 'Dana Whitlock');
    const CEO = named('chiefExecutive', 'ceo', 'Morgan Hale');
    const AO = named('accountableOfficer', 'ao', 'Priya Natarajan');
    const CHAIR = named('delegatedApprover', 'chair', 'Cllr Alex Rowe');

    // Round 1: opened, agreed in either order, approved under delegation, submitted.
    const opened = await openCase();
    const id = opened.id;
    expect(seen(opened)).toEqual({
      version: 1,
      state: {
        key: 'preSubmission.drafting',
        summary: 'Drafting: the officer prepares the plan and seeks agreement',
        closed: false,
      },
      awaiting: [OFFICER],
      openDeadlines: [
        reminder('submission', '2021-11-09T09:00:00.000Z'),
        reminder('submission', '2021-11-12T09:00:00.000Z'),
        deadline('submission', '2021-11-17T00:00:00.000Z'),
      ],
    });
    expect(opened.roles.delegatedApprover).toMatchObject({
      person: { id: person('chair'), name: 'Cllr Alex Rowe' },
    });

    clock().set('2021-10-04T10:00:00Z');
    const sought = await send(id, 'officer', 'SEEK_AGREEMENT', 1);
    expect(seen(sought)).toMatchObject({
      version: 2,
      state: {
        key: 'preSubmission.agreement.chiefExecutive.awaiting;preSubmission.agreement.accountableOfficer.awaiting',
        summary: 'Awaiting agreement from the Chief Executive and the Accountable Officer',
        closed: false,
      },
      awaiting: [CEO, AO],
      openDeadlines: seen(opened).openDeadlines,
    });

    clock().set('2021-10-06T11:00:00Z');
    const ceoAgreed = await send(id, 'ceo', 'AGREE', 2, { comments: 'Agreed for the council.' });
    expect(seen(ceoAgreed)).toMatchObject({
      version: 3,
      state: { summary: 'Awaiting agreement from the Accountable Officer', closed: false },
      awaiting: [AO],
    });

    clock().set('2021-10-07T11:00:00Z');
    const bothAgreed = await send(id, 'ao', 'AGREE', 3);
    expect(seen(bothAgreed)).toMatchObject({
      version: 4,
      state: {
        key: 'preSubmission.chairApproval',
        summary: 'Awaiting approval by the HWBB chair under delegation',
      },
      awaiting: [CHAIR],
    });

    clock().set('2021-10-20T15:00:00Z');
    const approved = await send(id, 'chair', 'APPROVE', 4, {
      comments: 'Approved under delegation.',
    });
    expect(seen(approved)).toMatchObject({
      version: 5,
      state: {
        key: 'preSubmission.readyToSubmit',
        summary: 'Approved: awaiting submission to the regional BCF team',
      },
      awaiting: [OFFICER],
    });

    clock().set('2021-11-01T10:00:00Z');
    const submitted = await send(id, 'officer', 'RECORD_SUBMISSION', 5, {
      submittedOn: '2021-11-01',
      reference: 'BCF-21-22-R1',
    });
    expect(seen(submitted)).toEqual({
      version: 6,
      state: {
        key: 'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
        summary:
          'Submitted: awaiting the regional assurance outcome; awaiting the HWBB noting the delegated approval',
        closed: false,
      },
      awaiting: [OFFICER],
      // The submission deadline and its reminders are cancelled; noting and assurance are armed.
      openDeadlines: [
        reminder('noting', '2021-12-02T09:00:00.000Z'),
        deadline('noting', '2021-12-17T00:00:00.000Z'),
        deadline('assurance', '2022-01-10T00:00:00.000Z'),
      ],
    });

    // Not approved: back to drafting, round 2, new dates; the submission deadline is armed again.
    clock().set('2021-11-12T10:00:00Z');
    const notApproved = await send(id, 'officer', 'RECORD_ASSURANCE', 6, {
      outcome: 'notApproved',
      receivedOn: '2021-11-12',
      reasons: 'The discharge metrics are not evidenced.',
      resubmitBy: '2021-11-30',
      notingDeadline: '2021-12-16',
      expectedAssuranceDate: '2022-01-09',
    });
    expect(seen(notApproved)).toEqual({
      version: 7,
      state: {
        key: 'preSubmission.drafting',
        summary: 'Drafting: the officer prepares the plan and seeks agreement',
        closed: false,
      },
      awaiting: [OFFICER],
      // Tue 30 Nov: 5 working days before is Tue 23 Nov, 2 before is Fri 26 Nov.
      openDeadlines: [
        reminder('submission', '2021-11-23T09:00:00.000Z'),
        reminder('submission', '2021-11-26T09:00:00.000Z'),
        deadline('submission', '2021-12-01T00:00:00.000Z'),
      ],
    });
    expect(notApproved.dates).toEqual({
      submissionDeadline: '2021-11-30',
      notingDeadline: '2021-12-16',
      expectedAssuranceDate: '2022-01-09',
    });
    expect(notApproved.context).toMatchObject({
      round: 2,
      submission: null,
      assurance: { outcome: 'notApproved', reasons: 'The discharge metrics are not evidenced.' },
    });

    // Round 2: both agree again (the other order), the chair approves, the officer resubmits.
    clock().set('2021-11-15T09:30:00Z');
    const soughtAgain = await send(id, 'officer', 'SEEK_AGREEMENT', 7);
    expect(seen(soughtAgain)).toMatchObject({
      version: 8,
      state: { summary: 'Awaiting agreement from the Chief Executive and the Accountable Officer' },
      awaiting: [CEO, AO],
    });
    clock().set('2021-11-16T09:30:00Z');
    const aoAgain = await send(id, 'ao', 'AGREE', 8);
    expect(seen(aoAgain)).toMatchObject({
      version: 9,
      state: { summary: 'Awaiting agreement from the Chief Executive' },
      awaiting: [CEO],
    });
    const ceoAgain = await send(id, 'ceo', 'AGREE', 9);
    expect(seen(ceoAgain)).toMatchObject({
      version: 10,
      state: { key: 'preSubmission.chairApproval' },
      awaiting: [CHAIR],
    });
    clock().set('2021-11-18T14:00:00Z');
    const approvedAgain = await send(id, 'chair', 'APPROVE', 10);
    expect(seen(approvedAgain)).toMatchObject({
      version: 11,
      state: { key: 'preSubmission.readyToSubmit' },
      awaiting: [OFFICER],
    });
    clock().set('2021-11-22T10:00:00Z');
    const resubmitted = await send(id, 'officer', 'RECORD_SUBMISSION', 11, {
      submittedOn: '2021-11-22',
      reference: 'BCF-21-22-R2',
    });
    expect(seen(resubmitted)).toEqual({
      version: 12,
      state: {
        key: 'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
        summary:
          'Submitted: awaiting the regional assurance outcome; awaiting the HWBB noting the delegated approval',
        closed: false,
      },
      awaiting: [OFFICER],
      openDeadlines: [
        reminder('noting', '2021-12-02T09:00:00.000Z'),
        deadline('noting', '2021-12-17T00:00:00.000Z'),
        deadline('assurance', '2022-01-10T00:00:00.000Z'),
      ],
    });

    // The Board notes the delegated approval; nobody is awaited while assurance is outstanding.
    clock().set('2021-12-09T18:00:00Z');
    const noted = await send(id, 'officer', 'RECORD_NOTING', 12, {
      meetingDate: '2021-12-09',
      minuteReference: 'HWBB 9 Dec 2021, item 6',
    });
    expect(seen(noted)).toEqual({
      version: 13,
      state: {
        key: 'postSubmission.assurance.awaiting;postSubmission.noting.noted',
        summary: 'Submitted: awaiting the regional assurance outcome',
        closed: false,
      },
      awaiting: [],
      openDeadlines: [deadline('assurance', '2022-01-10T00:00:00.000Z')],
    });

    // Approved with one condition: the officer is awaited until it is met.
    clock().set('2022-01-07T12:00:00Z');
    const withConditions = await send(id, 'officer', 'RECORD_ASSURANCE', 13, {
      outcome: 'approvedWithConditions',
      receivedOn: '2022-01-07',
      conditions: ['Confirm the discharge fund split'],
    });
    expect(seen(withConditions)).toEqual({
      version: 14,
      state: {
        key: 'postSubmission.assurance.conditionsOpen;postSubmission.noting.noted',
        summary: 'Submitted: approved with conditions, 1 still to be met',
        closed: false,
      },
      awaiting: [OFFICER],
      openDeadlines: [],
    });
    expect(withConditions.conditions).toEqual([
      { id: 'R2-C1', text: 'Confirm the discharge fund split', metOn: null, evidence: null },
    ]);

    clock().set('2022-01-20T16:00:00Z');
    const closed = await send(id, 'officer', 'MARK_CONDITION_MET', 14, {
      conditionId: 'R2-C1',
      metOn: '2022-01-20',
      evidence: 'Revised split agreed by the Joint Commissioning Board.',
    });
    expect(seen(closed)).toEqual({
      version: 15,
      state: {
        key: 'closed',
        summary: 'Closed: plan assured and delegated approval noted by the HWBB',
        closed: true,
      },
      awaiting: [],
      openDeadlines: [],
    });
    expect(closed.closedAt).toBe('2022-01-20T16:00:00.000Z');
    expect(closed.conditions).toEqual([
      {
        id: 'R2-C1',
        text: 'Confirm the discharge fund split',
        metOn: '2022-01-20',
        evidence: 'Revised split agreed by the Joint Commissioning Board.',
      },
    ]);
    // Reading it again gives the same closed case.
    expect(seen(await read(id))).toEqual(seen(closed));

    // The audit trail: every step, in order, with who acted and under what authority.
    const trail = await request(app().getHttpServer())
      .get(`/api/cases/${id}/audit`)
      .set(auth('officer'))
      .expect(200);
    const records = (trail.body as { records: StoredLink[] }).records;
    const asOfficer = { kind: 'officer', role: 'officer' };
    const asCeo = {
      kind: 'office',
      role: 'chiefExecutive',
      officeId: world().ids.offices.ceo,
      officeTitle: 'Chief Executive, Southampton City Council',
    };
    const asAo = {
      kind: 'office',
      role: 'accountableOfficer',
      officeId: world().ids.offices.ao,
      officeTitle: 'Accountable Officer, NHS Southampton City CCG',
    };
    const asChair = {
      kind: 'delegation',
      role: 'delegatedApprover',
      delegationId: world().ids.delegations.bcfApproval,
      delegatorBody: 'Southampton Health and Wellbeing Board',
      officeTitle: 'Chair, Southampton Health and Wellbeing Board',
      scope: 'bcf-plan-approval',
    };
    const by = (key: string, name: string) => ({ kind: 'person', personId: person(key), name });
    const dana = by('officer', 'Dana Whitlock');
    const morgan = by('ceo', 'Morgan Hale');
    const priya = by('ao', 'Priya Natarajan');
    const alex = by('chair', 'Cllr Alex Rowe');
    expect(
      records.map((r) => ({
        seq: r.seq,
        type: (r.event as { type: string }).type,
        actor: r.actor,
        authority: r.authority,
      })),
    ).toEqual([
      { seq: 1, type: 'CASE_OPENED', actor: dana, authority: asOfficer },
      { seq: 2, type: 'SEEK_AGREEMENT', actor: dana, authority: asOfficer },
      { seq: 3, type: 'AGREE', actor: morgan, authority: asCeo },
      { seq: 4, type: 'AGREE', actor: priya, authority: asAo },
      { seq: 5, type: 'APPROVE', actor: alex, authority: expect.objectContaining(asChair) },
      { seq: 6, type: 'RECORD_SUBMISSION', actor: dana, authority: asOfficer },
      { seq: 7, type: 'RECORD_ASSURANCE', actor: dana, authority: asOfficer },
      { seq: 8, type: 'SEEK_AGREEMENT', actor: dana, authority: asOfficer },
      { seq: 9, type: 'AGREE', actor: priya, authority: asAo },
      { seq: 10, type: 'AGREE', actor: morgan, authority: asCeo },
      { seq: 11, type: 'APPROVE', actor: alex, authority: expect.objectContaining(asChair) },
      { seq: 12, type: 'RECORD_SUBMISSION', actor: dana, authority: asOfficer },
      { seq: 13, type: 'RECORD_NOTING', actor: dana, authority: asOfficer },
      { seq: 14, type: 'RECORD_ASSURANCE', actor: dana, authority: asOfficer },
      { seq: 15, type: 'MARK_CONDITION_MET', actor: dana, authority: asOfficer },
    ]);
    // Each record keeps what was said, when, and the states it moved between.
    expect(records[4]).toMatchObject({
      recordedAt: '2021-10-20T15:00:00.000Z',
      event: { type: 'APPROVE', comments: 'Approved under delegation.' },
      fromState: 'preSubmission.chairApproval',
      toState: 'preSubmission.readyToSubmit',
    });
    expect(records[6]).toMatchObject({
      event: { outcome: 'notApproved', resubmitBy: '2021-11-30' },
      toState: 'preSubmission.drafting',
    });
    expect(records[14]).toMatchObject({
      recordedAt: '2022-01-20T16:00:00.000Z',
      event: { conditionId: 'R2-C1', metOn: '2022-01-20' },
      toState: 'closed',
    });
    expect(records.every((r) => r.caseId === id && r.tenantId === world().tenantId)).toBe(true);

    const verified = await request(app().getHttpServer())
      .get(`/api/cases/${id}/audit/verify`)
      .set(auth('officer'))
      .expect(200);
    expect(verified.body).toEqual({ ok: true, records: 15, headHash: records[14].hash });
  });
});
