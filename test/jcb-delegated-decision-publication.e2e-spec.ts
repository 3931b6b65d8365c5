import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import type { Actor } from '../libs/core/actor.dto';
import type { BcfWorld } from '../libs/testing/world.factory';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import {
  JCB_V1_MEETING as MEETING,
  type JcbV1Journey,
  jcbV1JourneyHarness,
} from '../libs/testing/jcb-v1-journey-harness.service';

/*
 * Version 1 of the JCB delegated decision once decided: the publication and call-in dates it
 * refuses, the reg 12 Decision Notice, the public register and its CSV export.
 */
describe('JCB delegated decision, published: dates, Decision Notice and register', () => {
  const j = jcbV1JourneyHarness();
  const { meeting, allFor, decision, send, openCase, toShowOfHands, publish } = j;
  let db: TestDatabase;
  let world: BcfWorld;
  let h: JcbV1Journey['h'];
  let app: INestApplication;
  let actors: Record<string, Actor>;
  beforeAll(() => ({ db, world, h, app, actors } = j.ready()));

  it('refuses a publication or call-in that could not have happened, naming its rule, over HTTP', async () => {
    const caseId = await openCase('Impossible dates');
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    h.clock.set('2025-09-05T09:00:00Z');
    const post = async (type: string, payload: object) => {
      const { version } = await h.views.get(world.tenantId, caseId);
      return request(app.getHttpServer())
        .post(`/api/cases/${caseId}/events`)
        .set({ Authorization: `Bearer ${world.keys.officer}` })
        .send({ type, expectedVersion: version, payload });
    };
    const tomorrow = await post('RECORD_PUBLICATION', { publishedOn: '2025-09-06' });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RECORDED_DATE_IN_THE_FUTURE',
      explanation: [
        'the publication of the Decision Notice is dated Sat 6 Sep 2025, after today, Fri 5 Sep 2025 (London)',
        expect.any(String),
      ],
    });
    const beforeDecision = await post('RECORD_PUBLICATION', { publishedOn: '2025-09-03' });
    expect(beforeDecision.status).toBe(422);
    expect(beforeDecision.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RECORDED_DATE_BEFORE_ITS_STEP',
      explanation: [
        'the publication of the Decision Notice is dated Wed 3 Sep 2025, before the decision on Thu 4 Sep 2025',
        expect.any(String),
      ],
    });
    expect((await post('RECORD_PUBLICATION', { publishedOn: '2025-09-05' })).status).toBe(200);
    // The call-in period ends Fri 12 Sep 2025; a call-in recorded later, dated after it.
    h.clock.set('2025-09-15T09:00:00Z');
    const late = await post('CALL_IN', {
      calledInOn: '2025-09-15',
      calledInBy: 'Cllr Gray',
      reasons: 'Too late',
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CALL_IN_OUT_OF_TIME',
      explanation: [
        'the call-in is dated Mon 15 Sep 2025, after the last day of the call-in period on Fri 12 Sep 2025',
        expect.any(String),
      ],
    });
    const early = await post('CALL_IN', {
      calledInOn: '2025-09-04',
      calledInBy: 'Cllr Gray',
      reasons: 'Too early',
    });
    expect(early.body).toMatchObject({ rule: 'CALL_IN_BEFORE_PUBLICATION' });
    // A call-in within its period, recorded late, is taken.
    expect(
      (
        await post('CALL_IN', {
          calledInOn: '2025-09-12',
          calledInBy: 'Cllr Gray',
          reasons: 'In time',
        })
      ).status,
    ).toBe(200);
  });

  it('serves the reg 12 Decision Notice as JSON and as a printable page', async () => {
    // A case decided, published and past its call-in period without call-in.
    const journeyCase = await openCase();
    await publish(journeyCase);
    h.clock.set('2025-09-12T23:30:00Z');
    await h.sweep.sweep();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${journeyCase}/decision-notice`)
      .set(auth)
      .expect(200);
    expect(res.body).toMatchObject({
      decision: 'Award the integrated carers support contract to Carers Together CIC',
      decidedOn: MEETING,
      reasons: 'Best quality and price in the tender; supported by both partners',
      alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
      interests: [],
      keyDecision: true,
      decisionMaker: { name: 'Cllr Ada Fox' },
      properOfficer: { name: 'Gail Price' },
      publishedOn: '2025-09-05',
      callIn: { status: 'the call-in period passed without call-in' },
      implementableFrom: '2025-09-15',
      rulesVersion: 'rules as at version 1 of the jcb-delegated-decision workflow',
    });
    expect(res.body.decisionMaker.authority).toContain('may be decided under this delegation');

    const page = await request(app.getHttpServer())
      .get(`/api/cases/${journeyCase}/decision-notice.html`)
      .set(auth)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const words of [
      'Decision Notice',
      'Award the integrated carers support contract',
      'Alternatives considered and rejected',
      'Authority acted under',
      'Key decision',
      'Implementable from',
      'Monday 15 September 2025',
      'How it was counted:',
      'No interests were declared.',
      'Joint Commissioning Board: decision under delegation, rules as at version 1',
    ])
      expect(page.text).toContain(words);
    expect(page.text).not.toContain('jcb-delegated-decision workflow');
    // A notice for the public gives its dates in words, never as the database keeps them.
    expect(page.text).not.toMatch(/>\s*\d{4}-\d{2}-\d{2}/);
  });

  it('answers 409 for a case that has not reached a decision', async () => {
    const caseId = await openCase();
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/decision-notice`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .expect(409);
    expect(res.body.code).toBe('EVENT_NOT_ALLOWED');
  });

  it('publishes notices in the public register, without sign-in, and never shows a Part 2 item’s content', async () => {
    const open = await openCase('Carers contract');
    await publish(open);
    const exempt = await openCase('Care home block purchase');
    await publish(exempt, {
      itemTitle: 'Care home block purchase: commercial terms',
      privateItem: {
        noticePublishedOn: '2025-07-01',
        reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
      },
    });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );

    const list = await request(app.getHttpServer()).get(`/register/${slug}`).expect(200);
    expect(list.text).toContain('Integrated carers support service contract');
    expect(list.text).toContain('Withheld: exempt information (Part 2)');
    expect(list.text).not.toContain('commercial terms');

    const page = await request(app.getHttpServer()).get(`/register/${slug}/${open}`).expect(200);
    expect(page.text).toContain(
      'Award the integrated carers support contract to Carers Together CIC',
    );
    // The rules it was decided under by the workflow's title, not the template's key.
    expect(page.text).toContain(
      'Joint Commissioning Board: decision under delegation, rules as at',
    );
    expect(page.text).not.toContain('jcb-delegated-decision');
    const hidden = await request(app.getHttpServer())
      .get(`/register/${slug}/${exempt}`)
      .expect(200);
    expect(hidden.text).toContain('Schedule 12A para 3');
    expect(hidden.text).not.toContain('Carers Together');
    expect(hidden.text).not.toContain('commercial terms');

    const filtered = await request(app.getHttpServer())
      .get(`/register/${slug}?keyDecision=no`)
      .expect(200);
    expect(filtered.text).toContain('0 decisions');
    await request(app.getHttpServer()).get(`/register/${slug}?from=yesterday`).expect(422);
    await request(app.getHttpServer()).get(`/register/no-such-council`).expect(404);
  });

  it('exports the register as CSV for the governance lead only', async () => {
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.governanceLead,
      role: 'governance_lead',
      password: 'lead-pass-2',
      at: h.clock.now(),
    });
    const lead = request.agent(app.getHttpServer());
    const email = world.emailOf('governanceLead');
    expect((await postSignIn(lead, { email, password: 'lead-pass-2' })).status).toBe(303);
    const csv = await lead.get('/cases/register.csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'case,reference,item,decision,decided on,decision maker,acting as,key decision,published on,call-in,implementable from,exempt',
    );
    expect(lines.length).toBeGreaterThan(1);
    await request(app.getHttpServer()).get('/cases/register.csv').expect(303);
  });
});
