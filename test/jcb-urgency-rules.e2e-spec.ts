import type { INestApplication } from '@nestjs/common';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { currentVersion } from '../libs/workflows/template.registry';
import type { HttpCases } from '../libs/testing/http-cases.service';
import { type JcbWorld } from '../libs/testing/jcb-world.factory';
import {
  type JcbUrgency,
  jcbUrgencyHarness,
  URGENCY_MEETING as MEETING,
  URGENCY_PUBLISHED as PUBLISHED,
  URGENCY_REASON as REASON,
} from '../libs/testing/jcb-urgency-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import request from 'supertest';

/*
 * Version 2 of the JCB delegated decision's urgency exemption from call-in: who may agree it (not the
 * decision maker), the dates it and the publication may bear, cases on version 1 keeping version 1,
 * and the new-case form asking for the urgency approver.
 */
describe('JCB delegated decision, version 2: who may agree urgency, when, and on which version', () => {
  const u = jcbUrgencyHarness();
  const { open, decided, refusedWith } = u;
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: JcbUrgency['clock'];
  beforeAll(() => ({ db, world, app, cases, clock } = u.ready()));

  it('refuses an exemption by the decision maker, even when the case names their office as the urgency approver', async () => {
    const c = await decided({
      roles: { ...world.jcbRoles, urgencyApprover: world.ids.offices.cabinetHealth },
    });
    const r = await refusedWith(
      c,
      'cab1',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(r.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_APPROVED_BY_DECISION_MAKER: Cllr Ada Fox takes this decision/,
      ),
    ]);
  });

  it('refuses an urgency agreement dated after today, or before the proposal was on the forward plan', async () => {
    const c = await decided();
    for (const [agreedOn, code] of [
      ['2025-09-05', 'URGENCY_AGREED_IN_THE_FUTURE'],
      ['2019-01-01', 'URGENCY_AGREED_BEFORE_NOTICE'],
    ]) {
      const r = await refusedWith(
        c,
        'scrutinyChair',
        'EXEMPT_FROM_CALL_IN',
        { agreedOn, reason: REASON },
        422,
      );
      expect(r.messages).toEqual([expect.stringMatching(new RegExp(`^${code}: `))]);
    }
  });

  it('refuses a publication dated before the urgency was agreed', async () => {
    let c = await decided();
    clock.set('2025-09-08T09:00:00Z');
    c = await cases.act(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: '2025-09-08',
      reason: REASON,
    });
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    const early = await refusedWith(
      c,
      'officer',
      'RECORD_PUBLICATION',
      { publishedOn: PUBLISHED },
      422,
    );
    expect(early.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_AGREED_AFTER_PUBLICATION: the urgency was agreed Mon 8 Sep 2025, after the decision was published on Fri 5 Sep 2025/,
      ),
    ]);
  });

  it('keeps a case opened on version 1 on version 1, which has no urgency exemption', async () => {
    const v1 = await open({
      templateVersion: 1,
      roles: {
        decisionMaker: world.jcbRoles.decisionMaker,
        properOfficer: world.jcbRoles.properOfficer,
      },
    });
    expect(v1.template.version).toBe(1);
    const r = await refusedWith(
      v1,
      'scrutinyChair',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(r.code).toBe('UNKNOWN_EVENT');
  });

  it('asks for the urgency approver on the new-case form and opens the case on the newest version', async () => {
    const password = 'urgency-officer-pass-1';
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password,
      at: clock.now(),
    });
    const email = world.emailOf('officer');
    const officer = request.agent(app.getHttpServer());
    expect((await postSignIn(officer, { email, password })).status).toBe(303);
    const form = await officer.get('/cases/new/jcb-delegated-decision').expect(200);
    const newest = currentVersion('jcb-delegated-decision')!;
    expect(form.text).toContain(`version ${newest}`);
    expect(form.text).toContain('Scrutiny chair who may agree urgency');
    expect(form.text).toContain('Chair, Health Overview and Scrutiny Panel');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    clock.set('2025-08-01T09:00:00Z');
    const created = await officer
      .post('/cases/new/jcb-delegated-decision')
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Opened from the form',
        // The meeting date as people type it, in one box: day/month/year.
        'dates-meetingDate-day': MEETING.split('-').reverse().join('/'),
        'role.decisionMaker': world.jcbRoles.decisionMaker,
        'role.properOfficer': world.jcbRoles.properOfficer,
        'role.urgencyApprover': world.jcbRoles.urgencyApprover,
        'role.leader': world.jcbV7Roles.leader,
        'role.partnerChair': world.jcbV7Roles.partnerChair,
      })
      .expect(303);
    const caseId = /\/cases\/([0-9a-f-]{36})$/.exec(created.headers.location)?.[1];
    expect(caseId).toBeDefined();
    const view = await cases.read(caseId!);
    expect(view.template.version).toBe(newest);
    expect(view.title).toBe('Opened from the form');
  });
});
