import request from 'supertest';
import {
  bodiesPagesHarness,
  bodyIdFrom,
  cabinetForm,
  errorSummary,
} from '../libs/testing/bodies-pages-harness.service';

/*
 * Issue #10 through the pages: an administrator changes a body's rules from a day typed in a
 * GOV.UK date input, with why; the body's page shows the rules in force on a day and every change
 * with who recorded it, when and why. A day on or before a meeting already held, or no real date,
 * comes back in the error summary linked to the date, what was typed kept, nothing saved.
 * Invented people; today is Thursday 3 December 2026; the Cabinet met on 19 November. The council,
 * its staff and the Cabinet's form in libs/testing/bodies-pages-harness.service.ts.
 */
describe('the rules of a body changed from a day, through its pages', () => {
  const { db, app, a, as } = bodiesPagesHarness();
  let cabinetId: string;

  const rulesRows = async () =>
    Number(
      (
        await db().ds.query('SELECT count(*) AS n FROM body_rules WHERE body_id = $1', [cabinetId])
      )[0].n,
    );

  it('refuses a day on or before a meeting already held, in the error summary linked to the date, nothing saved', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    const made = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a()), _csrf: csrf })
      .expect(303);
    cabinetId = bodyIdFrom(made.headers.location);
    await request(app().getHttpServer())
      .post('/api/meetings')
      .set({ Authorization: `Bearer ${a().keys.officer}` })
      .send({ body: cabinetId, meetingDate: '2026-11-19', title: 'Cabinet, 19 November 2026' })
      .expect(201);

    const edit = await agent.get(`/directory/bodies/${cabinetId}/edit`).expect(200);
    expect(edit.text).toContain('The changed rules apply from');
    const refused = await agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({
        ...cabinetForm(a(), { quorumTotal: '4', version: '1' }),
        'rulesFrom-day': '12',
        'rulesFrom-month': '11',
        'rulesFrom-year': '2026',
        rulesReason: 'Council, minute 7',
        _csrf: csrf,
      })
      .expect(422);
    const [[text, href]] = errorSummary(refused.text);
    expect(href).toBe('#rulesFrom-day');
    expect(text).toContain('met on 19 November 2026');
    expect(text).toContain('Choose 20 November 2026 or a later day');
    expect(refused.text).toContain('name="rulesFrom-day" type="text" value="12"');
    expect(refused.text).toContain('Council, minute 7</textarea>');
    expect(await rulesRows()).toBe(1);

    const notADay = await agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({
        ...cabinetForm(a(), { quorumTotal: '4', version: '1' }),
        'rulesFrom-day': '30',
        'rulesFrom-month': '2',
        'rulesFrom-year': '2027',
        _csrf: csrf,
      })
      .expect(422);
    expect(errorSummary(notADay.text).map(([, h]) => h)).toEqual(['#rulesFrom-day']);
    expect(await rulesRows()).toBe(1);
  });

  it('changes the rules from a day and shows the rules in force on a day with every change, who and why', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    await agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({
        ...cabinetForm(a(), { quorumTotal: '4', version: '1' }),
        'rulesFrom-day': '10',
        'rulesFrom-month': '12',
        'rulesFrom-year': '2026',
        rulesReason: 'Council, 25 November 2026, minute 7: a quorum of four',
        _csrf: csrf,
      })
      .expect(303);
    const today = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    expect(today.text).toContain('At least 3 members present');
    expect(today.text).toContain('Changes to the rules');
    expect(today.text).toContain(
      'From when the body was set up (in force on Thursday 3 December 2026)',
    );
    expect(today.text).toContain('From Thursday 10 December 2026');
    expect(today.text).toContain('Why: Council, 25 November 2026, minute 7: a quorum of four');
    expect(today.text).toContain('Recorded Thursday 3 December 2026 at 10:00am by');
    expect(today.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const later = await agent
      .get(`/directory/bodies/${cabinetId}?on-day=17&on-month=12&on-year=2026`)
      .expect(200);
    expect(later.text).toContain('At least 4 members present');
    expect(later.text).toContain(
      'From Thursday 10 December 2026 (in force on Thursday 17 December 2026)',
    );
  });
});
