import { INestApplication } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { BcfWorld } from '../libs/testing/world.factory';
import {
  csrfOf,
  errorSummary,
  pageText,
  signedInAs,
  staffWorld,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * /directory/import through HTTP against real PostgreSQL: an administrator chooses CSV files,
 * sees every problem by line and column in the error summary (nothing saved), or what the files
 * would add and change, confirms, and reads what was added; the same files again change nothing.
 * Officers neither import nor export.
 */
describe('the directory’s import page', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const people = stringify([
    ['name', 'email', 'organisation', 'elected_member'],
    ['Cllr Ada Finch', 'ada.finch@example.org', 'Southampton City Council', 'yes'],
    ['Dr Ben Osei', 'ben.osei@example.org', 'NHS Southampton City CCG', 'no'],
  ]);
  const memberships = stringify([
    ['body', 'person_email', 'constituency', 'valid_from'],
    ['Southampton Health and Wellbeing Board', 'ben.osei@example.org', 'ccg', '01/06/2026'],
  ]);

  const changeCount = async (w: BcfWorld) =>
    (
      await db.ds.query<{ n: number }[]>(
        'SELECT directory_changes AS n FROM tenants WHERE tenant_id = $1',
        [w.tenantId],
      )
    )[0].n;

  /** Chooses files on the form and checks them, as a browser posts the form. */
  async function check(
    agent: request.Agent,
    files: Record<string, string>,
    status: number,
    csrf?: string,
  ) {
    let post = agent
      .post('/directory/import/check')
      .field('_csrf', csrf ?? (await csrfOf(agent, '/directory/import')));
    for (const [name, text] of Object.entries(files))
      post = post.attach(name, Buffer.from(text), {
        filename: `${name}.csv`,
        contentType: 'text/csv',
      });
    const res = await post;
    if (res.status !== status)
      throw new Error(
        `checking the files answered ${res.status}: ${pageText(res.text).slice(0, 600)}`,
      );
    return res;
  }

  /** The preview's hidden fields, as a browser sends them back (the page escapes them). */
  function hiddenFields(html: string): Record<string, string> {
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
    return Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        unescape(m[2]),
      ]),
    );
  }

  it('checks the files, shows what they add, imports them on confirmation and says what was added', async () => {
    const w = await staffWorld(db.ds, clock);
    const admin = await signedInAs(app, w, 'administrator');
    const form = await admin.get('/directory/import').expect(200);
    expect(pageText(form.text)).toContain('Import and export the directory');
    expect(form.text).toContain('enctype="multipart/form-data"');
    const exported = await admin.get('/directory/import/people.csv').expect(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.text).toContain(
      `Dana Whitlock,${w.emailOf('officer')},Southampton City Council`,
    );

    const before = await changeCount(w);
    const preview = await check(admin, { people, memberships }, 200);
    const text = pageText(preview.text);
    expect(text).toContain('Check what the import changes');
    expect(text).toContain('Added: 2 people');
    expect(text).toContain('Cllr Ada Finch (ada.finch@example.org)');
    expect(text).toContain('Added: 1 membership');
    expect(text).toContain(
      'Dr Ben Osei on Southampton Health and Wellbeing Board from Monday 1 June 2026',
    );
    expect(await changeCount(w)).toBe(before);

    const fields = hiddenFields(preview.text);
    expect(fields.people).toBe(people);
    let confirm = admin.post('/directory/import');
    for (const [k, v] of Object.entries(fields)) confirm = confirm.field(k, v);
    const done = await confirm.expect(200);
    expect(pageText(done.text)).toContain('Import complete');
    expect(pageText(done.text)).toContain('3 added, 0 changed');
    expect(pageText(done.text)).toContain('Added: 2 people');
    expect(await changeCount(w)).toBe(before + 3);

    const again = await check(admin, { people, memberships }, 200);
    expect(pageText(again.text)).toContain(
      'Nothing to import: every line matches the directory already (3 lines).',
    );
    expect(again.text).not.toContain('action="/directory/import"');
  });

  it('lists every problem by file, line and column in the error summary and saves nothing', async () => {
    const w = await staffWorld(db.ds, clock);
    const admin = await signedInAs(app, w, 'administrator');
    const before = await changeCount(w);
    const bad = await check(
      admin,
      {
        people: stringify([
          ['name', 'email', 'organisation'],
          ['Gil Moss', 'gil.moss@example', ''],
          ['Hana Ito', 'hana.ito@example.org', 'Nowhere Trust'],
          ['Hana Ito', 'hana.ito@example.org', ''],
        ]),
        memberships: stringify([
          ['body', 'person_email', 'valid_from'],
          ['Southampton Health and Wellbeing Board', w.emailOf('officer'), '31/04/2026'],
        ]),
      },
      422,
    );
    expect(pageText(bad.text)).toContain('Nothing was imported. Fix these 4 lines in your files');
    expect(errorSummary(bad.text)).toEqual([
      {
        href: '#people',
        text: 'people.csv, line 2 (email): Give an email address such as name@example.org',
      },
      {
        href: '#people',
        text: expect.stringMatching(
          /^people\.csv, line 3 \(organisation\): There is no organisation called “Nowhere Trust”/,
        ),
      },
      {
        href: '#people',
        text: 'people.csv, line 4 (email): The email hana.ito@example.org is on line 3 too: give each person one line',
      },
      {
        href: '#memberships',
        text: 'memberships.csv, line 2 (valid_from): “31/04/2026” is not a date: there is no 31 April 2026',
      },
    ]);
    expect(pageText(bad.text)).toContain(
      'people.csv has 3 problems: fix them and choose the file again',
    );
    expect(await changeCount(w)).toBe(before);
  });

  it('asks for a file, refuses a form without its token, and keeps officers out', async () => {
    const w = await staffWorld(db.ds, clock);
    const admin = await signedInAs(app, w, 'administrator');
    const none = await check(admin, {}, 422);
    expect(errorSummary(none.text)).toEqual([
      { href: '#people', text: 'Choose a CSV file of people, bodies or memberships to import' },
    ]);
    await check(admin, { people }, 403, 'not-the-token');
    await admin
      .post('/directory/import')
      .field('_csrf', 'nope')
      .field('people', people)
      .expect(403);

    const officer = await signedInAs(app, w, 'officer');
    await officer.get('/directory/import').expect(403);
    await officer.get('/directory/import/people.csv').expect(403);
    await officer
      .post('/directory/import/check')
      .field('_csrf', await csrfOf(officer, '/cases'))
      .attach('people', Buffer.from(people), 'people.csv')
      .expect(403);
    const before = await changeCount(w);
    expect(await changeCount(w)).toBe(before);
    await admin.get('/directory/import/offices.csv').expect(404);
  });
});
