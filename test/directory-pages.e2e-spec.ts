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

  describe('people', () => {
    it('lets an administrator add a person, change them and mark them left', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const added = await post(
        admin,
        '/directory/people',
        {
          name: 'Priya Shah',
          email: 'priya.shah@example.org',
          organisationId: w.ids.organisations.council,
          electedMember: 'yes',
        },
        303,
      );
      const id = /\/directory\/people\/([0-9a-f-]{36})\?done=created$/.exec(
        added.headers.location,
      )?.[1];
      const page = await admin.get(added.headers.location).expect(200);
      expect(text(page.text)).toContain('The person is added.');
      expect(text(page.text)).toContain('Southampton City Council');
      await post(
        admin,
        `/directory/people/${id}/change`,
        {
          expectedVersion: '1',
          name: 'Priya Shah',
          email: 'p.shah@example.org',
          organisationId: w.ids.organisations.council,
          electedMember: 'yes',
        },
        303,
      );
      const left = await post(
        admin,
        `/directory/people/${id}/leave`,
        { expectedVersion: '2', 'leftOn-day': '31', 'leftOn-month': '3', 'leftOn-year': '2026' },
        303,
      );
      const after = await admin.get(left.headers.location).expect(200);
      expect(text(after.text)).toContain('Tuesday 31 March 2026');
      const [p] = await rows(
        'SELECT email, is_elected_member AS e, left_on::text AS l FROM people WHERE id = $1',
        [id],
      );
      expect(p).toEqual({ email: 'p.shah@example.org', e: true, l: '2026-03-31' });

      const list = await admin.get('/directory/people?q=shah').expect(200);
      expect(text(list.text)).toContain('Priya Shah');
      const byOrganisation = await admin
        .get(`/directory/people?organisation=${w.ids.organisations.healthwatch}`)
        .expect(200);
      expect(text(byOrganisation.text)).not.toContain('Priya Shah');
    });

    it('refuses a bad or taken email with the field linked and what was typed kept', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const bad = await post(
        admin,
        '/directory/people',
        { name: 'Sam Lee', email: 'sam at example' },
        422,
      );
      expect(errorSummary(bad.text)).toEqual([
        { href: '#email', text: 'Enter an email address in the right form, like name@example.org' },
      ]);
      expect(valueOf(bad.text, 'name')).toBe('Sam Lee');
      expect(valueOf(bad.text, 'email')).toBe('sam at example');
      const taken = await post(
        admin,
        '/directory/people',
        { name: 'Sam Lee', email: w.emailOf('officer').toUpperCase() },
        422,
      );
      expect(errorSummary(taken.text)[0]).toEqual({
        href: '#email',
        text: expect.stringContaining('is already the email of Dana Whitlock'),
      });
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM people WHERE tenant_id = $1 AND name = 'Sam Lee'`,
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('gives the second of two administrators a version conflict', async () => {
      const w = await world();
      const first = await as(w, 'administrator');
      const second = await as(w, 'administrator');
      const id = w.ids.people.healthwatch;
      const form = await first.get(`/directory/people/${id}/change`).expect(200);
      const fields = {
        expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(form.text)![1],
        name: 'Jo Barnes-Smith',
        email: valueOf(form.text, 'email')!,
      };
      await post(first, `/directory/people/${id}/change`, fields, 303);
      const late = await post(
        second,
        `/directory/people/${id}/change`,
        { ...fields, name: 'Joanne Barnes' },
        409,
      );
      expect(errorSummary(late.text)[0].text).toContain('Someone else changed');
      expect(valueOf(late.text, 'name')).toBe('Jo Barnes-Smith');
      const [p] = await rows('SELECT name FROM people WHERE id = $1', [id]);
      expect(p.name).toBe('Jo Barnes-Smith');
    });
  });

  describe('offices and their holders', () => {
    it('lets an administrator add an office, appoint its holder, and correct and end the holding', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const added = await post(
        admin,
        '/directory/offices',
        { title: 'Director of Public Health', organisationId: w.ids.organisations.council },
        303,
      );
      const officeId = /\/directory\/offices\/([0-9a-f-]{36})\?done=created$/.exec(
        added.headers.location,
      )![1];
      const appointForm = await admin.get(`/directory/offices/${officeId}/appoint`).expect(200);
      expect(text(appointForm.text)).toContain('Jo Barnes');
      const appointed = await post(
        admin,
        `/directory/offices/${officeId}/appoint`,
        {
          personId: w.ids.people.healthwatch,
          kind: 'substantive',
          'from-day': '1',
          'from-month': '2',
          'from-year': '2026',
        },
        303,
      );
      expect(appointed.headers.location).toBe(
        `/directory/offices/${officeId}?done=appointed&cases=0`,
      );
      const page = await admin.get(appointed.headers.location).expect(200);
      expect(text(page.text)).toContain('The holder is appointed.');
      expect(text(page.text)).toContain('Jo Barnes – Holds it today');
      expect(text(page.text)).toContain('Sunday 1 February 2026');
      const holdingId = new RegExp(
        `/directory/offices/${officeId}/holders/([0-9a-f-]{36})/change`,
      ).exec(page.text)![1];
      const form = await admin
        .get(`/directory/offices/${officeId}/holders/${holdingId}/change`)
        .expect(200);
      expect(valueOf(form.text, 'from-month')).toBe('2');
      await post(
        admin,
        `/directory/offices/${officeId}/holders/${holdingId}/change`,
        {
          expectedVersion: '1',
          kind: 'substantive',
          'from-day': '1',
          'from-month': '2',
          'from-year': '2026',
          'until-day': '30',
          'until-month': '4',
          'until-year': '2026',
        },
        303,
      );
      const [h] = await rows(
        'SELECT held_from::text AS f, held_until::text AS u, kind FROM office_holders WHERE id = $1',
        [holdingId],
      );
      expect(h).toEqual({ f: '2026-02-01', u: '2026-04-30', kind: 'substantive' });
      const list = await admin.get('/directory/offices?q=public+health').expect(200);
      expect(text(list.text)).toContain('Director of Public Health');
      expect(text(list.text)).toContain('Jo Barnes');
    });

    it('refuses a second substantive holder on the same days, naming the days in words, and saves nothing', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const officeId = w.ids.offices.ceo;
      const res = await post(
        admin,
        `/directory/offices/${officeId}/appoint`,
        {
          personId: w.ids.people.healthwatch,
          kind: 'substantive',
          'from-day': '1',
          'from-month': '1',
          'from-year': '2026',
        },
        422,
      );
      const [error] = errorSummary(res.text);
      expect(error.href).toBe('#from-day');
      expect(error.text).toContain('would have two substantive holders on one day');
      expect(error.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(res.text).toContain('selected');
      const missing = await post(
        admin,
        `/directory/offices/${officeId}/appoint`,
        { kind: 'acting', 'from-day': '1', 'from-month': '', 'from-year': '2026' },
        422,
      );
      expect(errorSummary(missing.text)).toEqual([
        { href: '#personId', text: 'Choose who holds the office' },
        {
          href: '#from-day',
          text: 'The first day they hold the office must include a month',
        },
      ]);
      const [{ n }] = await rows(
        'SELECT count(*)::int AS n FROM office_holders WHERE office_id = $1',
        [officeId],
      );
      expect(n).toBe(1);
    });

    it('gives the second of two administrators ending one holding a version conflict', async () => {
      const w = await world();
      const first = await as(w, 'administrator');
      const second = await as(w, 'administrator');
      const officeId = w.ids.offices.ceo;
      const page = await first.get(`/directory/offices/${officeId}`).expect(200);
      const holdingId = new RegExp(
        `/directory/offices/${officeId}/holders/([0-9a-f-]{36})/change`,
      ).exec(page.text)![1];
      const form = await first
        .get(`/directory/offices/${officeId}/holders/${holdingId}/change`)
        .expect(200);
      const fields = {
        expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(form.text)![1],
        kind: 'substantive',
        'from-day': valueOf(form.text, 'from-day')!,
        'from-month': valueOf(form.text, 'from-month')!,
        'from-year': valueOf(form.text, 'from-year')!,
      };
      await post(
        first,
        `/directory/offices/${officeId}/holders/${holdingId}/change`,
        { ...fields, kind: 'acting' },
        303,
      );
      const late = await post(
        second,
        `/directory/offices/${officeId}/holders/${holdingId}/change`,
        { ...fields, 'until-day': '1', 'until-month': '6', 'until-year': '2026' },
        409,
      );
      expect(errorSummary(late.text)[0].text).toContain('Someone else changed');
      expect(late.text).toMatch(/value="acting" checked/);
    });
  });

  describe('API keys', () => {
    it('makes a key for a person, shows it once, lists it with its last use in words, and revokes it', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const made = await post(
        admin,
        '/directory/api-keys',
        {
          personId: w.ids.people.officer,
          name: 'Finance system integration',
          'expiresOn-day': '31',
          'expiresOn-month': '12',
          'expiresOn-year': '2026',
        },
        201,
      );
      expect(made.headers['cache-control']).toBe('no-store');
      const key = /<code id="key"[^>]*>([^<]+)<\/code>/.exec(made.text)?.[1];
      expect(key).toMatch(/^rat_/);
      expect(text(made.text)).toContain('Thursday 31 December 2026');
      // The key works, and its use shows on the list in words.
      await request(app.getHttpServer())
        .get('/api/directory/organisations')
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      const list = await admin.get('/directory/api-keys').expect(200);
      expect(text(list.text)).toContain('Finance system integration');
      expect(text(list.text)).toContain('Today at 10:00am');
      expect(list.text).not.toContain(key!);
      const id = /\/directory\/api-keys\/([0-9a-f-]{36})\/revoke/.exec(
        list.text.slice(list.text.indexOf('Finance system integration')),
      )![1];
      await post(admin, `/directory/api-keys/${id}/revoke`, {}, 303);
      await request(app.getHttpServer())
        .get('/api/directory/organisations')
        .set('Authorization', `Bearer ${key}`)
        .expect(401);
      const revoked = await admin.get('/directory/api-keys?status=revoked').expect(200);
      expect(text(revoked.text)).toContain('Finance system integration');
    });

    it('refuses a key without a name or with a last day already past, keeping what was typed', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const res = await post(
        admin,
        '/directory/api-keys',
        {
          personId: '',
          name: '',
          'expiresOn-day': '1',
          'expiresOn-month': '1',
          'expiresOn-year': '2026',
        },
        422,
      );
      expect(errorSummary(res.text).map((e) => e.href)).toEqual(['#personId', '#name']);
      expect(valueOf(res.text, 'expiresOn-year')).toBe('2026');
      const past = await post(
        admin,
        '/directory/api-keys',
        {
          personId: w.ids.people.officer,
          name: 'Old',
          'expiresOn-day': '1',
          'expiresOn-month': '1',
          'expiresOn-year': '2026',
        },
        422,
      );
      expect(errorSummary(past.text)).toEqual([
        {
          href: '#expiresOn-day',
          text: 'The last day it works (Thursday 1 January 2026) is before today (Monday 2 March 2026)',
        },
      ]);
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM api_keys WHERE name = 'Old' AND tenant_id = $1`,
        [w.tenantId],
      );
      expect(n).toBe(0);
    });
  });

  describe('the record of changes', () => {
    it('shows who changed what, when in London time, before and after in words, filtered, and that the chain verifies', async () => {
      // In British Summer Time: 16:30 UTC is 5:30pm in London.
      clock.set(new Date('2026-07-01T16:30:00Z'));
      try {
        const w = await world();
        const admin = await as(w, 'administrator');
        await post(
          admin,
          `/directory/organisations/${w.ids.organisations.healthwatch}/change`,
          { expectedVersion: '1', name: 'Healthwatch Southampton CIC', kind: 'healthwatch' },
          303,
        );
        await post(
          admin,
          '/directory/people',
          {
            name: 'Ravi Patel',
            email: 'ravi.patel@example.org',
            organisationId: w.ids.organisations.healthwatch,
          },
          303,
        );
        const page = await admin.get('/directory/changes').expect(200);
        const words = text(page.text);
        expect(words).toContain('The record is whole: all 2 changes follow one from another');
        expect(words).toContain('Organisation changed: Healthwatch Southampton CIC');
        expect(words).toContain('Wednesday 1 July 2026 at 5:30pm');
        expect(words).toMatch(/Name Healthwatch Southampton Healthwatch Southampton CIC/);
        expect(words).toContain('Person added: Ravi Patel');
        expect(words).toContain('Organisation Healthwatch Southampton CIC');
        expect(page.text).not.toMatch(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/td>/,
        );

        const people = await admin.get('/directory/changes?kind=person').expect(200);
        expect(text(people.text)).toContain('Person added: Ravi Patel');
        expect(text(people.text)).not.toContain('Organisation changed');
        const byAdmin = await admin
          .get(
            `/directory/changes?person=${w.ids.people.gp}&from-day=1&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026`,
          )
          .expect(200);
        expect(text(byAdmin.text)).toContain('Person added: Ravi Patel');
        const before = await admin
          .get('/directory/changes?to-day=30&to-month=6&to-year=2026')
          .expect(200);
        expect(text(before.text)).toContain('No change matches these filters.');
        const bad = await admin
          .get(
            '/directory/changes?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026',
          )
          .expect(422);
        expect(errorSummary(bad.text)).toEqual([
          { href: '#from-day', text: 'The first day must be a real date' },
        ]);
        expect(valueOf(bad.text, 'from-day')).toBe('31');
        const reversed = await admin
          .get(
            '/directory/changes?from-day=2&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026',
          )
          .expect(422);
        expect(errorSummary(reversed.text)[0].href).toBe('#to-day');
      } finally {
        clock.set(new Date('2026-03-02T10:00:00Z'));
      }
    });

    it('says when the chain no longer verifies', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      await post(
        admin,
        '/directory/offices',
        { title: 'Director of Adult Social Care', organisationId: w.ids.organisations.council },
        303,
      );
      // Someone with the database's superuser edits the record behind its append-only triggers.
      await db.superuser(
        `BEGIN; SET LOCAL session_replication_role = replica;
         UPDATE directory_changes SET after = jsonb_set(after, '{title}', '"Someone else"') WHERE tenant_id = '${w.tenantId}'; COMMIT;`,
      );
      const page = await admin.get('/directory/changes').expect(200);
      expect(text(page.text)).toContain(
        'The record does not verify: change 1 was altered after it was recorded',
      );
    });
  });

  describe('who may do what', () => {
    it('lets officers and governance leads read every section but change nothing', async () => {
      const w = await world();
      for (const who of ['officer', 'governanceLead'] as const) {
        const agent = await as(w, who);
        for (const path of [
          '/directory',
          '/directory/organisations',
          `/directory/organisations/${w.ids.organisations.council}`,
          '/directory/people',
          `/directory/people/${w.ids.people.officer}`,
          '/directory/offices',
          `/directory/offices/${w.ids.offices.ceo}`,
          '/directory/changes',
        ]) {
          const page = await agent.get(path).expect(200);
          expect(page.text).not.toMatch(
            />\s*(Add an|Add a person|Change<|Appoint a holder|Mark as left|Correct or end)/,
          );
          expect(page.text).not.toContain('/change"');
        }
        await agent.get('/directory/organisations/new').expect(403);
        await agent.get('/directory/api-keys').expect(403);
        const refused = await post(
          agent,
          '/directory/organisations',
          { name: 'Sneaky', kind: 'other' },
          403,
        );
        expect(text(refused.text)).toContain('You cannot see this page');
        await post(
          agent,
          `/directory/offices/${w.ids.offices.ceo}/appoint`,
          {
            personId: w.ids.people.officer,
            kind: 'acting',
            'from-day': '2',
            'from-month': '3',
            'from-year': '2026',
          },
          403,
        );
      }
      const [{ n }] = await rows(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('shows another council’s administrator nothing of this council’s directory', async () => {
      const a = await world();
      const b = await world();
      const other = await as(b, 'administrator');
      for (const path of [
        `/directory/organisations/${a.ids.organisations.council}`,
        `/directory/organisations/${a.ids.organisations.council}/change`,
        `/directory/people/${a.ids.people.officer}`,
        `/directory/offices/${a.ids.offices.ceo}`,
        `/directory/offices/${a.ids.offices.ceo}/appoint`,
      ])
        await other.get(path).expect(404);
      await post(
        other,
        `/directory/organisations/${a.ids.organisations.council}/change`,
        { expectedVersion: '1', name: 'Taken over', kind: 'other' },
        404,
      );
      await post(
        other,
        `/directory/people/${a.ids.people.officer}/leave`,
        { expectedVersion: '1', 'leftOn-day': '2', 'leftOn-month': '3', 'leftOn-year': '2026' },
        404,
      );
      await post(
        other,
        `/directory/offices/${a.ids.offices.ceo}/appoint`,
        {
          personId: b.ids.people.officer,
          kind: 'acting',
          'from-day': '2',
          'from-month': '3',
          'from-year': '2026',
        },
        404,
      );
      const list = await other.get('/directory/people?q=Whitlock').expect(200);
      expect(list.text).not.toContain(a.emailOf('officer'));
      const changes = await other.get('/directory/changes').expect(200);
      expect(text(changes.text)).toContain('Nothing has changed in the directory yet.');
      const [{ n }] = await rows(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [a.tenantId],
      );
      expect(n).toBe(0);
    });

    it('refuses a form posted without the session’s CSRF token, changing nothing', async () => {
      const w = await world();
      const admin = await as(w, 'administrator');
      const res = await admin
        .post('/directory/organisations')
        .type('form')
        .send({ name: 'Forged', kind: 'other', _csrf: 'not-the-token' })
        .expect(403);
      expect(text(res.text)).toContain('The form has expired');
      await admin
        .post(`/directory/offices/${w.ids.offices.ceo}/appoint`)
        .type('form')
        .send({
          personId: w.ids.people.officer,
          kind: 'acting',
          'from-day': '2',
          'from-month': '3',
          'from-year': '2026',
        })
        .expect(403);
      const [{ n }] = await rows(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('marks Directory as the current section of the service navigation', async () => {
      const w = await world();
      const officer = await as(w, 'officer');
      const page = await officer.get('/directory/people').expect(200);
      expect(page.text).toMatch(
        /<a class="govuk-service-navigation__link" href="\/directory" aria-current="true">/,
      );
    });
  });
});
