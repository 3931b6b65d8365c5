import { INestApplication } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { verifyDirectoryChain } from '../libs/directory/directory-change-chain.service';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * An administrator imports people, bodies and memberships from CSV files and exports them again:
 * all lines or none, every problem by line and column, the same files twice change nothing, and
 * only the council's own administrators import into or export from its directory.
 */
describe('the directory’s CSV import and export', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  const server = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const changeCount = async (w: DirectoryWorld) =>
    (
      await db.ds.query<{ n: number }[]>(
        'SELECT directory_changes AS n FROM tenants WHERE tenant_id = $1',
        [w.tenantId],
      )
    )[0].n;
  const csv = (rows: (string | number)[][]) => stringify(rows);

  const cabinetRules = JSON.stringify({
    constituencies: [
      {
        key: 'executive',
        name: 'The Executive',
        organisation: 'Southampton City Council',
        categories: [],
      },
    ],
    quorum: {
      source: 'Executive procedure rules 4.2',
      total: 3,
      minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
    },
    decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
  });
  const files = {
    people: csv([
      ['Name', 'Email', 'Organisation', 'Elected member', 'Officer', 'Left on'],
      ['Cllr Ada Finch', 'ada.finch@example.org', 'Southampton City Council', 'yes', 'no', ''],
      ['Dr Ben Osei', 'ben.osei@example.org', 'NHS Southampton City CCG', 'no', 'no', ''],
      ['Cllr Cara Lund', 'cara.lund@example.org', 'Southampton City Council', 'yes', '', ''],
    ]),
    bodies: csv([
      ['name', 'kind', 'rules'],
      ['Cabinet', 'cabinet', cabinetRules],
    ]),
    memberships: csv([
      ['body', 'person_email', 'constituency', 'role', 'voting', 'valid_from', 'valid_until'],
      ['Cabinet', 'ada.finch@example.org', 'executive', 'chair', '', '2026-05-20', ''],
      [
        'Cabinet',
        'cara.lund@example.org',
        'executive',
        'member',
        'yes',
        '20/05/2026',
        '2027-05-18',
      ],
      [
        'Southampton Health and Wellbeing Board',
        'ben.osei@example.org',
        'ccg',
        'member',
        '',
        '2026-06-01',
        '',
      ],
    ]),
  };

  it('previews what it would add, writing nothing, then imports it all in one go on the record', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const before = await changeCount(w);
    const preview = await server()
      .post('/api/directory/import/preview')
      .set(as(w.adminKey))
      .send(files)
      .expect(200);
    expect(preview.body).toMatchObject({
      imported: false,
      added: 7,
      changed: 0,
      unchanged: 0,
      problems: [],
    });
    expect(preview.body.lines[0]).toEqual({
      file: 'people',
      line: 2,
      action: 'added',
      record: 'Cllr Ada Finch (ada.finch@example.org)',
    });
    expect(await changeCount(w)).toBe(before);
    await server()
      .get('/api/directory/people?email=ada.finch@example.org')
      .set(as(w.adminKey))
      .expect(200, { items: [], limit: 50, offset: 0, next: null });

    const imported = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(files)
      .expect(200);
    expect(imported.body).toMatchObject({ imported: true, added: 7, changed: 0, unchanged: 0 });
    expect(await changeCount(w)).toBe(before + 7);
    const { changes: chain, head } = await changes.chain(db.ds.manager, w.tenantId);
    expect(verifyDirectoryChain(chain, head)).toMatchObject({ ok: true });
    expect(chain.slice(-7).map((c) => `${c.subject} ${c.action}`)).toEqual([
      'person created',
      'person created',
      'person created',
      'body created',
      'membership created',
      'membership created',
      'membership created',
    ]);
    expect(chain.at(-1)!.actor).toMatchObject({ kind: 'person', name: 'Riley Shaw' });

    const ada = await server()
      .get('/api/directory/people?email=ada.finch@example.org')
      .set(as(w.keys.officer))
      .expect(200);
    expect(ada.body.items[0]).toMatchObject({ isElectedMember: true, isOfficer: false });
    const bodies = await server()
      .get('/api/directory/bodies?kind=cabinet')
      .set(as(w.keys.officer))
      .expect(200);
    const cabinet = await server()
      .get(`/api/directory/bodies/${bodies.body.items[0].id}?on=2026-12-03`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(cabinet.body.rules.constituencies[0].organisationId).toBe(w.ids.organisations.council);
    expect(
      (cabinet.body.members as { personName: string; role: string; validUntil: string | null }[])
        .map((s) => `${s.personName} ${s.role} ${s.validUntil}`)
        .sort(),
    ).toEqual(['Cllr Ada Finch chair null', 'Cllr Cara Lund member 2027-05-18']);
  });

  it('changes nothing, and says so, when the same files or its own export are imported again', async () => {
    const w = await buildDirectoryWorld(db.ds);
    await server().post('/api/directory/import').set(as(w.adminKey)).send(files).expect(200);
    const before = await changeCount(w);
    const again = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(files)
      .expect(200);
    expect(again.body).toMatchObject({ imported: true, added: 0, changed: 0, unchanged: 7 });
    expect(await changeCount(w)).toBe(before);

    const exported: Record<string, string> = {};
    for (const f of ['people', 'bodies', 'memberships']) {
      const res = await server()
        .get(`/api/directory/export/${f}.csv`)
        .set(as(w.adminKey))
        .expect(200)
        .expect('Content-Type', 'text/csv; charset=utf-8')
        .expect('Content-Disposition', `attachment; filename="${f}.csv"`);
      exported[f] = res.text;
    }
    expect(exported.people.split('\n')[0]).toBe(
      'name,email,organisation,elected_member,officer,left_on',
    );
    expect(exported.people).toContain(
      'Cllr Ada Finch,ada.finch@example.org,Southampton City Council,yes,no,',
    );
    expect(exported.memberships).toContain(
      'Cabinet,cara.lund@example.org,executive,member,yes,2026-05-20,2027-05-18',
    );
    const roundTrip = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(exported)
      .expect(200);
    expect(roundTrip.body).toMatchObject({ added: 0, changed: 0, problems: [] });
    expect(roundTrip.body.unchanged).toBeGreaterThan(10);
    expect(await changeCount(w)).toBe(before);

    // One line changed: that record alone changes, at the version it is at.
    const renamed = files.people.replace('Dr Ben Osei', 'Dr Benjamin Osei');
    const changed = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send({ people: renamed })
      .expect(200);
    expect(changed.body).toMatchObject({ added: 0, changed: 1, unchanged: 2 });
    expect(changed.body.lines[1]).toMatchObject({ line: 3, action: 'changed' });
    expect(await changeCount(w)).toBe(before + 1);

    // With the source column, a seat names what appoints it; the export carries it back unchanged.
    const header = ['body', 'person_email', 'constituency', 'role', 'voting', 'valid_from'];
    const sourced = csv([
      [...header, 'valid_until', 'source'],
      [
        'Cabinet',
        'cara.lund@example.org',
        'executive',
        'member',
        'yes',
        '2026-05-20',
        '2027-05-18',
        'Council minute 2026/7',
      ],
    ]);
    const named = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send({ memberships: sourced })
      .expect(200);
    expect(named.body).toMatchObject({ added: 0, changed: 1, unchanged: 0, problems: [] });
    const seats = await server()
      .get('/api/directory/export/memberships.csv')
      .set(as(w.adminKey))
      .expect(200);
    expect(seats.text.split('\n')[0]).toBe(`${header.join(',')},valid_until,source`);
    expect(seats.text).toContain('2026-05-20,2027-05-18,Council minute 2026/7');
    const reImported = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send({ memberships: seats.text })
      .expect(200);
    expect(reImported.body).toMatchObject({ added: 0, changed: 0, problems: [] });
    expect(await changeCount(w)).toBe(before + 2);
  });

  it('lists every problem by file, line and column, and imports nothing until every line is right', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const before = await changeCount(w);
    const bad = {
      people: csv([
        ['name', 'email', 'organisation', 'elected_member'],
        ['Gil Moss', 'gil.moss@example', 'Southampton City Council', 'no'],
        ['Hana Ito', 'hana.ito@example.org', 'Southampton City Council', 'maybe'],
        ['Hana Ito again', 'HANA.ITO@example.org', '', ''],
        ['Ivo Park', 'ivo.park@example.org', 'Southampton Council', ''],
        ['Jo Quinn', 'jo.quinn@example.org', '', ''],
      ]),
      memberships: csv([
        ['body', 'person_email', 'role', 'valid_from', 'valid_until'],
        ['Planning Committee', 'jo.quinn@example.org', 'member', '2026-05-20', ''],
        [
          'Southampton Health and Wellbeing Board',
          'jo.quinn@example.org',
          'member',
          '2026-02-30',
          '',
        ],
        [
          'Southampton Health and Wellbeing Board',
          'jo.quinn@example.org',
          'member',
          'next May',
          '',
        ],
        [
          'Southampton Health and Wellbeing Board',
          'jo.quinn@example.org',
          'member',
          '2026-01-01',
          '',
        ],
        [
          'Southampton Health and Wellbeing Board',
          'jo.quinn@example.org',
          'member',
          '2026-06-01',
          '2026-12-31',
        ],
        ['Southampton Health and Wellbeing Board', 'nobody@example.org', 'boss', '2026-01-01', ''],
      ]),
    };
    const preview = await server()
      .post('/api/directory/import/preview')
      .set(as(w.adminKey))
      .send(bad)
      .expect(200);
    const where = (p: { file: string; line: number; column: string | null }) =>
      `${p.file} ${p.line} ${p.column}`;
    const found = (
      preview.body.problems as {
        file: string;
        line: number;
        column: string | null;
        message: string;
      }[]
    ).map((p) => `${where(p)}: ${p.message}`);
    expect(found).toEqual([
      'people 2 email: give an email address such as name@example.org',
      'people 3 elected_member: elected_member is yes or no, not “maybe”',
      'people 4 email: the email HANA.ITO@example.org is on line 3 too: give each person one line',
      expect.stringMatching(
        /^people 5 organisation: there is no organisation called “Southampton Council”/,
      ),
      expect.stringMatching(/^memberships 2 body: there is no body called “Planning Committee”/),
      'memberships 3 valid_from: “2026-02-30” is not a date: there is no 30 February 2026',
      'memberships 4 valid_from: “next May” is not a date: write it as 2026-05-20 or 20/05/2026',
      expect.stringMatching(
        /^memberships 6 null: .*Jo Quinn already holds a seat .* from Thu 1 Jan 2026 with no end, which overlaps/,
      ),
      expect.stringMatching(
        /^memberships 7 person_email: nobody in your council’s directory has the email nobody@example.org/,
      ),
      'memberships 7 role: role is one of chair, vice_chair, member, co_opted, non_voting, not “boss”',
    ]);
    expect(preview.body.imported).toBe(false);

    const refused = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(bad)
      .expect(422);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(refused.body.lines).toEqual(preview.body.problems);
    expect(refused.body.problems[0]).toEqual({
      path: 'people.csv:2:email',
      message: 'give an email address such as name@example.org',
    });
    // Nothing written: not even the lines that were right.
    expect(await changeCount(w)).toBe(before);
    await server()
      .get('/api/directory/people?email=jo.quinn@example.org')
      .set(as(w.adminKey))
      .expect(200, { items: [], limit: 50, offset: 0, next: null });

    const unreadable = await server()
      .post('/api/directory/import/preview')
      .set(as(w.adminKey))
      .send({
        people: 'name,email,shoe_size\nKit Lowe,kit@example.org,9\n',
        bodies: 'name,kind\n"Cabinet,cabinet\n',
      })
      .expect(200);
    expect(unreadable.body.problems).toEqual([
      {
        file: 'people',
        line: 1,
        column: null,
        message:
          'column 3 is “shoe_size”, which is not one of name, email, organisation, elected_member, officer, left_on',
      },
      {
        file: 'bodies',
        line: 2,
        column: null,
        message:
          'a quote opened on or before this line is never closed: save the file again as CSV (comma-separated)',
      },
    ]);
    await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send({})
      .expect(422)
      .expect((r) =>
        expect(r.body.problems).toEqual([
          { path: 'people', message: 'give at least one file: people, bodies or memberships' },
        ]),
      );
  });

  it('lets only the council’s own administrators import and export: not officers, not another council', async () => {
    const a = await buildDirectoryWorld(db.ds);
    const b = await buildDirectoryWorld(db.ds);
    const before = await changeCount(a);
    for (const path of ['/api/directory/import/preview', '/api/directory/import'])
      await server().post(path).set(as(a.keys.officer)).send(files).expect(403);
    await server().get('/api/directory/export/people.csv').set(as(a.keys.officer)).expect(403);

    // B's administrator reaches only B's directory: A's people and bodies are not there to use.
    const intoA = await server()
      .post('/api/directory/import/preview')
      .set(as(b.adminKey))
      .send({
        memberships: csv([
          ['body', 'person_email', 'valid_from'],
          ['Southampton Health and Wellbeing Board', a.emailOf('officer'), '2026-06-01'],
        ]),
      })
      .expect(200);
    expect(intoA.body.problems).toEqual([
      expect.objectContaining({ line: 2, column: 'person_email' }),
    ]);
    await server().post('/api/directory/import').set(as(b.adminKey)).send(files).expect(200);
    expect(await changeCount(a)).toBe(before);
    const exported = await server()
      .get('/api/directory/export/people.csv')
      .set(as(b.adminKey))
      .expect(200);
    expect(exported.text).toContain(b.emailOf('officer'));
    expect(exported.text).not.toContain(a.emailOf('officer'));
    await server().get('/api/directory/export/offices.csv').set(as(b.adminKey)).expect(404);
  });

  it('documents the import and export in OpenAPI', async () => {
    const doc = await server().get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    expect(paths['/api/directory/import/preview'].post.requestBody).toBeDefined();
    expect(paths['/api/directory/import'].post.requestBody).toBeDefined();
    expect(paths['/api/directory/export/{file}'].get).toBeDefined();
  });
});
