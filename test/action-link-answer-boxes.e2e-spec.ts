import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/**
 * The emailed link's page as GOV.UK's conditional radios: each text box (comments, reasons, an
 * interest) under the answer it belongs to, shown when that answer is chosen and, without
 * JavaScript, all shown (govuk-frontend hides a conditional only once its script runs); a refused
 * box linked from the error summary with its answer chosen and every box as typed.
 */
describe('the emailed link’s answer boxes', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock, {
      LINK_RATE_LIMIT_PER_MINUTE: '1000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** The Chief Executive's link on a BCF plan sent for agreement over the API, and its form's token. */
  async function chiefExecutiveLink() {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string; allowed_responses: string[] }[] = await db.ds.query(
      `SELECT id, allowed_responses FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    return { caseId, token, csrf, page: page.text, allowed: link.allowed_responses };
  }

  /** Each answer on the page: whether it is chosen, and the box under it (its name, shown or hidden). */
  function answersOf(html: string) {
    return [...html.matchAll(/<input class="govuk-radios__input"[^>]*>/g)].map(([input]) => {
      const value = /value="(\w+)"/.exec(input)![1];
      const controls = /data-aria-controls="([\w-]+)"/.exec(input)?.[1];
      const box = controls
        ? new RegExp(`<div class="([^"]*)" id="${controls}">([\\s\\S]*?)</textarea>`).exec(html)
        : null;
      return {
        value,
        checked: / checked/.test(input),
        box: box ? /<textarea[^>]*name="(\w+)"/.exec(box[2])![1] : null,
        hidden: box ? box[1].includes('govuk-radios__conditional--hidden') : null,
      };
    });
  }

  const BOX_OF: Record<string, string | null> = {
    approve: null,
    approveWithComments: 'comments',
    reject: 'reasons',
    declareInterest: 'interest',
  };

  it('puts each text box under the answer it belongs to, hidden until that answer is chosen', async () => {
    const { page, allowed } = await chiefExecutiveLink();
    const answers = answersOf(page);
    expect(answers.map((a) => a.value)).toEqual(allowed);
    expect(answers.filter((a) => a.box).length).toBeGreaterThanOrEqual(2);
    for (const a of answers)
      expect(a).toEqual({
        value: a.value,
        checked: false,
        box: BOX_OF[a.value],
        hidden: BOX_OF[a.value] ? true : null,
      });
    // No box outside its answer: every text box on the page is one of the answers'.
    expect(page.match(/<textarea/g)).toHaveLength(answers.filter((a) => a.box).length);
  });

  it('shows a refused box under its chosen answer, linked from the summary, with every box as typed', async () => {
    const { caseId, token, csrf } = await chiefExecutiveLink();
    const refused = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'reject', reasons: '  ', comments: 'Typed before I changed my mind' })
      .expect(422);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(refused.text)![0];
    expect(summary).toContain('<a href="#reasons">');
    const reject = answersOf(refused.text).find((a) => a.value === 'reject')!;
    expect(reject).toEqual({ value: 'reject', checked: true, box: 'reasons', hidden: false });
    expect(refused.text).toMatch(
      /<div class="govuk-radios__conditional" id="[\w-]+">[\s\S]*?id="reasons-error"/,
    );
    expect(refused.text).toContain('Typed before I changed my mind</textarea>');
    const [c]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    expect(c.version).toBe(2);
  });

  it('records an answer whatever was left in the box of an answer not chosen', async () => {
    const { caseId, token, csrf } = await chiefExecutiveLink();
    // Typed under "reject" (too long, even), then "I approve" chosen: the hidden box is not the answer.
    const receipt = await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve', reasons: 'x'.repeat(4001) })
      .expect(200);
    expect(receipt.text).toContain('Your answer is recorded');
    const [c]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    expect(c.version).toBe(3);
  });
});
