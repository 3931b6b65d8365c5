import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_PASSWORDS, seedDemo } from '../libs/demo/demo-seed.service';
import { ManualClock } from '../libs/core/clock.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';

const PASSWORDS = {
  administrator: 'admin-password-1',
  officer: 'officer-password-1',
  governanceLead: 'lead-password-1',
};

const DEFAULT_SETTINGS = {
  calendar: { extraClosures: [], weekendsCountAsClearDays: false },
  interests: { dpiMemberMustLeaveRoom: false },
  callIn: { periodWorkingDays: 5 },
};

/** The administrator's pages through HTTP: who may see them, what they save, what they refuse. */
describe('the administrator’s pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let address = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  interface AdminWorld extends BcfWorld {
    email: (personKey: string) => Promise<string>;
    accountId: (personKey: string) => Promise<string>;
  }

  /** A world of its own where Dr Okafor administers Ratify, Dana Whitlock is an officer and Lee Morgan the governance lead. */
  async function adminWorld(): Promise<AdminWorld> {
    const world = await buildBcfWorld(db.ds);
    for (const [personKey, role, password] of [
      ['gp', 'administrator', PASSWORDS.administrator],
      ['officer', 'officer', PASSWORDS.officer],
      ['governanceLead', 'governance_lead', PASSWORDS.governanceLead],
    ] as const) {
      await StaffAuthService.createAccount(db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
    }
    return {
      ...world,
      email: async (personKey) => world.emailOf(personKey),
      accountId: async (personKey) => {
        const [a]: { id: string }[] = await db.ds.query(
          'SELECT id FROM staff_accounts WHERE person_id = $1',
          [world.ids.people[personKey]],
        );
        return a.id;
      },
    };
  }

  /** Each sign-in comes from an address of its own: the sign-in rate limit counts per address. */
  function signIn(email: string, password: string) {
    const agent = request.agent(app.getHttpServer());
    return postSignIn(
      agent,
      { email, password, next: '/cases' },
      { 'X-Forwarded-For': `192.0.2.${++address}` },
    ).then((res) => ({ agent, res }));
  }

  async function signedIn(email: string, password: string) {
    const { agent, res } = await signIn(email, password);
    expect(res.status).toBe(303);
    return agent;
  }

  async function csrfOf(agent: request.Agent, path = '/cases'): Promise<string> {
    const page = await agent.get(path).expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  async function settingsOf(world: BcfWorld) {
    const res = await request(app.getHttpServer())
      .get('/api/settings')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    return res.body as typeof DEFAULT_SETTINGS;
  }

  async function accountsOf(world: BcfWorld) {
    const rows: { person_id: string; role: string; disabled: boolean }[] = await db.ds.query(
      'SELECT person_id, role, disabled_at IS NOT NULL AS disabled FROM staff_accounts WHERE tenant_id = $1 ORDER BY person_id',
      [world.tenantId],
    );
    return rows;
  }

  /** The <input> tag with `id`, to read its value. */
  function inputTag(html: string, id: string): string {
    return new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
  }

  /** The table row that mentions `text` (and no other row). */
  function rowWith(html: string, text: string): string {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const notAnotherRow = '(?:(?!<tr)[\\s\\S])*?';
    return (
      new RegExp(
        `<tr class="govuk-table__row">${notAnotherRow}${escaped}${notAnotherRow}</tr>`,
      ).exec(html)?.[0] ?? ''
    );
  }

  /** The error summary's links, as (text, href) pairs. */
  function errorSummary(html: string): { text: string; href: string }[] {
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    return [...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
      href: m[1],
      text: m[2].trim(),
    }));
  }

  describe('who may see them', () => {
    it('sends a signed-out visitor to sign in, back to the page they asked for', async () => {
      for (const path of ['/admin/settings', '/admin/staff']) {
        const res = await request(app.getHttpServer()).get(path).expect(303);
        expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
      }
      await request(app.getHttpServer())
        .post('/admin/settings/closures')
        .type('form')
        .send({ 'closureDate-day': '29', 'closureDate-month': '12', 'closureDate-year': '2025' })
        .expect(303);
    });

    it('gives an officer and a governance lead the 403 page, and lets neither change anything', async () => {
      const world = await adminWorld();
      for (const [personKey, password] of [
        ['officer', PASSWORDS.officer],
        ['governanceLead', PASSWORDS.governanceLead],
      ] as const) {
        const agent = await signedIn(await world.email(personKey), password);
        const csrf = await csrfOf(agent);
        for (const path of ['/admin/settings', '/admin/staff']) {
          const res = await agent.get(path).expect(403);
          expect(res.text).toContain('You cannot see this page');
        }
        await agent
          .post('/admin/settings')
          .type('form')
          .send({
            _csrf: csrf,
            weekendsCountAsClearDays: 'yes',
            dpiMemberMustLeaveRoom: 'yes',
            periodWorkingDays: '10',
          })
          .expect(403);
        await agent
          .post('/admin/staff')
          .type('form')
          .send({
            _csrf: csrf,
            personId: world.ids.people.healthwatch,
            role: 'administrator',
            password: 'a-long-enough-password',
          })
          .expect(403);
        await agent
          .post(`/admin/staff/${await world.accountId('gp')}/disable`)
          .type('form')
          .send({ _csrf: csrf })
          .expect(403);
      }
      await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
      const accounts = await accountsOf(world);
      expect(accounts).toHaveLength(3);
      expect(accounts.every((a) => !a.disabled)).toBe(true);
    });

    it('shows an administrator the links to the admin pages in the staff header, and nobody else', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const adminCases = await admin.get('/cases').expect(200);
      expect(adminCases.text).toContain('href="/admin/settings"');
      expect(adminCases.text).toContain('href="/admin/staff"');
      const officer = await signedIn(await world.email('officer'), PASSWORDS.officer);
      const officerCases = await officer.get('/cases').expect(200);
      expect(officerCases.text).not.toContain('/admin/');
    });
  });

  describe('council settings', () => {
    it('shows the defaults of a council that has set nothing', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const page = await admin.get('/admin/settings').expect(200);
      expect(page.text).toContain('The council has no extra closure days.');
      expect(page.text).toContain('The default is no: only working days count.');
      expect(page.text).toContain('The default is no: the member may stay in the room.');
      expect(page.text).toContain('The default is 5.');
      expect(inputTag(page.text, 'periodWorkingDays')).toContain('value="5"');
    });

    it('adds a closure day that /api/settings then gives, and removes it again', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/settings');
      const added = await admin
        .post('/admin/settings/closures')
        .type('form')
        .send({
          _csrf: csrf,
          'closureDate-day': '29',
          'closureDate-month': '12',
          'closureDate-year': '2025',
          closureReason: 'Civic centre closed between Christmas and New Year',
        })
        .expect(303);
      expect(added.headers.location).toBe('/admin/settings?done=closure-added');
      await expect(settingsOf(world)).resolves.toEqual({
        ...DEFAULT_SETTINGS,
        calendar: {
          extraClosures: [
            { date: '2025-12-29', reason: 'Civic centre closed between Christmas and New Year' },
          ],
          weekendsCountAsClearDays: false,
        },
      });
      const page = await admin.get(added.headers.location).expect(200);
      expect(page.text).toContain('The closure day is added.');
      expect(page.text).toContain('Monday 29 December 2025');
      expect(page.text).toContain('Civic centre closed between Christmas and New Year');

      await admin
        .post('/admin/settings/closures/remove')
        .type('form')
        .send({ _csrf: csrf, date: '2025-12-29' })
        .expect(303);
      await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
    });

    it('saves the clear-day, interest and call-in rules, which the API then gives', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/settings');
      await admin
        .post('/admin/settings')
        .type('form')
        .send({
          _csrf: csrf,
          weekendsCountAsClearDays: 'yes',
          dpiMemberMustLeaveRoom: 'yes',
          periodWorkingDays: '10',
        })
        .expect(303);
      await expect(settingsOf(world)).resolves.toEqual({
        calendar: { extraClosures: [], weekendsCountAsClearDays: true },
        interests: { dpiMemberMustLeaveRoom: true },
        callIn: { periodWorkingDays: 10 },
      });
      const page = await admin.get('/admin/settings?done=rules').expect(200);
      expect(page.text).toContain('The rules are saved.');
      expect(inputTag(page.text, 'periodWorkingDays')).toContain('value="10"');
    });

    it('refuses a settings form without the session’s CSRF token and changes nothing', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const rules = await admin
        .post('/admin/settings')
        .type('form')
        .send({
          weekendsCountAsClearDays: 'yes',
          dpiMemberMustLeaveRoom: 'yes',
          periodWorkingDays: '9',
        })
        .expect(403);
      expect(errorSummary(rules.text)).toEqual([
        { text: 'The form has expired. Reload the page and try again.', href: '#main-content' },
      ]);
      await admin
        .post('/admin/settings/closures')
        .type('form')
        .send({
          _csrf: 'not-the-token',
          'closureDate-day': '29',
          'closureDate-month': '12',
          'closureDate-year': '2025',
          closureReason: 'Closed',
        })
        .expect(403);
      await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
    });

    it('shows an error summary linked to each field of invalid settings, and saves nothing', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/settings');
      const rules = await admin
        .post('/admin/settings')
        .type('form')
        .send({ _csrf: csrf, weekendsCountAsClearDays: 'yes', periodWorkingDays: '99' })
        .expect(422);
      expect(errorSummary(rules.text)).toEqual([
        {
          text: 'Select whether a member with a disclosable pecuniary interest must leave the room',
          href: '#dpiMemberMustLeaveRoom',
        },
        {
          text: 'Enter a call-in period from 1 to 30 working days, as a whole number',
          href: '#periodWorkingDays',
        },
      ]);
      expect(rules.text).toContain('<title>Error: Council settings – Ratify</title>');
      // What was typed stays in the form, so that it can be corrected.
      expect(inputTag(rules.text, 'periodWorkingDays')).toContain('value="99"');
      expect(rules.text).toContain('id="periodWorkingDays-error"');

      const blank = await admin
        .post('/admin/settings/closures')
        .type('form')
        .send({
          _csrf: csrf,
          'closureDate-day': '',
          'closureDate-month': '',
          'closureDate-year': '',
        })
        .expect(422);
      expect(errorSummary(blank.text)).toEqual([
        { text: 'Enter the date of the closure day', href: '#closureDate-day' },
        { text: 'Enter why the council is closed that day', href: '#closureReason' },
      ]);
      const unreal = await admin
        .post('/admin/settings/closures')
        .type('form')
        .send({
          _csrf: csrf,
          'closureDate-day': '30',
          'closureDate-month': '2',
          'closureDate-year': '2026',
          closureReason: 'Closed',
        })
        .expect(422);
      expect(errorSummary(unreal.text)).toEqual([
        {
          text: 'The date of the closure day must be a real date, for example 29 12 2025',
          href: '#closureDate-day',
        },
      ]);
      await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
    });

    it('refuses a second closure day on the same date', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/settings');
      const closure = {
        _csrf: csrf,
        'closureDate-day': '2',
        'closureDate-month': '1',
        'closureDate-year': '2026',
        closureReason: 'Closed for the new year',
      };
      await admin.post('/admin/settings/closures').type('form').send(closure).expect(303);
      const again = await admin
        .post('/admin/settings/closures')
        .type('form')
        .send({ ...closure, closureReason: 'Another reason' })
        .expect(422);
      expect(errorSummary(again.text)).toEqual([
        {
          text: 'Fri 2 Jan 2026 is already a closure day: remove it first to change its reason',
          href: '#closureDate-day',
        },
      ]);
      expect((await settingsOf(world)).calendar.extraClosures).toEqual([
        { date: '2026-01-02', reason: 'Closed for the new year' },
      ]);
    });
  });

  describe('staff accounts', () => {
    it('lists the council’s own accounts with their names, emails, roles, status and creation date', async () => {
      const world = await adminWorld();
      const other = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const page = await admin.get('/admin/staff').expect(200);
      // Your own role is words; another's is the chosen option of the form that changes it.
      for (const [personKey, role] of [
        ['gp', 'Administrator'],
        ['officer', '<option value="officer" selected>Officer</option>'],
        ['governanceLead', '<option value="governance_lead" selected>Governance lead</option>'],
      ]) {
        const row = rowWith(page.text, await world.email(personKey));
        expect([personKey, row]).toEqual([personKey, expect.stringContaining(role)]);
        expect(row).toContain('Active');
        expect(row).toContain('Friday 1 August 2025');
      }
      expect(rowWith(page.text, await world.email('gp'))).toContain('Sam Okafor (you)');
      expect(page.text).not.toContain(await other.email('officer'));
    });

    it('creates an account for a person in the directory, who can then sign in with its role', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/staff');
      const created = await admin
        .post('/admin/staff')
        .type('form')
        .send({
          _csrf: csrf,
          personId: world.ids.people.healthwatch,
          role: 'governance_lead',
          password: 'correct horse battery staple',
        })
        .expect(303);
      expect(created.headers.location).toBe('/admin/staff?done=created');
      const [row]: { role: string; password_hash: string }[] = await db.ds.query(
        'SELECT role, password_hash FROM staff_accounts WHERE person_id = $1',
        [world.ids.people.healthwatch],
      );
      expect(row.role).toBe('governance_lead');
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain('correct horse');

      const jo = await signedIn(await world.email('healthwatch'), 'correct horse battery staple');
      await jo.get('/cases').expect(200);
      await jo.get('/cases/new').expect(403);
      // Someone who has an account is no longer offered for a new one.
      const page = await admin.get('/admin/staff').expect(200);
      expect(page.text).not.toContain(`value="${world.ids.people.healthwatch}"`);
    });

    it('refuses an invalid account with an error summary linked to each field, and creates nothing', async () => {
      const world = await adminWorld();
      const other = await buildBcfWorld(db.ds);
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/staff');
      const invalid = await admin
        .post('/admin/staff')
        .type('form')
        .send({ _csrf: csrf, personId: '', password: 'short' })
        .expect(422);
      expect(errorSummary(invalid.text)).toEqual([
        { text: 'Choose the person the account is for', href: '#personId' },
        { text: 'Choose a role', href: '#role' },
        { text: 'Use at least 12 characters in the password', href: '#password' },
      ]);
      expect(invalid.text).toContain('<title>Error: Staff accounts – Ratify</title>');
      const foreign = await admin
        .post('/admin/staff')
        .type('form')
        .send({
          _csrf: csrf,
          personId: other.ids.people.healthwatch,
          role: 'officer',
          password: 'a-long-enough-password',
        })
        .expect(422);
      expect(errorSummary(foreign.text)).toEqual([
        { text: 'Choose a person from your organisation’s directory', href: '#personId' },
      ]);
      const twice = await admin
        .post('/admin/staff')
        .type('form')
        .send({
          _csrf: csrf,
          personId: world.ids.people.officer,
          role: 'administrator',
          password: 'a-long-enough-password',
        })
        .expect(422);
      expect(errorSummary(twice.text)[0].href).toBe('#personId');
      const accounts = await accountsOf(world);
      expect(accounts.map((a) => a.role).sort()).toEqual([
        'administrator',
        'governance_lead',
        'officer',
      ]);
      await expect(
        db.ds.query('SELECT 1 FROM staff_accounts WHERE tenant_id = $1', [other.tenantId]),
      ).resolves.toEqual([]);
    });

    it('refuses a staff form without the session’s CSRF token and changes nothing', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      await admin
        .post('/admin/staff')
        .type('form')
        .send({
          personId: world.ids.people.healthwatch,
          role: 'officer',
          password: 'a-long-enough-password',
        })
        .expect(403);
      // A post without any form body, or not a form at all, is refused the same way.
      await admin.post('/admin/staff').expect(403);
      await admin.post('/admin/settings').set('Content-Type', 'text/plain').send('x').expect(403);
      await admin.post('/admin/settings/closures').expect(403);
      const officerAccount = await world.accountId('officer');
      await admin.post(`/admin/staff/${officerAccount}/disable`).type('form').send({}).expect(403);
      await admin
        .post(`/admin/staff/${officerAccount}/role`)
        .type('form')
        .send({ _csrf: 'x', role: 'administrator' })
        .expect(403);
      const accounts = await accountsOf(world);
      expect(accounts).toHaveLength(3);
      expect(accounts.find((a) => a.person_id === world.ids.people.officer)).toEqual({
        person_id: world.ids.people.officer,
        role: 'officer',
        disabled: false,
      });
    });

    it('changes a role, which applies at the account’s next page', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const officer = await signedIn(await world.email('officer'), PASSWORDS.officer);
      await officer.get('/cases/new').expect(200);
      const csrf = await csrfOf(admin, '/admin/staff');
      await admin
        .post(`/admin/staff/${await world.accountId('officer')}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'governance_lead' })
        .expect(303);
      await officer.get('/cases/new').expect(403);
      const bad = await admin
        .post(`/admin/staff/${await world.accountId('officer')}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'superuser' })
        .expect(422);
      expect(errorSummary(bad.text)).toEqual([
        { text: 'Choose a role', href: `#role-${await world.accountId('officer')}` },
      ]);
    });

    it('disables an account: its session ends at once and it cannot sign in until enabled again', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const officer = await signedIn(await world.email('officer'), PASSWORDS.officer);
      await officer.get('/cases').expect(200);
      const csrf = await csrfOf(admin, '/admin/staff');
      const account = await world.accountId('officer');
      await admin
        .post(`/admin/staff/${account}/disable`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      const after = await officer.get('/cases').expect(303);
      expect(after.headers.location).toMatch(/^\/sign-in/);
      await expect(
        db.ds.query('SELECT 1 FROM staff_sessions WHERE account_id = $1', [account]),
      ).resolves.toEqual([]);
      const refused = await signIn(await world.email('officer'), PASSWORDS.officer);
      expect(refused.res.status).toBe(422);
      expect(refused.res.text).toContain('The email address or password is not right');
      const page = await admin.get('/admin/staff?done=disabled').expect(200);
      expect(page.text).toContain('The account is disabled and its sessions are ended.');
      const row = rowWith(page.text, await world.email('officer'));
      expect(row).toContain('Disabled');
      expect(row).toContain(
        'Enable<span class="govuk-visually-hidden"> the account of Dana Whitlock',
      );

      await admin
        .post(`/admin/staff/${account}/enable`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      await signedIn(await world.email('officer'), PASSWORDS.officer);
    });

    it('refuses to let an administrator disable or demote themselves, and says why', async () => {
      const world = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/staff');
      const self = await world.accountId('gp');
      const disable = await admin
        .post(`/admin/staff/${self}/disable`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(403);
      expect(errorSummary(disable.text)).toEqual([
        {
          text: 'You cannot disable your own account: ask another administrator.',
          href: `#status-${self}`,
        },
      ]);
      const demote = await admin
        .post(`/admin/staff/${self}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'officer' })
        .expect(403);
      expect(errorSummary(demote.text)[0].text).toContain('You cannot change your own role');
      await admin.get('/admin/staff').expect(200);
      expect((await accountsOf(world)).find((a) => a.person_id === world.ids.people.gp)).toEqual({
        person_id: world.ids.people.gp,
        role: 'administrator',
        disabled: false,
      });
    });

    it('answers an account of another council as unknown, and changes nothing there', async () => {
      const world = await adminWorld();
      const other = await adminWorld();
      const admin = await signedIn(await world.email('gp'), PASSWORDS.administrator);
      const csrf = await csrfOf(admin, '/admin/staff');
      const theirs = await other.accountId('officer');
      await admin
        .post(`/admin/staff/${theirs}/disable`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(422);
      await admin
        .post(`/admin/staff/${theirs}/role`)
        .type('form')
        .send({ _csrf: csrf, role: 'administrator' })
        .expect(422);
      expect(
        (await accountsOf(other)).find((a) => a.person_id === other.ids.people.officer),
      ).toEqual({ person_id: other.ids.people.officer, role: 'officer', disabled: false });
    });
  });
});

describe('the demo’s administrator', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('signs in with the password README gives and reaches both admin pages', async () => {
    await seedDemo(db.ds, clock, app.get(OpenCaseUseCase), app.get(SendEventUseCase));
    const agent = request.agent(app.getHttpServer());
    expect(
      (await postSignIn(agent, { ...DEMO_PASSWORDS.administrator, next: '/admin/settings' }))
        .status,
    ).toBe(303);
    await agent.get('/admin/settings').expect(200);
    const staff = await agent.get('/admin/staff').expect(200);
    expect(staff.text).toContain('Riley Shaw (you)');
    expect(staff.text).toContain(DEMO_PASSWORDS.officer.email);
  });
});
