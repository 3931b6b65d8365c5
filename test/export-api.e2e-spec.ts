import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { verifyArchiveFile } from '../libs/export/archive-verifier.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { buildExportWorld, ExportWorld } from '../libs/testing/export-world.factory';
import {
  csrfOf,
  errorSummary,
  inputValue,
  pageText,
  signedInAs,
  STAFF,
} from '../libs/testing/staff-page-client.service';
import { binaryBody } from '../libs/testing/binary-response.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Issue #18, item 3: the export for administrators, through the API (a streamed download documented
 * in OpenAPI) and the Export records page; refused to anyone else; each download recorded.
 */

describe('exports for administrators, through the API and the page', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let w: ExportWorld;
  let dir: string;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const key = (who: string) => ({ Authorization: `Bearer ${w.world.keys[who]}` });
  const exportsOf = (channel: string) =>
    db.ds.query<{ kind: string; subject_email: string | null; requested_by: unknown }[]>(
      'SELECT kind, subject_email, requested_by FROM data_exports WHERE tenant_id = $1 AND channel = $2 ORDER BY requested_at',
      [w.world.tenantId, channel],
    );
  const verified = async (name: string, body: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return verifyArchiveFile(file);
  };

  beforeAll(async () => {
    db = await openTestDatabase(4);
    app = await buildTestApp(db.ds, clock);
    w = await buildExportWorld(app, db.ds, clock);
    for (const s of Object.values(STAFF))
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: w.world.tenantId,
        personId: w.world.ids.people[s.personKey],
        role: s.role,
        password: s.password,
        at: clock.now(),
      });
    dir = mkdtempSync(join(tmpdir(), 'ratify-export-api-'));
  }, 180_000);
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await app.close();
    await db.drop();
  });

  it('streams the council’s records to an administrator’s API key as a tar.gz that verifies offline, and records who asked', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/exports/council.tar.gz')
      .set(key('gp'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="ratify-records-2022-01-09.tar.gz"',
    );
    const report = await verified('api.tar.gz', res.body as Buffer);
    expect(report.problems).toEqual([]);
    expect(report.manifest).toMatchObject({ kind: 'council', council: { id: w.world.tenantId } });
    expect(report.checked).toMatchObject({ chains: 1, documents: 3 });
    expect(await exportsOf('api')).toEqual([
      {
        kind: 'council',
        subject_email: null,
        requested_by: { kind: 'person', personId: w.world.ids.people.gp, name: 'Dr Sam Okafor' },
      },
    ]);
  });

  it('refuses anyone but an administrator with a 403 problem, exporting and recording nothing', async () => {
    const before = await db.ds.query('SELECT count(*)::int AS n FROM data_exports');
    for (const path of [
      '/api/exports/council.tar.gz',
      '/api/exports/person.tar.gz?email=x@y.test',
    ]) {
      const res = await request(app.getHttpServer()).get(path).set(key('officer')).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'NOT_AUTHORISED',
        detail: expect.stringContaining(
          'Only an administrator of your council exports its records',
        ),
      });
    }
    expect(await db.ds.query('SELECT count(*)::int AS n FROM data_exports')).toEqual(before);
  });

  it('gives a person’s records by email, and says which field is wrong for an email nobody has', async () => {
    const unknown = await request(app.getHttpServer())
      .get('/api/exports/person.tar.gz?email=nobody@example.org')
      .set(key('gp'))
      .expect(422);
    expect(unknown.body).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [
        {
          path: 'email',
          message: 'Nobody in the directory has the email address nobody@example.org',
        },
      ],
    });
    const email = w.world.emailOf('chair');
    const res = await request(app.getHttpServer())
      .get(`/api/exports/person.tar.gz?email=${encodeURIComponent(email)}`)
      .set(key('gp'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const report = await verified('person.tar.gz', res.body as Buffer);
    expect(report.problems).toEqual([]);
    expect(report.manifest).toMatchObject({
      kind: 'person',
      person: { email, personIds: [w.world.ids.people.chair] },
    });
    expect((await exportsOf('api')).map((e) => e.subject_email)).toContain(email);
  });

  it('offers an administrator the Export records page: a button for all records, a form for one person’s', async () => {
    const admin = await signedInAs(app, w.world, 'administrator');
    const page = await admin.get('/admin/export').expect(200);
    expect(pageText(page.text)).toContain('Download all records');
    expect(pageText(page.text)).toContain('Each download is recorded with your name and the time.');
    const token = await csrfOf(admin, '/admin/export');

    const all = await admin
      .post('/admin/export')
      .type('form')
      .send({ _csrf: token })
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(all.headers['content-type']).toBe('application/gzip');
    expect((await verified('page.tar.gz', all.body as Buffer)).problems).toEqual([]);
    expect((await exportsOf('page')).map((e) => e.kind)).toEqual(['council']);

    const wrong = await admin
      .post('/admin/export/person')
      .type('form')
      .send({ _csrf: token, email: 'nobody@example.org' })
      .expect(422);
    expect(errorSummary(wrong.text)).toEqual([
      { href: '#email', text: 'Nobody in the directory has the email address nobody@example.org' },
    ]);
    expect(inputValue(wrong.text, 'email')).toBe('nobody@example.org');
    expect((await exportsOf('page')).map((e) => e.kind)).toEqual(['council']);

    const officer = await signedInAs(app, w.world, 'officer');
    const refused = await officer.get('/admin/export').expect(403);
    expect(pageText(refused.text)).not.toContain('Download all records');
    const posted = await officer
      .post('/admin/export')
      .type('form')
      .send({ _csrf: await csrfOf(officer, '/cases') });
    expect(posted.status).toBe(403);
    expect((await exportsOf('page')).map((e) => e.kind)).toEqual(['council']);
  });
});
