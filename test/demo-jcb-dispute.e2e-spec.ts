import request from 'supertest';
import { DEMO_API_KEYS } from '../libs/demo/demo-seed.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { pageText } from '../libs/testing/staff-page-client.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';

/**
 * The demo's JCB matter in dispute (issue #15, JCB v8, ToR 9.1), as `npm start` seeds it: referred
 * back at today's meeting, supported by Cabinet and not by the ICB's board; the Leader of the
 * Council (Cllr Sasha Reed) and the ICB's chair (Dr Tamsin Okafor) each conclude from the link
 * emailed to them that it goes back to the Board, and it returns to the Board.
 */
describe('the demo’s JCB dispute: the Leader and the ICB’s chair conclude from their links', () => {
  const demo = demoWorldHarness();
  const officer = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };

  /** Answers the role's open link "back to the Board", checked and sent; the receipt's text. */
  async function concludeBack(caseId: string, role: string, name: string) {
    const [link]: { id: string; person: string }[] = await demo.db().ds.query(
      `SELECT l.id, p.name AS person FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 AND l.role = $2 AND l.status = 'open'`,
      [caseId, role],
    );
    expect(link.person).toBe(name);
    const token = demo.app().get(LinkTokens).tokenFor(link.id);
    const agent = request.agent(demo.app().getHttpServer());
    const opened = await agent.get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(opened.text)![1];
    const form = { csrf, response: 'approveWithComments', comments: 'To be looked at again' };
    const check = await agent.post(`/act/${token}`).type('form').send(form);
    expect(pageText(check.text)).toContain('Check your answer');
    const done = await agent
      .post(`/act/${token}`)
      .type('form')
      .send({ ...form, checked: 'yes' });
    expect(done.status).toBe(200);
    return pageText(done.text);
  }

  it('returns the matter to the Board when both conclude so from their emailed links', async () => {
    const list = await request(demo.app().getHttpServer())
      .get('/api/cases')
      .set(officer)
      .expect(200);
    const item = (list.body.items as { id: string; title: string }[]).find(
      (x) => x.title === 'Integrated wheelchair service: joint contract extension',
    )!;
    expect(await concludeBack(item.id, 'leader', 'Cllr Sasha Reed')).toContain(
      'Your answer is recorded',
    );
    expect(await concludeBack(item.id, 'partnerChair', 'Dr Tamsin Okafor')).toContain(
      'Your answer is recorded',
    );
    const view = await request(demo.app().getHttpServer())
      .get(`/api/cases/${item.id}`)
      .set(officer)
      .expect(200);
    expect(view.body.state.key).toBe('returnedToBoard');
  });
});
