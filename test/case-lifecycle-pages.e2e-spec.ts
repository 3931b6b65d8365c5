import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import {
  errorSummary,
  pageText,
  postForm,
  signedInAs,
  staffWorld,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, openBcfCaseBody, withIntegratedCareBoard } from '../libs/testing/world.factory';

/*
 * The officer's lifecycle forms on the case page (ADR 0012): withdraw with a reason and a
 * confirmation, pause and resume, hand a role to someone chosen by name. Governance leads read.
 */
describe('the case page’s lifecycle forms', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-11-01T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function caseAwaitingAgreement(w: BcfWorld): Promise<string> {
    const { caseId } = await app.get(OpenCaseUseCase).open(openBcfCaseBody(w), w.actors.officer);
    await app
      .get(SendEventUseCase)
      .send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
        expectedVersion: 1,
      });
    return caseId;
  }

  it('withdraws a case after a reason and a confirmation, each asked for in an error summary if missing', async () => {
    const w = await staffWorld(db.ds, clock);
    const caseId = await caseAwaitingAgreement(w);
    const officer = await signedInAs(app, w, 'officer');
    const page = await officer.get(`/cases/${caseId}`).expect(200);
    expect(page.text).toContain(`href="/cases/${caseId}/withdraw"`);

    const form = await officer.get(`/cases/${caseId}/withdraw`).expect(200);
    expect(pageText(form.text)).toContain(
      'Morgan Hale (Chief Executive, Southampton City Council)',
    );
    const blank = await postForm(
      officer,
      `/cases/${caseId}/withdraw`,
      { expectedVersion: '2' },
      422,
    );
    expect(errorSummary(blank.text)).toEqual([
      { href: '#reason', text: 'Say why the case is withdrawn' },
      { href: '#confirm', text: 'Confirm that the case is to be withdrawn' },
    ]);
    const unconfirmed = await postForm(
      officer,
      `/cases/${caseId}/withdraw`,
      { expectedVersion: '2', reason: 'Replaced by the joint plan.' },
      422,
    );
    expect(errorSummary(unconfirmed.text)).toEqual([
      { href: '#confirm', text: 'Confirm that the case is to be withdrawn' },
    ]);
    expect(unconfirmed.text).toContain('Replaced by the joint plan.'); // what was typed stays

    const done = await postForm(
      officer,
      `/cases/${caseId}/withdraw`,
      { expectedVersion: '2', reason: 'Replaced by the joint plan.', confirm: 'yes' },
      303,
    );
    expect(done.headers.location).toBe(`/cases/${caseId}?done=withdrawn`);
    const after = pageText((await officer.get(done.headers.location).expect(200)).text);
    expect(after).toContain('The case was withdrawn and the people asked were told');
    expect(after).toContain('Withdrawn on');
    expect(after).toContain('Reason: Replaced by the joint plan.');
    expect(after).not.toContain('Pause the case');
    expect(after).not.toContain('Give to someone else');
  });

  it('pauses and resumes a case; a stale page is refused without changing anything', async () => {
    const w = await staffWorld(db.ds, clock);
    const caseId = await caseAwaitingAgreement(w);
    const officer = await signedInAs(app, w, 'officer');
    const blank = await postForm(officer, `/cases/${caseId}/pause`, { expectedVersion: '2' }, 422);
    expect(errorSummary(blank.text)).toEqual([
      { href: '#reason', text: 'Say why the case is paused' },
    ]);
    const forged = await postForm(
      officer,
      `/cases/${caseId}/pause`,
      { expectedVersion: 'x', reason: 'From elsewhere.' },
      422,
    );
    expect(errorSummary(forged.text)).toEqual([
      { href: '#main-content', text: 'The form has expired. Reload the page and try again.' },
    ]);
    await postForm(
      officer,
      `/cases/${caseId}/pause`,
      { expectedVersion: '2', reason: 'Awaiting legal advice.' },
      303,
    );
    const paused = pageText((await officer.get(`/cases/${caseId}`).expect(200)).text);
    expect(paused).toContain('Paused since');
    expect(paused).toContain('Reason: Awaiting legal advice.');
    expect(paused).toContain('Resume the case');
    expect(paused).not.toContain('Chase: send the open requests again');

    const stale = await postForm(officer, `/cases/${caseId}/resume`, { expectedVersion: '2' }, 409);
    expect(errorSummary(stale.text)[0].text).toBe(
      'This case was changed after you opened this page, so nothing was recorded: check it as it is now, then make your change again.',
    );
    await postForm(officer, `/cases/${caseId}/resume`, { expectedVersion: '3' }, 303);
    const resumed = pageText((await officer.get(`/cases/${caseId}?done=resumed`).expect(200)).text);
    expect(resumed).toContain('The case was resumed');
    expect(resumed).toContain('Pause the case');
  });

  it('gives a role to someone chosen by title and name, never an id to type', async () => {
    const w = await staffWorld(db.ds, clock);
    const caseId = await caseAwaitingAgreement(w);
    const officer = await signedInAs(app, w, 'officer');
    const form = await officer
      .get(`/cases/${caseId}/roles/accountableOfficer/reassign`)
      .expect(200);
    expect(pageText(form.text)).toContain(
      'Deputy Accountable Officer, NHS Southampton City CCG (Dr Sam Okafor)',
    );
    expect(form.text).not.toMatch(/<input[^>]*type="text"[^>]*name="holderId"/);
    const none = await postForm(
      officer,
      `/cases/${caseId}/roles/accountableOfficer/reassign`,
      { expectedVersion: '2' },
      422,
    );
    expect(errorSummary(none.text)).toEqual([
      { href: '#holderId', text: 'Choose who takes the role' },
    ]);
    await postForm(
      officer,
      `/cases/${caseId}/roles/accountableOfficer/reassign`,
      { expectedVersion: '2', holderId: w.ids.offices.deputyAo },
      303,
    );
    const page = pageText((await officer.get(`/cases/${caseId}?done=reassigned`).expect(200)).text);
    expect(page).toContain('The role was given to its new holder');
    expect(page).toContain('Dr Sam Okafor (Deputy Accountable Officer, NHS Southampton City CCG)');
    await officer.get(`/cases/${caseId}/roles/treasurer/reassign`).expect(404);
  });

  it('puts a rule’s refusal of the holder chosen against the field, keeping the choice and recording nothing', async () => {
    const w = await staffWorld(db.ds, clock, { tweak: withIntegratedCareBoard });
    // Version 2: the Accountable Officer is the Integrated Care Board's Chief Executive.
    const { caseId } = await app.get(OpenCaseUseCase).open(
      openBcfCaseBody(w, {
        templateVersion: 2,
        roles: { ...w.roles, accountableOfficer: w.ids.offices.icbChiefExecutive },
      }),
      w.actors.officer,
    );
    const officer = await signedInAs(app, w, 'officer');
    const refused = await postForm(
      officer,
      `/cases/${caseId}/roles/accountableOfficer/reassign`,
      { expectedVersion: '1', holderId: w.ids.offices.deputyAo },
      422,
    );
    const [first] = errorSummary(refused.text);
    // The rule's refusal in its one shape, linked to the holder chosen.
    expect(first).toEqual({
      href: '#holderId',
      text: expect.stringMatching(
        /^The rule “This role is held for an integrated care board” refuses this: .*an office of an Integrated Care Board.* Nothing was recorded: .+\.$/,
      ),
    });
    expect(refused.text).toMatch(
      new RegExp(
        `value="${w.ids.offices.deputyAo}"[^>]*checked|checked[^>]*value="${w.ids.offices.deputyAo}"`,
      ),
    );
    const [events]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'ROLE_REASSIGNED'`,
      [caseId],
    );
    expect(events.n).toBe(0);
  });

  it('lets a governance lead read the case but not withdraw, pause or reassign', async () => {
    const w = await staffWorld(db.ds, clock);
    const caseId = await caseAwaitingAgreement(w);
    const lead = await signedInAs(app, w, 'governanceLead');
    const page = (await lead.get(`/cases/${caseId}`).expect(200)).text;
    expect(page).not.toContain(`/cases/${caseId}/withdraw`);
    expect(page).not.toContain('Give to someone else');
    await lead.get(`/cases/${caseId}/withdraw`).expect(403);
    const refused = await request(app.getHttpServer()).get(`/cases/${caseId}/pause`).expect(303);
    expect(refused.headers.location).toContain('/sign-in');
  });
});
