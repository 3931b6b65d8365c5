import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/engine/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const PASSWORDS = {
  administrator: 'directory-admin-pass-1',
  officer: 'directory-officer-pass-1',
  governanceLead: 'directory-lead-pass-1',
};

/**
 * The directory's pages through HTTP against real PostgreSQL: each form saves through the same
 * use cases as the API, refuses bad input with every error linked to its field and what was typed
 * kept, never overwrites a second administrator's change, reads only for officers and governance
 * leads, and shows another council's administrator nothing.
 */
describe('the directory pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  // 2 March 2026, 10:00 in London (GMT).
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  let address = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A council of its own where Dr Okafor administers, Dana Whitlock is an officer and Lee Morgan the governance lead. */
  async function world(): Promise<BcfWorld> {
    const w = await buildBcfWorld(db.ds);
    for (const [personKey, role, password] of [
      ['gp', 'administrator', PASSWORDS.administrator],
      ['officer', 'officer', PASSWORDS.officer],
      ['governanceLead', 'governance_lead', PASSWORDS.governanceLead],
    ] as const)
      await StaffAuthService.createAccount(db.ds, {
        tenantId: w.tenantId,
        personId: w.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
    return w;
  }

  /** A signed-in agent, each from an address of its own (the sign-in rate limit counts per address). */
  async function as(
    w: BcfWorld,
    who: 'administrator' | 'officer' | 'governanceLead',
  ): Promise<request.Agent> {
    const personKey = { administrator: 'gp', officer: 'officer', governanceLead: 'governanceLead' }[
      who
    ];
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      { email: w.emailOf(personKey), password: PASSWORDS[who], next: '/cases' },
      { 'X-Forwarded-For': `198.51.100.${++address}` },
    );
    expect(res.status).toBe(303);
    return agent;
  }

  async function csrfOf(agent: request.Agent, path = '/directory'): Promise<string> {
    const page = await agent.get(path).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  /** Posts a form as the browser does, with the session's CSRF token. */
  async function post(
    agent: request.Agent,
    path: string,
    fields: Record<string, string>,
    status?: number,
  ) {
    const res = await agent
      .post(path)
      .type('form')
      .send({ _csrf: await csrfOf(agent), ...fields });
    if (status !== undefined && res.status !== status)
      throw new Error(
        `POST ${path} answered ${res.status}, not ${status}: ${text(res.text).slice(0, 600)}`,
      );
    return res;
  }

  /** The error summary's links, as (href, text) pairs. */
  function errorSummary(html: string): { href: string; text: string }[] {
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
      href: m[1],
      text: m[2].trim(),
    }));
  }

  /** The value attribute of the <input> with `id`. */
  function valueOf(html: string, id: string): string | undefined {
    const tag = new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
    return /value="([^"]*)"/.exec(tag)?.[1];
  }

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  async function rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return db.ds.query(sql, params);
  }

  describe('organisations', () => {
    it('lets an administrator add an organisation and change it, each on the record', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const added = await post(
        admin,
        '/directory/organisations',
        {
          name: 'Hampshire and Isle of Wight ICB',
          kind: 'icb',
          'activeFrom-day': '1',
          'activeFrom-month': 'July',
          'activeFrom-year': '2022',
        },
        303,
      );
      const id = /\/directory\/organisations\/([0-9a-f-]{36})\?done=created$/.exec(
        added.headers.location,
      )?.[1];
      expect(id).toBeDefined();
      const page = await admin.get(added.headers.location).expect(200);
      expect(text(page.text)).toContain('The organisation is added.');
      expect(text(page.text)).toContain('Integrated Care Board');
      expect(text(page.text)).toContain('Friday 1 July 2022');

      const form = await admin.get(`/directory/organisations/${id}/change`).expect(200);
      expect(valueOf(form.text, 'name')).toBe('Hampshire and Isle of Wight ICB');
      await post(
        admin,
        `/directory/organisations/${id}/change`,
        {
          expectedVersion: '1',
          name: 'NHS Hampshire and Isle of Wight',
          kind: 'icb',
          'activeFrom-day': '1',
          'activeFrom-month': '7',
          'activeFrom-year': '2022',
        },
        303,
      );
      const [o] = await rows(
        'SELECT name, kind, active_from::text AS f, version FROM organisations WHERE id = $1',
        [id],
      );
      expect(o).toEqual({
        name: 'NHS Hampshire and Isle of Wight',
        kind: 'icb',
        f: '2022-07-01',
        version: 2,
      });
      const changes = await rows(
        `SELECT action, actor->>'name' AS who FROM directory_changes WHERE subject_id = $1 ORDER BY seq`,
        [id],
      );
      expect(changes).toEqual([
        { action: 'created', who: expect.any(String) },
        { action: 'changed', who: expect.any(String) },
      ]);
    });

    it('refuses bad input with every error linked to its field, keeps what was typed, saves nothing', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const res = await post(
        admin,
        '/directory/organisations',
        {
          name: '',
          kind: '',
          'activeFrom-day': '31',
          'activeFrom-month': '2',
          'activeFrom-year': '2026',
          'activeUntil-day': '4',
          'activeUntil-month': '',
          'activeUntil-year': '2027',
        },
        422,
      );
      expect(errorSummary(res.text)).toEqual([
        { href: '#name', text: 'Enter the organisation’s name' },
        { href: '#kind', text: 'Choose what kind of organisation it is' },
        { href: '#activeFrom-day', text: 'The first day it is a partner must be a real date' },
        { href: '#activeUntil-day', text: 'The last day it is a partner must include a month' },
      ]);
      expect(valueOf(res.text, 'activeFrom-day')).toBe('31');
      expect(valueOf(res.text, 'activeUntil-year')).toBe('2027');

      // The use case's own rules come back in words too: a name taken, days out of order.
      const taken = await post(
        admin,
        '/directory/organisations',
        {
          name: 'Southampton City Council',
          kind: 'local_authority',
          'activeFrom-day': '2',
          'activeFrom-month': '3',
          'activeFrom-year': '2026',
          'activeUntil-day': '1',
          'activeUntil-month': '3',
          'activeUntil-year': '2026',
        },
        422,
      );
      expect(errorSummary(taken.text)).toEqual([
        {
          href: '#activeUntil-day',
          text: 'The last day (Sunday 1 March 2026) is before the first (Monday 2 March 2026)',
        },
        {
          href: '#name',
          text: expect.stringContaining('The council already has an organisation called'),
        },
      ]);
      expect(valueOf(taken.text, 'name')).toBe('Southampton City Council');
      const [{ n }] = await rows(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('never offers the abolished CCG kind for a new organisation, and names it as history', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const form = await admin.get('/directory/organisations/new').expect(200);
      expect(form.text).not.toContain('value="ccg"');
      expect(text(form.text)).toContain('NHS England region');
      const res = await post(admin, '/directory/organisations', { name: 'Old CCG', kind: 'ccg' });
      expect(res.status).toBe(422);
      expect(errorSummary(res.text)[0].href).toBe('#kind');
    });

    it('gives the second of two administrators a version conflict showing the organisation as it is now', async () => {
      const w = await world();
      const first = await as(w, 'administrator');
      const second = await as(w, 'administrator');
      const id = w.ids.organisations.healthwatch;
      const before = await first.get(`/directory/organisations/${id}/change`).expect(200);
      const version =
        valueOf(before.text, 'expectedVersion') ??
        /name="expectedVersion" value="(\d+)"/.exec(before.text)?.[1];
      expect(version).toBe('1');
      await post(
        first,
        `/directory/organisations/${id}/change`,
        {
          expectedVersion: '1',
          name: 'Healthwatch Southampton (renamed)',
          kind: 'healthwatch',
        },
        303,
      );
      const late = await post(
        second,
        `/directory/organisations/${id}/change`,
        {
          expectedVersion: '1',
          name: 'Healthwatch Southampton CIC',
          kind: 'healthwatch',
        },
        409,
      );
      expect(errorSummary(late.text)[0].text).toContain('Someone else changed');
      expect(valueOf(late.text, 'name')).toBe('Healthwatch Southampton (renamed)');
      expect(/name="expectedVersion" value="(\d+)"/.exec(late.text)?.[1]).toBe('2');
      const [o] = await rows('SELECT name FROM organisations WHERE id = $1', [id]);
      expect(o.name).toBe('Healthwatch Southampton (renamed)');
    });
  });
});
