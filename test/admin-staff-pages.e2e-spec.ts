import { errorSummary } from '../libs/testing/staff-page-client.service';
import { buildBcfWorld } from '../libs/testing/world.factory';
import {
  adminPagesHarness,
  ADMIN_PASSWORDS,
  rowWith,
} from '../libs/testing/admin-pages-harness.service';

/** The administrator's staff accounts page: create, change role, disable and enable, never their own. */
const h = adminPagesHarness();
const { adminWorld, signIn, signedIn, csrfOf, accountsOf } = h;

describe('the administrator’s pages: staff accounts', () => {
  it('lists the council’s own accounts with their names, emails, roles, status and creation date', async () => {
    const world = await adminWorld();
    const other = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
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
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
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
    const [row]: { role: string; password_hash: string }[] = await h.db.ds.query(
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
    const other = await buildBcfWorld(h.db.ds);
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
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
      h.db.ds.query('SELECT 1 FROM staff_accounts WHERE tenant_id = $1', [other.tenantId]),
    ).resolves.toEqual([]);
  });

  it('refuses a staff form without the session’s CSRF token and changes nothing', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
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
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const officer = await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
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
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const officer = await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
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
      h.db.ds.query('SELECT 1 FROM staff_sessions WHERE account_id = $1', [account]),
    ).resolves.toEqual([]);
    const refused = await signIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
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
    await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
  });

  it('refuses to let an administrator disable or demote themselves, and says why', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const csrf = await csrfOf(admin, '/admin/staff');
    const self = await world.accountId('gp');
    const disable = await admin
      .post(`/admin/staff/${self}/disable`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(403);
    expect(errorSummary(disable.text)).toEqual([
      {
        text: 'The rule “Administrators do not disable or demote their own account” refuses this: this is your own account, and only another administrator could enable it again. Nothing was recorded: ask another administrator to do it.',
        href: `#status-${self}`,
      },
    ]);
    const demote = await admin
      .post(`/admin/staff/${self}/role`)
      .type('form')
      .send({ _csrf: csrf, role: 'officer' })
      .expect(403);
    expect(errorSummary(demote.text)[0].text).toBe(
      'The rule “Administrators do not disable or demote their own account” refuses this: this is your own account, and changing your own role could leave the council without an administrator. Nothing was recorded: ask another administrator to do it.',
    );
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
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
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
    expect((await accountsOf(other)).find((a) => a.person_id === other.ids.people.officer)).toEqual(
      { person_id: other.ids.people.officer, role: 'officer', disabled: false },
    );
  });
});
