import { INestApplication } from '@nestjs/common';
import request from 'supertest';
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
const NAME_OF = 'SELECT name FROM organisations WHERE id = $1';

/**
 * The directory's pages for offices and their holders, API keys and the record of changes through
 * HTTP against real PostgreSQL: the same use cases as the API, bad input refused in words with what
 * was typed kept, version conflicts, and the record of changes in words, filtered and verified.
 */
describe('the directory pages: offices, API keys and the record of changes', () => {
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

  describe('offices and their holders', () => {
    it('lets an administrator add an office, appoint its holder, and correct and end the holding', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const added = await postForm(
        admin,
        '/directory/offices',
        { title: 'Director of Public Health', organisationId: w.ids.organisations.council },
        303,
      );
      const officeId = /\/directory\/offices\/([0-9a-f-]{36})\?done=created$/.exec(
        added.headers.location,
      )![1];
      const appointForm = await admin.get(`/directory/offices/${officeId}/appoint`).expect(200);
      expect(pageText(appointForm.text)).toContain('Jo Barnes');
      const appointed = await postForm(
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
      expect(pageText(page.text)).toContain('The holder is appointed.');
      expect(pageText(page.text)).toContain('Jo Barnes – Holds it today');
      expect(pageText(page.text)).toContain('Sunday 1 February 2026');
      const holdingId = new RegExp(
        `/directory/offices/${officeId}/holders/([0-9a-f-]{36})/change`,
      ).exec(page.text)![1];
      const form = await admin
        .get(`/directory/offices/${officeId}/holders/${holdingId}/change`)
        .expect(200);
      expect(inputValue(form.text, 'from-month')).toBe('2');
      await postForm(
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
      const [h] = await db.ds.query(
        'SELECT held_from::text AS f, held_until::text AS u, kind FROM office_holders WHERE id = $1',
        [holdingId],
      );
      expect(h).toEqual({ f: '2026-02-01', u: '2026-04-30', kind: 'substantive' });
      const list = await admin.get('/directory/offices?q=public+health').expect(200);
      expect(pageText(list.text)).toContain('Director of Public Health');
      expect(pageText(list.text)).toContain('Jo Barnes');
    });

    it('refuses a second substantive holder on the same days, naming the days in words, and saves nothing', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const officeId = w.ids.offices.ceo;
      const res = await postForm(
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
      expect(error.text).toMatch(/^The rule “An office has one holder .*Both would hold it/);
      expect(error.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(res.text).toContain('selected');
      const missing = await postForm(
        admin,
        `/directory/offices/${officeId}/appoint`,
        { kind: 'acting', 'from-day': '1', 'from-month': '', 'from-year': '2026' },
        422,
      );
      expect(errorSummary(missing.text)).toEqual([
        { href: '#personId', text: 'Choose who holds the office' },
        {
          href: '#from-month',
          text: 'The first day they hold the office must include a month',
        },
      ]);
      const [{ n }] = await db.ds.query(
        'SELECT count(*)::int AS n FROM office_holders WHERE office_id = $1',
        [officeId],
      );
      expect(n).toBe(1);
    });

    it('gives the second of two administrators ending one holding a version conflict', async () => {
      const w = await staffWorld(db.ds, clock);
      const first = await signedInAs(app, w, 'administrator');
      const second = await signedInAs(app, w, 'administrator');
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
        'from-day': inputValue(form.text, 'from-day')!,
        'from-month': inputValue(form.text, 'from-month')!,
        'from-year': inputValue(form.text, 'from-year')!,
      };
      await postForm(
        first,
        `/directory/offices/${officeId}/holders/${holdingId}/change`,
        { ...fields, kind: 'acting' },
        303,
      );
      const late = await postForm(
        second,
        `/directory/offices/${officeId}/holders/${holdingId}/change`,
        { ...fields, 'until-day': '1', 'until-month': '6', 'until-year': '2026' },
        409,
      );
      expect(errorSummary(late.text)[0].text).toMatch(/was changed after you opened this page/);
      expect(late.text).toMatch(/value="acting" checked/);
    });
  });

  describe('API keys', () => {
    it('makes a key for a person, shows it once, lists it with its last use in words, and revokes it', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const made = await postForm(
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
      expect(pageText(made.text)).toContain('Thursday 31 December 2026');
      // The key works, and its use shows on the list in words.
      await request(app.getHttpServer())
        .get('/api/directory/organisations')
        .set('Authorization', `Bearer ${key}`)
        .expect(200);
      const list = await admin.get('/directory/api-keys').expect(200);
      expect(pageText(list.text)).toContain('Finance system integration');
      expect(pageText(list.text)).toContain('Today at 10:00am');
      expect(list.text).not.toContain(key!);
      const id = /\/directory\/api-keys\/([0-9a-f-]{36})\/revoke/.exec(
        list.text.slice(list.text.indexOf('Finance system integration')),
      )![1];
      await postForm(admin, `/directory/api-keys/${id}/revoke`, {}, 303);
      await request(app.getHttpServer())
        .get('/api/directory/organisations')
        .set('Authorization', `Bearer ${key}`)
        .expect(401);
      const revoked = await admin.get('/directory/api-keys?status=revoked').expect(200);
      expect(pageText(revoked.text)).toContain('Finance system integration');
    });

    it('refuses a key without a name or with a last day already past, keeping what was typed', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const res = await postForm(
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
      expect(inputValue(res.text, 'expiresOn-year')).toBe('2026');
      const past = await postForm(
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
      const [{ n }] = await db.ds.query(
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
        const w = await staffWorld(db.ds, clock);
        const admin = await signedInAs(app, w, 'administrator');
        await postForm(
          admin,
          `/directory/organisations/${w.ids.organisations.healthwatch}/change`,
          { expectedVersion: '1', name: 'Healthwatch Southampton CIC', kind: 'healthwatch' },
          303,
        );
        await postForm(
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
        const words = pageText(page.text);
        expect(words).toContain('The record is whole: all 2 changes follow one from another');
        expect(words).toContain('Organisation changed: Healthwatch Southampton CIC');
        expect(words).toContain('Wednesday 1 July 2026 at 5:30pm');
        expect(words).toMatch(/Name Healthwatch Southampton Healthwatch Southampton CIC/);
        expect(words).toContain('Person added: Ravi Patel');
        expect(words).toContain('Organisation Healthwatch Southampton CIC');
        expect(page.text).not.toMatch(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/td>/,
        );

        const one = await admin
          .get(`/directory/changes?record=${w.ids.organisations.healthwatch}`)
          .expect(200);
        expect(pageText(one.text)).toContain('Organisation changed: Healthwatch Southampton CIC');
        expect(pageText(one.text)).not.toContain('Person added');
        const people = await admin.get('/directory/changes?kind=person').expect(200);
        expect(pageText(people.text)).toContain('Person added: Ravi Patel');
        expect(pageText(people.text)).not.toContain('Organisation changed');
        const byAdmin = await admin
          .get(
            `/directory/changes?person=${w.ids.people.gp}&from-day=1&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026`,
          )
          .expect(200);
        expect(pageText(byAdmin.text)).toContain('Person added: Ravi Patel');
        const before = await admin
          .get('/directory/changes?to-day=30&to-month=6&to-year=2026')
          .expect(200);
        expect(pageText(before.text)).toContain('No change matches these filters.');
        const bad = await admin
          .get(
            '/directory/changes?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=1&to-year=2026',
          )
          .expect(422);
        expect(errorSummary(bad.text)).toEqual([
          { href: '#from-day', text: 'The first day must be a real date' },
        ]);
        expect(inputValue(bad.text, 'from-day')).toBe('31');
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

    it('shows a body’s rules in words: constituencies by their organisation’s name, minimums, kinds and the partners who must agree, never a key, an id or JSON', async () => {
      const w = await staffWorld(db.ds, clock);
      await request(app.getHttpServer())
        .post('/api/directory/bodies')
        .set({ Authorization: `Bearer ${w.keys.gp}` })
        .send({
          name: 'Joint Board of Ceredigion and Môn',
          kind: 'jcb',
          rules: {
            constituencies: [
              {
                key: 'council',
                name: 'Council members',
                organisationId: w.ids.organisations.council,
              },
              { key: 'health', name: 'Health members', organisationId: w.ids.organisations.ccg },
            ],
            quorum: {
              source: 'Terms of reference 8.1',
              total: 4,
              minimums: [{ category: 'council', min: 2, label: 'council members' }],
            },
            decision: { kind: 'consensus', blocs: ['council', 'health'], source: 'ToR 8.3' },
            delegation: { allowed: true, source: 'ToR 8.4' },
          },
        })
        .expect(201);
      const admin = await signedInAs(app, w, 'administrator');
      const page = await admin.get('/directory/changes?kind=body').expect(200);
      const words = pageText(page.text);
      expect(words).toContain('Body added: Joint Board of Ceredigion and Môn');
      expect(words).toContain('Kind Joint Commissioning Board');
      expect(words).toContain('Council members (Southampton City Council)');
      expect(words).toContain('at least 2 council members');
      expect(words).toContain('Rules, Decision: kind Consensus');
      const [ccg] = await db.ds.query(NAME_OF, [w.ids.organisations.ccg]);
      expect(words).toContain(
        `Rules, Decision: partners who must each agree Council members (Southampton City Council) and Health members (${ccg.name})`,
      );
      expect(words).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(page.text).not.toMatch(/\{&quot;|\{"key/);
      expect(words).not.toContain('A record no longer in the directory');
    });

    it('says when the chain no longer verifies', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      await postForm(
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
      expect(pageText(page.text)).toContain(
        'The record does not verify: change 1 was altered after it was recorded',
      );
    });
  });
});
