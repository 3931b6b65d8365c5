import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_API_KEYS, DEMO_PLAN_DOCUMENT, seedDemo } from '../libs/demo/demo-seed.service';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../libs/core/clock.service';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { binaryBody } from '../libs/testing/binary-response.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';
import { currentVersion } from '../libs/workflows/template.registry';

/** README's API walk: each `event <key> '<body>'` line, body as written (with '$TODAY' and '$COND'). */
function readmeWalk(): { key: string; body: string }[] {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/^event (\S+)\s+'(.*)'$/gm)].map((m) => ({ key: m[1], body: m[2] }));
}

/** README's promise: the demo case can be walked to closed through the API by following it. */
describe('the demo', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('seeds once, with the BCF case awaiting the Chief Executive with its plan to read, and walks to closed as README shows', async () => {
    await expect(seedDemo(db.ds, clock, app.get(DemoSeedProviders))).resolves.toBe(true);
    await expect(seedDemo(db.ds, clock, app.get(DemoSeedProviders))).resolves.toBe(false);
    const api = (key: string) => ({ Authorization: `Bearer ${key}` });
    const list = await request(app.getHttpServer())
      .get('/api/cases')
      .set(api(DEMO_API_KEYS.officer))
      .expect(200);
    const templates = (list.body.items as { template: { id: string } }[]).map((x) => x.template.id);
    expect(templates.sort()).toEqual([
      'bcf-delegated-sign-off',
      // The contract award awaiting today's meeting, and a matter in dispute (ToR 9.1).
      'jcb-delegated-decision',
      'jcb-delegated-decision',
      'officer-delegated-decision',
      'officer-delegated-decision',
    ]);
    const c = list.body.items.find(
      (x: { template: { id: string } }) => x.template.id === 'bcf-delegated-sign-off',
    );
    expect(c.version).toBe(4);
    // The demo's cases open as new cases do: on the current version, read from the registry.
    expect(c.template.version).toBe(currentVersion('bcf-delegated-sign-off'));
    expect(c.state.summary).toBe('Awaiting agreement from the council’s Chief Executive');
    // The plan its request asks the Chief Executive to read: attached, a PDF, and named by the
    // request's link, whose page reads it as it was stored.
    const docs = await request(app.getHttpServer())
      .get(`/api/cases/${c.id}/documents`)
      .set(api(DEMO_API_KEYS.officer))
      .expect(200);
    const listed = docs.body.documents as {
      name: string;
      kind: string;
      mediaType: string;
      sha256: string;
      version: number;
    }[];
    expect(listed.map((d) => [d.name, d.kind, d.mediaType, d.version])).toEqual([
      [DEMO_PLAN_DOCUMENT, 'plan', 'application/pdf', 1],
    ]);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT l.id FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 AND l.status = 'open' AND p.email = 'morgan.hale@example.org'`,
      [c.id],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const asked = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    expect(asked.text).toContain(`href="/act/${token}/documents/1"`);
    expect(asked.text).not.toContain('No documents are attached');
    const plan = await request(app.getHttpServer())
      .get(`/act/${token}/documents/1`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(plan.headers['content-type']).toBe('application/pdf');
    expect((plan.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(
      createHash('sha256')
        .update(plan.body as Buffer)
        .digest('hex'),
    ).toBe(listed[0].sha256);
    // The walk exactly as README shows it, run on the test clock's day: each `event` line's key
    // and body, with $TODAY, $DUE (four weeks ahead) and $COND as the shell would fill them.
    const today = londonDate(clock.now());
    const keyOf: Record<string, string> = {
      'demo-officer-key': DEMO_API_KEYS.officer,
      'demo-chief-executive-key': DEMO_API_KEYS.chiefExecutive,
      'demo-hwbb-chair-key': DEMO_API_KEYS.chair,
    };
    const walk = readmeWalk();
    expect(walk.map((w) => JSON.parse(w.body.replace(/'\$\w+'/g, 'x')).type)).toEqual([
      'AGREE',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_NOTING',
      'RECORD_ASSURANCE',
      'MARK_CONDITION_MET',
    ]);
    let body: { version: number; conditions?: { id: string }[]; state: { closed: boolean } } = c;
    for (const step of walk) {
      const event = JSON.parse(
        step.body
          .replaceAll("'$TODAY'", today)
          .replaceAll("'$DUE'", addDays(today, 28))
          .replaceAll("'$COND'", body.conditions?.[0]?.id ?? ''),
      );
      const res = await request(app.getHttpServer())
        .post(`/api/cases/${c.id}/events`)
        .set(api(keyOf[step.key]))
        .send(event);
      expect({ type: event.type, status: res.status, detail: res.body.detail }).toEqual({
        type: event.type,
        status: 200,
        detail: undefined,
      });
      body = res.body;
    }
    expect(body.state.closed).toBe(true);
    const verify = await request(app.getHttpServer())
      .get(`/api/cases/${c.id}/audit/verify`)
      .set(api(DEMO_API_KEYS.officer))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, records: 10 });
  });

  it('has the JCB meeting today with its six members and its agenda published, whose show of hands moves the contract award case on today', async () => {
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    const api = () => ({ Authorization: `Bearer ${DEMO_API_KEYS.officer}` });
    const { body } = await request(app.getHttpServer()).get('/api/meetings').set(api()).expect(200);
    const titles = (body.items as { title: string; meetingDate: string }[]).map((m) => m.title);
    // The JCB today, and the HWBB's: the meeting whose minutes it approves today, today's, and one
    // ahead; Cabinet's and Full Council's two each, on which a grant is voted (demo-grant.e2e-spec).
    // The JCB's and the HWBB's two each on which the BCF reports are taken (demo-bcf-report.e2e-spec).
    expect(titles).toHaveLength(12);
    expect(titles.filter((t) => /^(Cabinet|Full Council), /.test(t))).toHaveLength(4);
    const jcbs = (body.items as { id: string; title: string; meetingDate: string }[]).filter((m) =>
      m.title.startsWith('Joint Commissioning Board'),
    );
    expect(jcbs.map((m) => m.meetingDate).sort()).toEqual([
      '2026-11-25',
      '2026-12-09',
      '2026-12-23',
    ]);
    const jcb = jcbs.find((m) => m.meetingDate === '2026-11-25')!;
    const view = await request(app.getHttpServer())
      .get(`/api/meetings/${jcb.id}`)
      .set(api())
      .expect(200);
    const members = view.body.members as { personId: string; name: string; partner: string }[];
    expect(members.map((m) => m.partner).sort()).toEqual([
      'ccg',
      'ccg',
      'ccg',
      'council',
      'council',
      'council',
    ]);
    expect(view.body.agenda).toHaveLength(2);
    expect(view.body.agendaPublishedOn).toBe('2026-11-11');
    const attended = await request(app.getHttpServer())
      .put(`/api/meetings/${jcb.id}/attendance`)
      .set(api())
      .send(members.map((m) => ({ personId: m.personId, status: 'present' })))
      .expect(200);
    expect(attended.body.quorum.quorate).toBe(true);
    const item = (attended.body.agenda as { id: string; caseId: string | null }[])[0];
    expect(item.caseId).not.toBeNull();
    await request(app.getHttpServer())
      .post(`/api/meetings/${jcb.id}/agenda-items/${item.id}/show-of-hands`)
      .set(api())
      .send({ hands: members.map((m) => ({ personId: m.personId, hand: 'for' })) })
      .expect(201);
    const jcbCase = await request(app.getHttpServer())
      .get(`/api/cases/${item.caseId}`)
      .set(api())
      .expect(200);
    expect(jcbCase.body.state.key).toBe('draftingDecision');
  });

  it('has the JCB’s key decision in a forward plan published two months before its meeting, an officer key decision in the one published today, and an officer decision in the register', async () => {
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    const plan = await request(app.getHttpServer())
      .get('/forward-plan/southampton-demo/plan.json')
      .expect(200);
    expect(plan.body.published.publishedOn).toBe('2026-11-25');
    expect(
      (
        plan.body.published.keyDecisions as {
          title: string;
          decisionMaker: { name: string };
          firstPublishedOn: string;
        }[]
      ).map((k) => [k.title, k.decisionMaker.name, k.firstPublishedOn]),
    ).toEqual([
      ['Integrated carers support service: contract award', 'Cllr Chris Lane', '2026-09-26'],
      ['Community equipment service: contract award 2027–2030', 'Robin Achebe', '2026-11-25'],
    ]);
    const editions = await request(app.getHttpServer())
      .get('/forward-plan/southampton-demo/editions')
      .expect(200);
    expect(editions.text).toContain('26 September 2026');
    const register = await request(app.getHttpServer())
      .get('/register/southampton-demo/register.json')
      .expect(200);
    const officer = (
      register.body.decisions as {
        kind: string;
        notice: { itemTitle: string; publishedOn: string; decisionMaker: { name: string } };
      }[]
    ).filter((d) => d.kind === 'officer');
    expect(
      officer.map((d) => [d.notice.itemTitle, d.notice.publishedOn, d.notice.decisionMaker.name]),
    ).toEqual([['Carers’ breaks grant: extension to March 2027', '2026-11-25', 'Robin Achebe']]);
  });

  it('has a JCB matter in dispute after its referral back, awaiting the Leader of the Council and the ICB’s chair', async () => {
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    const api = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
    const list = await request(app.getHttpServer()).get('/api/cases').set(api).expect(200);
    const item = (list.body.items as { id: string; title: string }[]).find(
      (x) => x.title === 'Integrated wheelchair service: joint contract extension',
    )!;
    const view = await request(app.getHttpServer())
      .get(`/api/cases/${item.id}`)
      .set(api)
      .expect(200);
    expect(view.body.template.version).toBe(currentVersion('jcb-delegated-decision'));
    expect(view.body.state.key).toBe('referredBack.inDispute');
    expect(
      (view.body.awaiting as { role: string; person: { name: string } }[]).map((a) => [
        a.role,
        a.person.name,
      ]),
    ).toEqual([
      ['leader', 'Cllr Sasha Reed'],
      ['partnerChair', 'Dr Tamsin Okafor'],
    ]);
    // Each answers from the link emailed to them (from version 8), not through the API.
    const links: { role: string; request: string }[] = await db.ds.query(
      `SELECT role, request FROM action_links WHERE case_id = $1 AND status = 'open' ORDER BY role`,
      [item.id],
    );
    expect(links).toEqual([
      { role: 'leader', request: 'dispute-referred' },
      { role: 'partnerChair', request: 'dispute-referred' },
    ]);
  });
});
