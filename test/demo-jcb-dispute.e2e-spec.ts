import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { LinkTokens } from '../libs/links/link-token.service';
import { pageText } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * The demo's JCB matter in dispute (issue #15, JCB v8, ToR 9.1), as `npm start` seeds it: referred
 * back at today's meeting, supported by Cabinet and not by the ICB's board; the Leader of the
 * Council (Cllr Sasha Reed) and the ICB's chair (Dr Tamsin Okafor) each conclude from the link
 * emailed to them that it goes back to the Board, and it returns to the Board.
 */
describe('the demo’s JCB dispute: the Leader and the ICB’s chair conclude from their links', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const officer = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(OpenCaseUseCase), app.get(SendEventUseCase));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** Answers the role's open link "back to the Board", checked and sent; the receipt's text. */
  async function concludeBack(caseId: string, role: string, name: string) {
    const [link]: { id: string; person: string }[] = await db.ds.query(
      `SELECT l.id, p.name AS person FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 AND l.role = $2 AND l.status = 'open'`,
      [caseId, role],
    );
    expect(link.person).toBe(name);
    const token = app.get(LinkTokens).tokenFor(link.id);
    const agent = request.agent(app.getHttpServer());
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
    const list = await request(app.getHttpServer()).get('/api/cases').set(officer).expect(200);
    const item = (list.body.items as { id: string; title: string }[]).find(
      (x) => x.title === 'Integrated wheelchair service: joint contract extension',
    )!;
    expect(await concludeBack(item.id, 'leader', 'Cllr Sasha Reed')).toContain(
      'Your answer is recorded',
    );
    expect(await concludeBack(item.id, 'partnerChair', 'Dr Tamsin Okafor')).toContain(
      'Your answer is recorded',
    );
    const view = await request(app.getHttpServer())
      .get(`/api/cases/${item.id}`)
      .set(officer)
      .expect(200);
    expect(view.body.state.key).toBe('returnedToBoard');
  });
});
