import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { whenInWords } from '../apps/api/pages/forms/words.service';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { PersonalDataRetentionUseCase } from '../libs/documents/personal-data-retention.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { closedBcfCase } from '../libs/testing/closed-case.factory';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../libs/testing/world.factory';

/*
 * A legal hold on one case's personal data (docs/adr/0020): placed and released with a reason, on
 * /admin/retention/holds and through the API, each on the case's audit chain; while it is in force
 * retention neither lists nor disposes of the case's personal data, even when confirmed.
 */
describe('a legal hold on a case’s personal data', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A BCF case whose requests were opened from a browser, closed seven years ago. */
  const closedCase = async (world: BcfWorld) =>
    (
      await closedBcfCase(app, db.ds, h.clock, world, {
        yearsAgo: 7,
        userAgent: 'Mozilla/5.0 (iPhone) held',
      })
    ).caseId;

  const events = async (caseId: string) =>
    (
      (await db.ds.query('SELECT event, actor FROM audit_records WHERE case_id = $1 ORDER BY seq', [
        caseId,
      ])) as { event: Record<string, unknown>; actor: Record<string, unknown> }[]
    ).slice(-1)[0];

  it('is placed on the page with a reason, keeps the case’s personal data from disposal even when confirmed, and is on the chain', async () => {
    const world = await buildBcfWorld(db.ds);
    const caseId = await closedCase(world);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'administrator',
      password: 'admin-pass-1',
      at: h.clock.now(),
    });
    const admin = request.agent(app.getHttpServer());
    await postSignIn(admin, { email: world.emailOf('ceo'), password: 'admin-pass-1' });
    const retention = app.get(PersonalDataRetentionUseCase);
    const key = `${caseId}:linkEvidence`;
    expect((await retention.due(world.tenantId)).map((d) => d.key)).toContain(key);

    const page = await admin.get('/admin/retention/holds').expect(200);
    expect(page.text).toContain('No case’s personal data is held.');
    expect(page.text).toContain('Better Care Fund plan');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];

    // No reason: refused, in the error summary linked to its field, the case chosen kept.
    const refused = await admin
      .post('/admin/retention/holds')
      .type('form')
      .send({ _csrf: csrf, caseId, reason: '   ' })
      .expect(422);
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toMatch(
      /href="#reason"[^>]*>Say why the personal data of the case is held/,
    );
    expect(refused.text).toContain(`value="${caseId}" selected`);
    expect(await events(caseId)).toMatchObject({ event: { type: 'SEEK_AGREEMENT' } });

    await admin
      .post('/admin/retention/holds')
      .type('form')
      .send({ _csrf: csrf, caseId, reason: 'Judicial review claim CO/1234/2028' })
      .expect(303);
    const held = await admin.get('/admin/retention/holds?done=held').expect(200);
    expect(held.text).toContain('Judicial review claim CO/1234/2028');
    expect(held.text).toContain('1 case held');
    // Held again from the page: the rule's refusal in its one shape, linked to the case chosen.
    const twice = await admin
      .post('/admin/retention/holds')
      .type('form')
      .send({ _csrf: csrf, caseId, reason: 'A second claim' })
      .expect(422);
    expect(twice.text).toMatch(
      /href="#caseId"[^>]*>The rule “A case’s personal data is held once” refuses this: a case’s personal data is held by one hold at a time, with its reason\. [^<]*Nothing was recorded: the hold in force stays as it is; choose another case to hold\.</,
    );
    expect(twice.text).toContain('A second claim');
    expect(await events(caseId)).toMatchObject({
      event: { type: 'PERSONAL_DATA_HOLD_PLACED', reason: 'Judicial review claim CO/1234/2028' },
      actor: { personId: world.ids.people.ceo },
    });

    // The case page says so, with why, who and when, and links the holds page for those allowed.
    const casePage = (await admin.get(`/cases/${caseId}`).expect(200)).text;
    expect(casePage).toContain('Personal data held');
    expect(casePage).toContain('Reason: Judicial review claim CO/1234/2028');
    const ceo = world.actorOf('ceo');
    const ceoName = ceo.kind === 'person' ? ceo.person.name : 'the chief executive';
    expect(casePage).toContain(`Held by ${ceoName} on ${whenInWords(h.clock.now())}`);
    expect(casePage).toContain('href="/admin/retention/holds"');
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: h.clock.now(),
    });
    const officer = request.agent(app.getHttpServer());
    await postSignIn(officer, { email: world.emailOf('officer'), password: 'officer-pass-1' });
    const officerSees = (await officer.get(`/cases/${caseId}`).expect(200)).text;
    expect(officerSees).toContain('Reason: Judicial review claim CO/1234/2028');
    expect(officerSees).not.toContain('href="/admin/retention/holds"');

    // Held: not listed, and not disposed of even when its (stale) key is confirmed.
    expect((await retention.due(world.tenantId)).map((d) => d.key)).not.toContain(key);
    const [person] = await db.ds.query('SELECT id, name FROM people WHERE id = $1', [
      world.ids.people.ceo,
    ]);
    expect(
      await retention.dispose(world.tenantId, [key], {
        kind: 'person',
        tenantId: world.tenantId,
        person,
      }),
    ).toBe(0);
    const [views]: { kept: number }[] = await db.ds.query(
      `SELECT count(*) FILTER (WHERE v.user_agent IS NOT NULL)::int AS kept
         FROM action_link_views v JOIN action_links l ON l.id = v.link_id WHERE l.case_id = $1`,
      [caseId],
    );
    expect(views.kept).toBe(1);

    // Released on its page with a reason: due again, and the release on the chain.
    const releasePage = await admin.get(`/admin/retention/holds/${caseId}/release`).expect(200);
    await admin
      .post(`/admin/retention/holds/${caseId}/release`)
      .type('form')
      .send({ _csrf: csrf, reason: 'The claim was withdrawn' })
      .expect(303);
    expect(releasePage.text).toContain('Judicial review claim CO/1234/2028');
    expect(await events(caseId)).toMatchObject({
      event: {
        type: 'PERSONAL_DATA_HOLD_RELEASED',
        reason: 'The claim was withdrawn',
        heldFor: 'Judicial review claim CO/1234/2028',
      },
    });
    expect((await retention.due(world.tenantId)).map((d) => d.key)).toContain(key);
    await admin.get(`/admin/retention/holds/${caseId}/release`).expect(404);
    expect((await officer.get(`/cases/${caseId}`).expect(200)).text).not.toContain(
      'Personal data held',
    );
    expect((await app.get(VerifyAuditUseCase).verifyCase(world.tenantId, caseId)).ok).toBe(true);
  });

  it('is placed and released through the API by a governance lead, refused to others and twice over', async () => {
    const world = await buildBcfWorld(db.ds);
    const caseId = await closedCase(world);
    const server = app.getHttpServer();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const hold = `/api/cases/${caseId}/personal-data-hold`;

    // The officer's key, without a governance lead's or administrator's account: refused.
    const refused = await request(server)
      .post(hold)
      .set(auth)
      .send({ reason: 'A claim' })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'NOT_AUTHORISED' });

    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'governance_lead',
      password: 'lead-pass-1',
      at: h.clock.now(),
    });
    expect((await request(server).get(hold).set(auth).expect(200)).body).toEqual({
      held: false,
      hold: null,
    });
    const noReason = await request(server).post(hold).set(auth).send({}).expect(422);
    expect(noReason.body).toMatchObject({ code: 'INVALID_INPUT' });
    const placed = await request(server)
      .post(hold)
      .set(auth)
      .send({ reason: 'Information Commissioner inquiry' })
      .expect(200);
    expect(placed.body).toMatchObject({
      held: true,
      hold: { reason: 'Information Commissioner inquiry', heldAt: h.clock.now().toISOString() },
    });
    const twice = await request(server)
      .post(hold)
      .set(auth)
      .send({ reason: 'Another' })
      .expect(422);
    expect(twice.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'PERSONAL_DATA_ALREADY_HELD',
    });
    expect(await events(caseId)).toMatchObject({
      event: { type: 'PERSONAL_DATA_HOLD_PLACED', reason: 'Information Commissioner inquiry' },
    });

    await request(server)
      .post(`${hold}/release`)
      .set(auth)
      .send({ reason: 'Inquiry closed' })
      .expect(200);
    const again = await request(server)
      .post(`${hold}/release`)
      .set(auth)
      .send({ reason: 'Inquiry closed' })
      .expect(422);
    expect(again.body).toMatchObject({ rule: 'PERSONAL_DATA_NOT_HELD' });
    expect(await events(caseId)).toMatchObject({
      event: { type: 'PERSONAL_DATA_HOLD_RELEASED', reason: 'Inquiry closed' },
    });
    expect((await app.get(VerifyAuditUseCase).verifyCase(world.tenantId, caseId)).ok).toBe(true);
  });
});
