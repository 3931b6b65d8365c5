import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import {
  pageText,
  postForm,
  signedInAs,
  staffWorld,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * Who may do what on the directory's pages, through HTTP against real PostgreSQL: officers and
 * governance leads read every section and change nothing, another council's administrator sees
 * nothing, a form without the session's CSRF token changes nothing, and the service's navigation
 * marks the directory as where the reader is.
 */
describe('the directory pages: who may do what', () => {
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

  describe('who may do what', () => {
    it('lets officers and governance leads read every section but change nothing', async () => {
      const w = await staffWorld(db.ds, clock);
      for (const who of ['officer', 'governanceLead'] as const) {
        const agent = await signedInAs(app, w, who);
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
        const refused = await postForm(
          agent,
          '/directory/organisations',
          { name: 'Sneaky', kind: 'other' },
          403,
        );
        expect(pageText(refused.text)).toContain('You cannot see this page');
        await postForm(
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
      const [{ n }] = await db.ds.query(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('shows another council’s administrator nothing of this council’s directory', async () => {
      const a = await staffWorld(db.ds, clock);
      const b = await staffWorld(db.ds, clock);
      const other = await signedInAs(app, b, 'administrator');
      for (const path of [
        `/directory/organisations/${a.ids.organisations.council}`,
        `/directory/organisations/${a.ids.organisations.council}/change`,
        `/directory/people/${a.ids.people.officer}`,
        `/directory/offices/${a.ids.offices.ceo}`,
        `/directory/offices/${a.ids.offices.ceo}/appoint`,
      ])
        await other.get(path).expect(404);
      await postForm(
        other,
        `/directory/organisations/${a.ids.organisations.council}/change`,
        { expectedVersion: '1', name: 'Taken over', kind: 'other' },
        404,
      );
      await postForm(
        other,
        `/directory/people/${a.ids.people.officer}/leave`,
        { expectedVersion: '1', 'leftOn-day': '2', 'leftOn-month': '3', 'leftOn-year': '2026' },
        404,
      );
      await postForm(
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
      expect(pageText(changes.text)).toContain('Nothing has changed in the directory yet.');
      const [{ n }] = await db.ds.query(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [a.tenantId],
      );
      expect(n).toBe(0);
    });

    it('refuses a form posted without the session’s CSRF token, changing nothing', async () => {
      const w = await staffWorld(db.ds, clock);
      const admin = await signedInAs(app, w, 'administrator');
      const res = await admin
        .post('/directory/organisations')
        .type('form')
        .send({ name: 'Forged', kind: 'other', _csrf: 'not-the-token' })
        .expect(403);
      expect(pageText(res.text)).toContain('The form has expired');
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
      const [{ n }] = await db.ds.query(
        'SELECT count(*)::int AS n FROM directory_changes WHERE tenant_id = $1',
        [w.tenantId],
      );
      expect(n).toBe(0);
    });

    it('marks Directory as the current section of the service navigation', async () => {
      const w = await staffWorld(db.ds, clock);
      const officer = await signedInAs(app, w, 'officer');
      const page = await officer.get('/directory/people').expect(200);
      expect(page.text).toMatch(
        /<a class="govuk-service-navigation__link" href="\/directory" aria-current="true">/,
      );
    });
  });
});
