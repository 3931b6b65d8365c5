import request from 'supertest';
import { DEMO_API_KEYS } from '../libs/demo/demo-seed.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';

/**
 * The lifecycle on the demo's own cases as `npm start` seeds them (issue #15, ADR 0033): the HWBB's
 * Chair, Cllr Alex Rowe, marks herself away with the Vice-Chair, Dr Sam Okafor, as deputy; the
 * BCF plan's approval goes to him, the Chair's emailed link is refused and his approves the plan;
 * and the JCB matter in dispute is withdrawn with its reason, the Leader's and the ICB chair's
 * links refused, both told.
 */
describe('the demo’s cases: absence cover and withdrawal through the API and the email links', () => {
  const demo = demoWorldHarness();
  const { clock } = demo;
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const { api } = demo;

  const caseTitled = async (match: (c: CaseView) => boolean) =>
    (
      (await api().get('/api/cases').set(as(DEMO_API_KEYS.officer)).expect(200)).body
        .items as CaseView[]
    ).find(match)!;
  /** The token of the open link of the case held by the person named. */
  const linkOf = async (caseId: string, name: string, status = 'open') => {
    const [l]: { id: string }[] = await demo.db().ds.query(
      `SELECT l.id FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 AND p.name = $2 AND l.status = $3`,
      [caseId, name, status],
    );
    expect(l).toBeDefined();
    return demo.app().get(LinkTokens).tokenFor(l.id);
  };
  const told = async (caseId: string, message: string) =>
    (
      await demo.db().ds.query<{ to: string }[]>(
        `SELECT payload->'to'->>'name' AS to FROM effects
          WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY 1`,
        [caseId, message],
      )
    ).map((e) => e.to);

  it('sends the BCF plan’s approval to the Vice-Chair while the Chair is away, who approves from his link', async () => {
    let c = await caseTitled((x) => x.template.id === 'bcf-delegated-sign-off');
    const agreed = await api()
      .post(`/api/cases/${c.id}/events`)
      .set(as(DEMO_API_KEYS.chiefExecutive))
      .send({ type: 'AGREE', expectedVersion: c.version })
      .expect(200);
    c = agreed.body as CaseView;
    const chairLink = await linkOf(c.id, 'Cllr Alex Rowe');

    const today = londonDate(clock.now());
    const [deputy]: { id: string }[] = await demo
      .db()
      .ds.query(`SELECT id FROM people WHERE name = 'Dr Sam Okafor'`);
    const away = await api()
      .post('/api/directory/absences')
      .set(as(DEMO_API_KEYS.chair))
      .send({ deputyPersonId: deputy.id, firstDay: today, lastDay: addDays(today, 10) });
    expect({ status: away.status, detail: away.body.detail }).toEqual({
      status: 201,
      detail: undefined,
    });
    expect(away.body).toMatchObject({
      deputy: { name: 'Dr Sam Okafor' },
      covered: true,
      handedOver: [{ caseId: c.id, roles: ['delegatedApprover'] }],
    });

    expect((await api().get(`/act/${chairLink}`)).status).toBe(410);
    const token = await linkOf(c.id, 'Dr Sam Okafor');
    const agent = request.agent(demo.app().getHttpServer());
    const page = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const answered = await agent
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve' });
    expect(answered.status).toBeLessThan(400);
    const audit = await api()
      .get(`/api/cases/${c.id}/audit`)
      .set(as(DEMO_API_KEYS.officer))
      .expect(200);
    const records = audit.body.records as { event: { type: string }; actor: { name?: string } }[];
    expect(records.map((r) => r.event.type).slice(-2)).toEqual(['ROLE_REASSIGNED', 'APPROVE']);
    expect(records.at(-1)!.actor).toMatchObject({ name: 'Dr Sam Okafor' });
  });

  it('withdraws the JCB matter in dispute with its reason: the Leader’s and the ICB chair’s links refused, both told', async () => {
    const c = await caseTitled(
      (x) => x.title === 'Integrated wheelchair service: joint contract extension',
    );
    const leaderLink = await linkOf(c.id, 'Cllr Sasha Reed');
    const chairLink = await linkOf(c.id, 'Dr Tamsin Okafor');
    const reason = 'The wheelchair service is to be re-tendered with the ICB next year.';
    const withdrawn = await api()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(as(DEMO_API_KEYS.officer))
      .send({ expectedVersion: c.version, reason })
      .expect(200);
    expect(withdrawn.body).toMatchObject({
      state: { closed: true },
      lifecycle: { status: 'withdrawn', reason },
    });
    for (const token of [leaderLink, chairLink]) {
      const refused = await api().get(`/act/${token}`).expect(410);
      expect(refused.text).toContain('because the case was withdrawn');
    }
    expect(await told(c.id, 'case-withdrawn')).toEqual(
      expect.arrayContaining(['Cllr Sasha Reed', 'Dr Tamsin Okafor']),
    );
    await api()
      .get(`/api/cases/${c.id}/audit/verify`)
      .set(as(DEMO_API_KEYS.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });
});
