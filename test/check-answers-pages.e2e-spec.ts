import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { jcbHands, jcbMeetingFacts } from '../libs/testing/jcb-world.factory';
import {
  buildOfficerDecisionWorld,
  type OfficerDecisionWorld,
} from '../libs/testing/officer-decision-world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';
import { errorSummary, pageText, postForm } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * GOV.UK "check your answers" before the officer's irreversible steps (issue #12): drafting the
 * decision for the decision maker and recording a publication show the answers in words first and
 * record nothing until confirmed; "Change your answers" brings the form back as typed; a draft that
 * would replace one already with the decision maker is refused unless the replacement is confirmed,
 * and the check page warns again.
 */
const MEETING = '2025-09-04';
const DRAFT = {
  decision: 'Award the integrated carers support contract to Carers Together CIC',
  reasons: 'Best quality and price in the tender; supported by both partners',
  alternativesRejected: 'Extend the current contracts\r\nBring the service in house',
  amount: '£1,500,000',
  actingAs: 'cabinetMember',
};

describe('check your answers before an irreversible step', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let officer: request.Agent;
  let clock: ReturnType<typeof engineHarness>['clock'];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keyOf(who),
    );
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-password-1',
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function signIn(): Promise<request.Agent> {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: 'officer-password-1',
    });
    expect(res.status).toBe(303);
    return agent;
  }

  async function jcbReadyToDraft(): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    // Version 5, whose notices take a typed forward plan day (version 6's come from the plan).
    let c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 5,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
    });
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: 'Integrated carers support service contract',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    const meeting = jcbMeetingFacts(world, MEETING);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    return cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands: jcbHands(world) });
  }

  const draftPath = (c: CaseView) => `/cases/${c.id}/events/DRAFT_DECISION`;
  const version = async (c: CaseView) => (await cases.read(c.id)).version;

  it('shows the draft in words and records it only when confirmed', async () => {
    const c = await jcbReadyToDraft();
    officer = await signIn();
    const fields = { ...DRAFT, expectedVersion: String(c.version) };
    const check = await postForm(officer, draftPath(c), fields, 200);
    const text = pageText(check.text);
    expect(text).toContain('Check your answers');
    expect(text).toContain(DRAFT.decision);
    expect(text).toContain('Extend the current contracts Bring the service in house');
    expect(text).toContain('£1,500,000');
    expect(text).toContain('A Cabinet member');
    expect(text).toContain('Confirm and draft the decision');
    expect(await version(c)).toBe(c.version);

    // Change your answers: the case page's form again, with what was typed.
    const change = await postForm(officer, draftPath(c), { ...fields, change: 'yes' }, 200);
    expect(change.text).toContain('id="form-DRAFT_DECISION"');
    expect(change.text).toContain(DRAFT.decision);
    expect(errorSummary(change.text)).toEqual([]);
    expect(await version(c)).toBe(c.version);

    const done = await postForm(officer, draftPath(c), { ...fields, checked: 'yes' }, 303);
    expect(done.headers.location).toBe(`/cases/${c.id}?done=DRAFT_DECISION`);
    expect(await version(c)).toBeGreaterThan(c.version);
  });

  it('asks before replacing a draft, and warns again on the check page', async () => {
    const c0 = await jcbReadyToDraft();
    officer = await signIn();
    await postForm(
      officer,
      draftPath(c0),
      { ...DRAFT, expectedVersion: String(c0.version), checked: 'yes' },
      303,
    );
    const c = await cases.read(c0.id);
    const again = {
      ...DRAFT,
      decision: 'Award it for two years only',
      expectedVersion: String(c.version),
    };
    const refused = await postForm(officer, draftPath(c), again, 422);
    expect(errorSummary(refused.text).map((e) => e.text)).toEqual([
      'Confirm: replace the draft and email the decision maker again',
    ]);
    const check = await postForm(officer, draftPath(c), { ...again, confirmReplace: 'yes' }, 200);
    expect(pageText(check.text)).toContain(
      'A drafted decision is already with the decision maker. Recording this draft replaces it',
    );
    expect(check.text).toContain('name="confirmReplace" value="yes"');
    expect(await version(c)).toBe(c.version);
    await postForm(officer, draftPath(c), { ...again, confirmReplace: 'yes', checked: 'yes' }, 303);
    expect((await cases.read(c.id)).context).toMatchObject({
      draft: { decision: 'Award it for two years only' },
    });
  });

  it('shows an officer decision’s publication date in words before recording it', async () => {
    clock.set('2025-09-01T09:00:00Z');
    let c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: 'Lease of the Bargate clinic',
      dates: { decisionDue: '2025-09-08' },
      roles: world.officerDecisionRoles,
    });
    c = await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
      summary: 'Lease of the Bargate clinic',
      keyDecision: false,
      documents: ['Report of the Director of Public Health'],
      exemptReasons: null,
      representations: 'Write to democratic.services@example.org',
    });
    clock.set('2025-09-08T10:00:00Z');
    c = await cases.act(c, 'director', 'RECORD_DECISION', {
      decision: 'Agree the lease',
      decidedOn: '2025-09-08',
      reasons: 'The lease ends in March',
      alternativesRejected: ['Renew the lease for five years'],
      backgroundPapers: ['Valuation report, July 2025'],
    });
    officer = await signIn();
    const path = `/cases/${c.id}/events/RECORD_PUBLICATION`;
    const fields = {
      'publishedOn-day': '8',
      'publishedOn-month': '9',
      'publishedOn-year': '2025',
      expectedVersion: String(c.version),
    };
    const check = await postForm(officer, path, fields, 200);
    expect(pageText(check.text)).toContain('Monday 8 September 2025');
    expect(pageText(check.text)).toContain('Confirm and record the publication');
    expect(await version(c)).toBe(c.version);
    await postForm(officer, path, { ...fields, checked: 'yes' }, 303);
    expect((await cases.read(c.id)).version).toBeGreaterThan(c.version);
  });
});
