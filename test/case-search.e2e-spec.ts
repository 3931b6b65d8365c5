import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/** Every case findable: search, paging by the database over a few hundred cases, open and closed, CSV. */
describe('finding any case', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const ids: string[] = [];
  const references: string[] = [];
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const TOTAL = 261;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-search-1',
      at: clock.now(),
    });
    const open = app.get(OpenCaseUseCase);
    // 130 cases opened on 1 October, 130 on 5 October, and one whose title a spreadsheet could run.
    for (let i = 1; i < TOTAL; i++) {
      if (i === 131) clock.set('2021-10-05T11:00:00Z');
      const title = `Search plan ${String(i).padStart(3, '0')}`;
      const opened = await open.open(openBcfCaseBody(world, { title }), world.actors.officer);
      ids.push(opened.caseId);
      references.push(opened.reference);
    }
    const carers = await open.open(
      openBcfCaseBody(world, { title: '=Carers contract award' }),
      world.actors.officer,
    );
    ids.push(carers.caseId);
    references.push(carers.reference);
    // Three cases closed, as the engine closes them (the list reads closed_at).
    await db.ds.query(
      `UPDATE cases SET closed_at = '2021-10-06T10:00:00Z' WHERE id = ANY($1::uuid[])`,
      [ids.slice(0, 3)],
    );
    // Another council's case is never found.
    const other = await buildBcfWorld(db.ds);
    await open.open(
      openBcfCaseBody(other, { title: 'Search plan of another council' }),
      other.actors.officer,
    );
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function officer() {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: 'officer-search-1',
    });
    expect(res.status).toBe(303);
    return agent;
  }

  const titles = (html: string) =>
    [...html.matchAll(/href="\/cases\/[0-9a-f-]{36}">([^<]+)</g)].map((m) => m[1]);

  it('pages through every case, open and closed, counted by the database', async () => {
    const agent = await officer();
    const first = (await agent.get('/cases/find').expect(200)).text;
    expect(first).toContain(`Cases 1 to 25 of ${TOTAL}`);
    expect(titles(first)).toHaveLength(25);
    expect(first).toContain('href="/cases/find?page=2"');
    expect(first).not.toContain('another council');
    const last = (await agent.get('/cases/find?page=11').expect(200)).text;
    expect(last).toContain(`Cases 251 to ${TOTAL} of ${TOTAL}`);
    expect(titles(last)).toHaveLength(11);
    // Beyond the last page shows the last page, not an empty one.
    expect((await agent.get('/cases/find?page=99').expect(200)).text).toContain(
      `Cases 251 to ${TOTAL}`,
    );
    const seen = new Set<string>();
    for (let p = 1; p <= 11; p++)
      for (const t of titles((await agent.get(`/cases/find?page=${p}`).expect(200)).text))
        seen.add(t);
    expect(seen.size).toBe(TOTAL);
  });

  it('searches by title words, reference, status and the days opened', async () => {
    const agent = await officer();
    const carers = (await agent.get('/cases/find?q=carers+award').expect(200)).text;
    expect(titles(carers)).toEqual(['=Carers contract award']);
    // The reference as the page shows it, typed in small letters; its start finds its ten.
    expect(references[41]).toMatch(/^[A-Z][A-Z0-9]+-2021-0042$/);
    const byRef = (await agent.get(`/cases/find?q=${references[41].toLowerCase()}`).expect(200))
      .text;
    expect(titles(byRef)).toEqual(['Search plan 042']);
    expect(byRef).toContain(references[41]);
    expect(byRef).not.toMatch(/>[^<]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    const byStart = (await agent.get(`/cases/find?q=${references[41].slice(0, -1)}`).expect(200))
      .text;
    expect(titles(byStart).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `Search plan ${String(40 + i).padStart(3, '0')}`),
    );
    const closed = (await agent.get('/cases/find?status=closed').expect(200)).text;
    expect(titles(closed).sort()).toEqual([
      'Search plan 001',
      'Search plan 002',
      'Search plan 003',
    ]);
    expect(closed).toContain('Closed, Wednesday 6 October 2021 at 11:00am');
    const open = (await agent.get('/cases/find?status=open').expect(200)).text;
    expect(open).toContain(`of ${TOTAL - 3}`);
    const fifth = (
      await agent
        .get('/cases/find?from-day=5&from-month=10&from-year=2021&to-day=5%2F10%2F2021')
        .expect(200)
    ).text;
    expect(fifth).toContain('Cases 1 to 25 of 131');
    expect(fifth).toMatch(/name="from-day"[^>]*value="5"/);
  });

  it('says what is wrong with a date range, keeping what was typed', async () => {
    const agent = await officer();
    const bad = await agent
      .get('/cases/find?from-day=31&from-month=2&from-year=2021&to-day=1&to-month=1&to-year=2021')
      .expect(422);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#from-day"');
    expect(bad.text).toContain('The first day must be a real date');
    expect(bad.text).toMatch(/name="from-day"[^>]*value="31"/);
  });

  it('exports every matching case as CSV, closed ones too, safe to open in a spreadsheet', async () => {
    const agent = await officer();
    const all = await agent
      .get('/cases/find.csv')
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const lines = all.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Reference,Title,Workflow,Status,Where it stands,Opened,Last changed,Closed',
    );
    expect(lines).toHaveLength(TOTAL + 1);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0].replace(/"/g, ''))
        .sort(),
    ).toEqual([...references].sort());
    expect(all.text).toContain(`"'=Carers contract award"`);
    expect(all.text).not.toContain('another council');
    const closed = await agent.get('/cases/find.csv?status=closed').expect(200);
    const closedLines = closed.text.trim().split('\r\n').slice(1);
    expect(closedLines).toHaveLength(3);
    expect(closedLines[0]).toContain('"Closed"');
    expect(closedLines[0]).toContain('"Wednesday 6 October 2021 at 11:00am"');
  });
});
