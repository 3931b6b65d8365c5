import {
  bodiesPagesHarness,
  cabinetForm,
  dateInput,
  errorSummary,
} from '../libs/testing/bodies-pages-harness.service';

/*
 * Issue #10 through the pages: an administrator seats members of a body for terms and names
 * substitutes for a seat, through the same use cases as the API. Refusals come back in a GOV.UK
 * error summary linked to fields with what was typed kept and nothing saved; a stale form is a
 * version conflict; officers and governance leads read only; another council sees nothing. The
 * councils and the Cabinet in libs/testing/bodies-pages-harness.service.ts. Invented people; today
 * is Thursday 3 December 2026.
 */
describe('the bodies, seats and substitutes pages', () => {
  const { db, a, b, as, bodies, addedCabinet } = bodiesPagesHarness(2);
  let cabinetId: string;
  let chairSeat: string;

  beforeAll(async () => {
    cabinetId = await addedCabinet(a());
  });

  it('seats members for terms, refusing overlapping terms for a seat and a second chair with the rule', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    const seat = (person: string, role: string, from: string[], until: string[] = ['', '', '']) =>
      agent
        .post(`/directory/bodies/${cabinetId}/members`)
        .type('form')
        .send({
          _csrf: csrf,
          personId: a().ids.people[person],
          constituency: 'the-executive',
          role,
          source: person === 'chair' ? 'Council minute 2026/7' : '',
          ...dateInput('validFrom', from),
          ...dateInput('validUntil', until),
        });
    const added = await seat('chair', 'chair', ['21', 'May', '2026'], ['19', '5', '2027']).expect(
      303,
    );
    expect(added.headers.location).toBe(`/directory/bodies/${cabinetId}/members?done=seated`);
    await seat('cabinet', 'member', ['21', '5', '2026']).expect(303);
    const seats = async () =>
      Number(
        (
          await db().ds.query(
            `SELECT count(*) AS n FROM memberships m JOIN bodies b ON b.id = m.body_id WHERE b.tenant_id = $1 AND b.name = 'Cabinet'`,
            [a().tenantId],
          )
        )[0].n,
      );
    expect(await seats()).toBe(2);

    const overlap = await seat('cabinet', 'member', ['1', '1', '2027']).expect(422);
    expect(errorSummary(overlap.text)).toEqual([
      [
        'The rule “A person holds one seat on a body at a time” refuses this: Cllr Chris Lane already holds a seat on the Cabinet from Thu 21 May 2026 with no end, which overlaps the term from Fri 1 Jan 2027 with no end: one person holds one seat at a time; end the earlier term first or start this one after it. Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
        '#validFrom-day',
      ],
    ]);
    expect(overlap.text).toMatch(/name="validFrom-year"[^>]*value="2027"/);
    const second = await seat('governanceLead', 'chair', ['1', '6', '2026']).expect(422);
    expect(errorSummary(second.text)[0]).toEqual([
      expect.stringContaining(
        'Cllr Alex Rowe is chair of the Cabinet from Thu 21 May 2026 until Wed 19 May 2027, which overlaps Lee Morgan’s term',
      ),
      '#role',
    ]);
    const badDate = await seat('governanceLead', 'member', ['31', '2', '2026']).expect(422);
    expect(errorSummary(badDate.text)).toEqual([
      ['The first day of the term must be a real date', '#validFrom-day'],
    ]);
    expect(await seats()).toBe(2);

    const body = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    expect(body.text).toContain('Members on Thursday 3 December 2026');
    expect(body.text).toMatch(
      /Cllr Alex Rowe<\/a><\/th>\s*<td[^>]*>The Executive<\/td>\s*<td[^>]*>Chair<\/td>/,
    );
    chairSeat = /\/members\/([0-9a-f-]{36})">Cllr Alex Rowe/.exec(body.text)![1];
  });

  it('names, changes and ends a seat’s substitutes, refusing one outside the seat’s term or the member themselves', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    const base = `/directory/bodies/${cabinetId}/members/${chairSeat}`;
    const name = (person: string, from: string[], until: string[] = ['', '', '']) =>
      agent
        .post(`${base}/substitutes`)
        .type('form')
        .send({
          _csrf: csrf,
          personId: a().ids.people[person],
          ...dateInput('subFrom', from),
          ...dateInput('subUntil', until),
          reference: 'Cabinet minute 2026/31',
        });
    const outside = await name('governanceLead', ['1', '6', '2026'], ['1', '6', '2027']).expect(
      422,
    );
    expect(errorSummary(outside.text)).toEqual([
      [
        'Cllr Alex Rowe’s seat runs from Thu 21 May 2026 until Wed 19 May 2027: name the substitute within it',
        '#subUntil-day',
      ],
    ]);
    expect(outside.text).toContain('value="Cabinet minute 2026/31"');
    const self = await name('chair', ['1', '6', '2026']).expect(422);
    expect(errorSummary(self.text)[0][0]).toBe(
      'Cllr Alex Rowe holds the seat: a substitute is someone else',
    );
    await name('governanceLead', ['1', '6', '2026']).expect(303);
    const seatPage = await agent.get(`${base}?done=named`).expect(200);
    expect(seatPage.text).toContain('The substitute is named for the seat.');
    expect(seatPage.text).toContain('from Monday 1 June 2026 until Wednesday 19 May 2027');
    const subId = /substitutes\/([0-9a-f-]{36})\/end/.exec(seatPage.text)![1];
    const body = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    expect(body.text).toContain('Lee Morgan (from Monday 1 June 2026 until Wednesday 19 May 2027)');

    await agent
      .post(`${base}/substitutes/${subId}/end`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        ...dateInput(`sub-${subId}-end`, ['31', '1', '2027']),
      })
      .expect(303);
    const stale = await agent
      .post(`${base}/substitutes/${subId}`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        ...dateInput(`sub-${subId}-from`, ['1', '6', '2026']),
        reference: 'Cabinet minute 2026/40',
      })
      .expect(409);
    expect(errorSummary(stale.text)[0][0]).toContain(
      'This substitute was changed after you opened this page, so nothing was recorded',
    );
    const after = await agent.get(base).expect(200);
    expect(after.text).toContain('from Monday 1 June 2026 until Sunday 31 January 2027');
    expect(after.text).toContain('Cabinet minute 2026/31');
  });

  it('changes and ends a seat’s term at the version read', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    const base = `/directory/bodies/${cabinetId}/members/${chairSeat}`;
    await agent
      .post(`${base}/end`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        ...dateInput('seatEnd', ['31', '3', '2027']),
      })
      .expect(303);
    const stale = await agent
      .post(base)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        constituency: 'the-executive',
        role: 'chair',
        voting: 'yes',
        ...dateInput('seatFrom', ['21', '5', '2026']),
      })
      .expect(409);
    expect(errorSummary(stale.text)[0][0]).toContain(
      'This seat was changed after you opened this page, so nothing was recorded',
    );
    const page = await agent.get(base).expect(200);
    expect(page.text).toContain('from Thursday 21 May 2026 until Wednesday 31 March 2027');
    expect(page.text).toMatch(/Appointed under\s*<\/dt>\s*<dd[^>]*>\s*Council minute 2026\/7/);
  });

  it('lets officers and governance leads read but not change, and refuses a form without its token', async () => {
    for (const role of ['officer', 'governanceLead'] as const) {
      const { agent, csrf } = await as(a(), role);
      const page = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
      expect(page.text).toContain('By a majority of the votes');
      expect(page.text).not.toContain('Change the name or rules');
      await agent.get(`/directory/bodies/${cabinetId}/members/${chairSeat}`).expect(200);
      await agent.get('/directory/bodies/new').expect(403);
      const before = await bodies(a());
      await agent
        .post('/directory/bodies')
        .type('form')
        .send({ ...cabinetForm(a(), { name: 'Sneaky board' }), _csrf: csrf })
        .expect(403);
      await agent
        .post(`/directory/bodies/${cabinetId}/members`)
        .type('form')
        .send({ _csrf: csrf, personId: a().ids.people.officer, role: 'member' })
        .expect(403);
      expect(await bodies(a())).toBe(before);
    }
    const { agent } = await as(a(), 'administrator');
    const before = await bodies(a());
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a(), { name: 'Forged board' }), _csrf: 'forged' })
      .expect(403);
    expect(errorSummary(res.text)[0][0]).toBe(
      'The form has expired. Reload the page and try again.',
    );
    expect(await bodies(a())).toBe(before);
  });

  it('shows another council’s administrator none of it', async () => {
    const { agent, csrf } = await as(b(), 'administrator');
    const list = await agent.get('/directory/bodies').expect(200);
    expect(list.text).not.toContain(cabinetId);
    await agent.get(`/directory/bodies/${cabinetId}`).expect(404);
    await agent.get(`/directory/bodies/${cabinetId}/edit`).expect(404);
    await agent.get(`/directory/bodies/${cabinetId}/members/${chairSeat}`).expect(404);
    await agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(b(), { version: '2' }), _csrf: csrf })
      .expect(404);
    await agent
      .post(`/directory/bodies/${cabinetId}/members`)
      .type('form')
      .send({ _csrf: csrf, personId: b().ids.people.officer, role: 'member' })
      .expect(404);
    await agent.get('/directory/bodies/not-an-id').expect(404);
  });
});
