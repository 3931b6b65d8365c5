import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import {
  csrfOf,
  signedInAs,
  staffWorld,
  type StaffKey,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import type { BcfWorld } from '../libs/testing/world.factory';

/*
 * Issue #10 through the pages: an administrator adds a body with its rules in plain English,
 * changes them, seats members for terms and names substitutes for a seat, through the same use
 * cases as the API. Refusals come back in a GOV.UK error summary linked to fields with what was
 * typed kept and nothing saved; a stale form is a version conflict; officers and governance leads
 * read only; another council sees nothing. Invented people; today is Thursday 3 December 2026.
 */
describe('the bodies, seats and substitutes pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  let a: BcfWorld;
  let b: BcfWorld;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    a = await staffWorld(db.ds, clock);
    b = await staffWorld(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function as(w: BcfWorld, who: StaffKey) {
    const agent = await signedInAs(app, w, who);
    return { agent, csrf: await csrfOf(agent, '/directory/bodies') };
  }

  /** The error summary's links, as [text, href] pairs, with HTML entities read back. */
  function summary(html: string): [string, string][] {
    const box = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    return [...box.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [
      decode(m[2].trim()),
      m[1],
    ]);
  }
  const ENTITIES: Record<string, string> = { '&#39;': "'", '&quot;': '"', '&amp;': '&' };
  const decode = (s: string) => s.replace(/&#39;|&quot;|&amp;/g, (e) => ENTITIES[e]);
  const count = async (sql: string, w: BcfWorld) =>
    Number((await db.ds.query(sql, [w.tenantId]))[0].n);
  const bodies = (w: BcfWorld) => count('SELECT count(*) AS n FROM bodies WHERE tenant_id = $1', w);
  /** A GOV.UK date input's three fields as typed. */
  const date = (name: string, [day, month, year]: string[]) => ({
    [`${name}-day`]: day,
    [`${name}-month`]: month,
    [`${name}-year`]: year,
  });
  const idFrom = (location: string) => /\/directory\/bodies\/([0-9a-f-]{36})/.exec(location)![1];

  /** A Cabinet typed in plain English: 3 present with an elected member, by majority. */
  const cabinetForm = (w: BcfWorld, extra: Record<string, string> = {}) => ({
    name: 'Cabinet',
    kind: 'cabinet',
    constituencyRows: '3',
    'c-0-name': 'The Executive',
    'c-0-organisation': w.ids.organisations.council,
    'c-0-groups': '',
    minimumRows: '3',
    quorumTotal: '3',
    quorumElected: '1',
    quorumSource: 'Executive procedure rules 4.2',
    decisionKind: 'majority',
    decisionSource: 'Executive procedure rules 6.1',
    reportClearDays: '5',
    keyDecisionNoticeClearDays: '28',
    privateNoticeClearDays: '28',
    noticesSource: '2012 Regulations',
    substitutesKind: 'named',
    substitutesSource: 'Executive procedure rules 2.3',
    delegationAllowed: 'yes',
    delegationSource: 'Constitution Part 3, Executive functions',
    ...extra,
  });

  let cabinetId: string;

  it('adds a body with its rules typed in plain English and shows each rule in words with its source', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    await agent.get('/directory/bodies/new').expect(200);
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a), _csrf: csrf })
      .expect(303);
    cabinetId = idFrom(res.headers.location);
    expect(res.headers.location).toBe(`/directory/bodies/${cabinetId}?done=created`);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('The body is added with its rules.');
    for (const words of [
      'At least 3 members present, including at least 1 elected member.',
      'Source: Executive procedure rules 4.2',
      'By a majority of the votes of the voting members present.',
      'Source: Executive procedure rules 6.1',
      'The Executive: seats represent Southampton City Council',
      'Reports are published at least 5 clear days before the meeting.',
      'Only the substitutes named for a seat may sit in its member’s place.',
      'The body may delegate decisions to an office of the council.',
      'Source: Constitution Part 3, Executive functions',
    ])
      expect(page.text).toContain(words);
    const list = await agent.get('/directory/bodies?kind=cabinet').expect(200);
    expect(list.text).toContain(`href="/directory/bodies/${cabinetId}">Cabinet</a>`);
    expect(list.text).not.toContain('Southampton Health and Wellbeing Board');
  });

  it('refuses a body with bad rules, every error linked to its field, what was typed kept, nothing saved', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const before = await bodies(a);
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({
        ...cabinetForm(a, {
          name: 'Scrutiny Panel',
          quorumTotal: 'three',
          'm-0-count': '2',
          'm-0-who': 'Aldermen',
          reportClearDays: '2',
          decisionSource: '',
        }),
        _csrf: csrf,
      })
      .expect(422);
    const errors = summary(res.text);
    expect(errors).toEqual(
      expect.arrayContaining([
        [
          'Enter the number of members who must be present as a whole number, like 3',
          '#quorumTotal',
        ],
        [
          '“Aldermen” is not a constituency or what one counts as on this form: name one of The Executive',
          '#m-0-who',
        ],
      ]),
    );
    expect(res.text).toContain('value="Scrutiny Panel"');
    expect(res.text).toContain('value="three"');
    expect(await bodies(a)).toBe(before);

    // The page's own checks pass; the rules' checks are the use case's, in people's words.
    const ruled = await agent
      .post('/directory/bodies')
      .type('form')
      .send({
        ...cabinetForm(a, { name: 'Scrutiny Panel', reportClearDays: '2', decisionSource: '' }),
        _csrf: csrf,
      })
      .expect(422);
    expect(summary(ruled.text)).toEqual([
      [
        'Give the reference the rule comes from, e.g. "JCB terms of reference 8.1"',
        '#decisionSource',
      ],
      [
        'Notice for reports is at least 5 (a body may ask for more notice than the 2012 Regulations, never less)',
        '#reportClearDays',
      ],
    ]);
    expect(ruled.text).toContain(
      'id="reportClearDays" name="reportClearDays" type="text" value="2"',
    );
    expect(await bodies(a)).toBe(before);
    const twice = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a), _csrf: csrf })
      .expect(422);
    expect(summary(twice.text)).toEqual([
      ['Cabinet is already a body of your council: give each body its own name', '#name'],
    ]);
  });

  it('changes the rules at the version read and shows a second administrator a version conflict, not an overwrite', async () => {
    const first = await as(a, 'administrator');
    const second = await as(a, 'administrator');
    const edit = await first.agent.get(`/directory/bodies/${cabinetId}/edit`).expect(200);
    expect(edit.text).toContain('value="Executive procedure rules 4.2"');
    expect(edit.text).toContain('name="version" value="1"');
    await first.agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(a, { quorumTotal: '4', version: '1' }), _csrf: first.csrf })
      .expect(303);
    const stale = await second.agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(a, { quorumTotal: '5', version: '1' }), _csrf: second.csrf })
      .expect(409);
    expect(summary(stale.text)[0][0]).toBe(
      'Someone else changed this body after you opened the page, so nothing was saved. The page now shows the body as it is: check it, then make your change again.',
    );
    expect(stale.text).toContain('value="5"');
    const page = await first.agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    expect(page.text).toContain('At least 4 members present');
  });

  let chairSeat: string;

  it('seats members for terms, refusing overlapping terms for a seat and a second chair with the rule', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const seat = (person: string, role: string, from: string[], until: string[] = ['', '', '']) =>
      agent
        .post(`/directory/bodies/${cabinetId}/members`)
        .type('form')
        .send({
          _csrf: csrf,
          personId: a.ids.people[person],
          constituency: 'the-executive',
          role,
          source: person === 'chair' ? 'Council minute 2026/7' : '',
          ...date('validFrom', from),
          ...date('validUntil', until),
        });
    const added = await seat('chair', 'chair', ['21', 'May', '2026'], ['19', '5', '2027']).expect(
      303,
    );
    expect(added.headers.location).toBe(`/directory/bodies/${cabinetId}/members?done=seated`);
    await seat('cabinet', 'member', ['21', '5', '2026']).expect(303);
    const seats = () =>
      count(
        `SELECT count(*) AS n FROM memberships m JOIN bodies b ON b.id = m.body_id WHERE b.tenant_id = $1 AND b.name = 'Cabinet'`,
        a,
      );
    expect(await seats()).toBe(2);

    const overlap = await seat('cabinet', 'member', ['1', '1', '2027']).expect(422);
    expect(summary(overlap.text)).toEqual([
      [
        'A governance rule forbids this: Cllr Chris Lane already holds a seat on the Cabinet from Thu 21 May 2026 with no end, which overlaps the term from Fri 1 Jan 2027 with no end: one person holds one seat at a time; end the earlier term first or start this one after it. Nothing was saved.',
        '#validFrom-day',
      ],
    ]);
    expect(overlap.text).toMatch(/name="validFrom-year"[^>]*value="2027"/);
    const second = await seat('governanceLead', 'chair', ['1', '6', '2026']).expect(422);
    expect(summary(second.text)[0]).toEqual([
      expect.stringContaining(
        'Cllr Alex Rowe is chair of the Cabinet from Thu 21 May 2026 until Wed 19 May 2027, which overlaps Lee Morgan’s term',
      ),
      '#role',
    ]);
    const badDate = await seat('governanceLead', 'member', ['31', '2', '2026']).expect(422);
    expect(summary(badDate.text)).toEqual([
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
    const { agent, csrf } = await as(a, 'administrator');
    const base = `/directory/bodies/${cabinetId}/members/${chairSeat}`;
    const name = (person: string, from: string[], until: string[] = ['', '', '']) =>
      agent
        .post(`${base}/substitutes`)
        .type('form')
        .send({
          _csrf: csrf,
          personId: a.ids.people[person],
          ...date('subFrom', from),
          ...date('subUntil', until),
          reference: 'Cabinet minute 2026/31',
        });
    const outside = await name('governanceLead', ['1', '6', '2026'], ['1', '6', '2027']).expect(
      422,
    );
    expect(summary(outside.text)).toEqual([
      [
        'Cllr Alex Rowe’s seat runs from Thu 21 May 2026 until Wed 19 May 2027: name the substitute within it',
        '#subUntil-day',
      ],
    ]);
    expect(outside.text).toContain('value="Cabinet minute 2026/31"');
    const self = await name('chair', ['1', '6', '2026']).expect(422);
    expect(summary(self.text)[0][0]).toBe(
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
        ...date(`sub-${subId}-end`, ['31', '1', '2027']),
      })
      .expect(303);
    const stale = await agent
      .post(`${base}/substitutes/${subId}`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        ...date(`sub-${subId}-from`, ['1', '6', '2026']),
        reference: 'Cabinet minute 2026/40',
      })
      .expect(409);
    expect(summary(stale.text)[0][0]).toContain('Someone else changed this substitute');
    const after = await agent.get(base).expect(200);
    expect(after.text).toContain('from Monday 1 June 2026 until Sunday 31 January 2027');
    expect(after.text).toContain('Cabinet minute 2026/31');
  });

  it('changes and ends a seat’s term at the version read', async () => {
    const { agent, csrf } = await as(a, 'administrator');
    const base = `/directory/bodies/${cabinetId}/members/${chairSeat}`;
    await agent
      .post(`${base}/end`)
      .type('form')
      .send({
        _csrf: csrf,
        version: '1',
        ...date('seatEnd', ['31', '3', '2027']),
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
        ...date('seatFrom', ['21', '5', '2026']),
      })
      .expect(409);
    expect(summary(stale.text)[0][0]).toContain('Someone else changed this seat');
    const page = await agent.get(base).expect(200);
    expect(page.text).toContain('from Thursday 21 May 2026 until Wednesday 31 March 2027');
    expect(page.text).toMatch(/Appointed under\s*<\/dt>\s*<dd[^>]*>\s*Council minute 2026\/7/);
  });

  it('lets officers and governance leads read but not change, and refuses a form without its token', async () => {
    for (const role of ['officer', 'governanceLead'] as const) {
      const { agent, csrf } = await as(a, role);
      const page = await agent.get(`/directory/bodies/${cabinetId}`).expect(200);
      expect(page.text).toContain('By a majority of the votes');
      expect(page.text).not.toContain('Change the name or rules');
      await agent.get(`/directory/bodies/${cabinetId}/members/${chairSeat}`).expect(200);
      await agent.get('/directory/bodies/new').expect(403);
      const before = await bodies(a);
      await agent
        .post('/directory/bodies')
        .type('form')
        .send({ ...cabinetForm(a, { name: 'Sneaky board' }), _csrf: csrf })
        .expect(403);
      await agent
        .post(`/directory/bodies/${cabinetId}/members`)
        .type('form')
        .send({ _csrf: csrf, personId: a.ids.people.officer, role: 'member' })
        .expect(403);
      expect(await bodies(a)).toBe(before);
    }
    const { agent } = await as(a, 'administrator');
    const before = await bodies(a);
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a, { name: 'Forged board' }), _csrf: 'forged' })
      .expect(403);
    expect(summary(res.text)[0][0]).toBe('The form has expired. Reload the page and try again.');
    expect(await bodies(a)).toBe(before);
  });

  it('shows another council’s administrator none of it', async () => {
    const { agent, csrf } = await as(b, 'administrator');
    const list = await agent.get('/directory/bodies').expect(200);
    expect(list.text).not.toContain(cabinetId);
    await agent.get(`/directory/bodies/${cabinetId}`).expect(404);
    await agent.get(`/directory/bodies/${cabinetId}/edit`).expect(404);
    await agent.get(`/directory/bodies/${cabinetId}/members/${chairSeat}`).expect(404);
    await agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(b, { version: '2' }), _csrf: csrf })
      .expect(404);
    await agent
      .post(`/directory/bodies/${cabinetId}/members`)
      .type('form')
      .send({ _csrf: csrf, personId: b.ids.people.officer, role: 'member' })
      .expect(404);
    await agent.get('/directory/bodies/not-an-id').expect(404);
  });
});
