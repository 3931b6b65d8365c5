import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import {
  errorSummary,
  inputValue,
  pageText,
  postForm,
  signedInAs,
  staffWorld,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * The directory's pages for organisations and people through HTTP against real PostgreSQL: each
 * form saves through the same use cases as the API, refuses bad input with every error linked to
 * its field and what was typed kept, and never overwrites a second administrator's change.
 */
describe('the directory pages: organisations and people', () => {
  let db: TestDatabase;
  let app: INestApplication;
  // 2 March 2026, 10:00 in London (GMT).
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('organisations', () => {
    it('lets an administrator add an organisation and change it, each on the record', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const added = await postForm(
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
      expect(pageText(page.text)).toContain('The organisation is added.');
      expect(pageText(page.text)).toContain('Integrated Care Board');
      expect(pageText(page.text)).toContain('Friday 1 July 2022');

      const form = await admin.get(`/directory/organisations/${id}/change`).expect(200);
      expect(inputValue(form.text, 'name')).toBe('Hampshire and Isle of Wight ICB');
      await postForm(
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
      const [o] = await db.ds.query(
        'SELECT name, kind, active_from::text AS f, version FROM organisations WHERE id = $1',
        [id],
      );
      expect(o).toEqual({
        name: 'NHS Hampshire and Isle of Wight',
        kind: 'icb',
        f: '2022-07-01',
        version: 2,
      });
      const changes = await db.ds.query(
        `SELECT action, actor->>'name' AS who FROM directory_changes WHERE subject_id = $1 ORDER BY seq`,
        [id],
      );
      expect(changes).toEqual([
        { action: 'created', who: expect.any(String) },
        { action: 'changed', who: expect.any(String) },
      ]);
    });

    it('refuses bad input with every error linked to its field, keeps what was typed, saves nothing', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const res = await postForm(
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
        { href: '#activeUntil-month', text: 'The last day it is a partner must include a month' },
      ]);
      expect(inputValue(res.text, 'activeFrom-day')).toBe('31');
      expect(inputValue(res.text, 'activeUntil-year')).toBe('2027');

      // The use case's own rules come back in words too: a name taken, days out of order.
      const taken = await postForm(
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
      expect(inputValue(taken.text, 'name')).toBe('Southampton City Council');
      const [{ n }] = await db.ds.query(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('never offers the abolished CCG kind for a new organisation, and names it as history', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const form = await admin.get('/directory/organisations/new').expect(200);
      expect(form.text).not.toContain('value="ccg"');
      expect(pageText(form.text)).toContain('NHS England region');
      const res = await postForm(admin, '/directory/organisations', {
        name: 'Old CCG',
        kind: 'ccg',
      });
      expect(res.status).toBe(422);
      expect(errorSummary(res.text)[0].href).toBe('#kind');
    });

    it('gives the second of two administrators a version conflict showing the organisation as it is now', async () => {
      const w = await staffWorld(db.ds, clock);
      const first = await signedInAs(app, w, 'administrator');
      const second = await signedInAs(app, w, 'administrator');
      const id = w.ids.organisations.healthwatch;
      const before = await first.get(`/directory/organisations/${id}/change`).expect(200);
      const version =
        inputValue(before.text, 'expectedVersion') ??
        /name="expectedVersion" value="(\d+)"/.exec(before.text)?.[1];
      expect(version).toBe('1');
      await postForm(
        first,
        `/directory/organisations/${id}/change`,
        {
          expectedVersion: '1',
          name: 'Healthwatch Southampton (renamed)',
          kind: 'healthwatch',
        },
        303,
      );
      const late = await postForm(
        second,
        `/directory/organisations/${id}/change`,
        {
          expectedVersion: '1',
          name: 'Healthwatch Southampton CIC',
          kind: 'healthwatch',
        },
        409,
      );
      expect(errorSummary(late.text)[0].text).toContain(
        'was changed after you opened this page, so nothing was recorded',
      );
      expect(inputValue(late.text, 'name')).toBe('Healthwatch Southampton (renamed)');
      expect(/name="expectedVersion" value="(\d+)"/.exec(late.text)?.[1]).toBe('2');
      const [o] = await db.ds.query('SELECT name FROM organisations WHERE id = $1', [id]);
      expect(o.name).toBe('Healthwatch Southampton (renamed)');
    });
  });

  describe('people', () => {
    it('lets an administrator add a person, change them and mark them left', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const added = await postForm(
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
      expect(pageText(page.text)).toContain('The person is added.');
      expect(pageText(page.text)).toContain('Southampton City Council');
      await postForm(
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
      const left = await postForm(
        admin,
        `/directory/people/${id}/leave`,
        { expectedVersion: '2', 'leftOn-day': '31', 'leftOn-month': '3', 'leftOn-year': '2026' },
        303,
      );
      const after = await admin.get(left.headers.location).expect(200);
      expect(pageText(after.text)).toContain('Tuesday 31 March 2026');
      const [p] = await db.ds.query(
        'SELECT email, is_elected_member AS e, left_on::text AS l FROM people WHERE id = $1',
        [id],
      );
      expect(p).toEqual({ email: 'p.shah@example.org', e: true, l: '2026-03-31' });

      const list = await admin.get('/directory/people?q=shah').expect(200);
      expect(pageText(list.text)).toContain('Priya Shah');
      const byOrganisation = await admin
        .get(`/directory/people?organisation=${w.ids.organisations.healthwatch}`)
        .expect(200);
      expect(pageText(byOrganisation.text)).not.toContain('Priya Shah');
    });

    it('refuses a bad or taken email with the field linked and what was typed kept', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const bad = await postForm(
        admin,
        '/directory/people',
        { name: 'Sam Lee', email: 'sam at example' },
        422,
      );
      expect(errorSummary(bad.text)).toEqual([
        { href: '#email', text: 'Enter an email address in the right form, like name@example.org' },
      ]);
      expect(inputValue(bad.text, 'name')).toBe('Sam Lee');
      expect(inputValue(bad.text, 'email')).toBe('sam at example');
      const taken = await postForm(
        admin,
        '/directory/people',
        { name: 'Sam Lee', email: w.emailOf('officer').toUpperCase() },
        422,
      );
      expect(errorSummary(taken.text)[0]).toEqual({
        href: '#email',
        text: expect.stringContaining('is already the email of Dana Whitlock'),
      });
      const [{ n }] = await db.ds.query(
        `SELECT count(*)::int AS n FROM people WHERE tenant_id = $1 AND name = 'Sam Lee'`,
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('gives the second of two administrators a version conflict', async () => {
      const w = await staffWorld(db.ds, clock);
      const first = await signedInAs(app, w, 'administrator');
      const second = await signedInAs(app, w, 'administrator');
      const id = w.ids.people.healthwatch;
      const form = await first.get(`/directory/people/${id}/change`).expect(200);
      const fields = {
        expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(form.text)![1],
        name: 'Jo Barnes-Smith',
        email: inputValue(form.text, 'email')!,
      };
      await postForm(first, `/directory/people/${id}/change`, fields, 303);
      const late = await postForm(
        second,
        `/directory/people/${id}/change`,
        { ...fields, name: 'Joanne Barnes' },
        409,
      );
      expect(errorSummary(late.text)[0].text).toContain(
        'was changed after you opened this page, so nothing was recorded',
      );
      expect(inputValue(late.text, 'name')).toBe('Jo Barnes-Smith');
      const [p] = await db.ds.query('SELECT name FROM people WHERE id = $1', [id]);
      expect(p.name).toBe('Jo Barnes-Smith');
    });
  });
});
