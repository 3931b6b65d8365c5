import { verifyDirectoryChain } from '../libs/directory/directory-change-chain.service';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { csv, directoryImportFiles } from '../libs/testing/directory-import-files.factory';
import { directoryImportHarness } from '../libs/testing/directory-import-harness.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';
import { tenantScope } from '../libs/core/tenant-scope';

/*
 * An administrator imports people, bodies and memberships from CSV files and exports them again:
 * all lines or none, the same files twice change nothing, and only the council's own
 * administrators import into or export from its directory. Every problem by line and column is in
 * directory-import-problems.e2e-spec.ts; the files in libs/testing/directory-import-files.factory.ts.
 */
describe('the directory’s CSV import and export', () => {
  const { db, server, as, changeCount } = directoryImportHarness();
  const changes = new DirectoryChangeRepository();

  it('previews what it would add, writing nothing, then imports it all in one go on the record', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const before = await changeCount(w);
    const preview = await server()
      .post('/api/directory/import/preview')
      .set(as(w.adminKey))
      .send(directoryImportFiles)
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
      .send(directoryImportFiles)
      .expect(200);
    expect(imported.body).toMatchObject({ imported: true, added: 7, changed: 0, unchanged: 0 });
    expect(await changeCount(w)).toBe(before + 7);
    const { changes: chain, head } = await changes.chain(tenantScope(w.tenantId), db().ds.manager);
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

  it('changes nothing, and says so, when the same directoryImportFiles or its own export are imported again', async () => {
    const w = await buildDirectoryWorld(db().ds);
    await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(directoryImportFiles)
      .expect(200);
    const before = await changeCount(w);
    const again = await server()
      .post('/api/directory/import')
      .set(as(w.adminKey))
      .send(directoryImportFiles)
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
    const renamed = directoryImportFiles.people.replace('Dr Ben Osei', 'Dr Benjamin Osei');
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

  it('lets only the council’s own administrators import and export: not officers, not another council', async () => {
    const a = await buildDirectoryWorld(db().ds);
    const b = await buildDirectoryWorld(db().ds);
    const before = await changeCount(a);
    for (const path of ['/api/directory/import/preview', '/api/directory/import'])
      await server().post(path).set(as(a.keys.officer)).send(directoryImportFiles).expect(403);
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
    await server()
      .post('/api/directory/import')
      .set(as(b.adminKey))
      .send(directoryImportFiles)
      .expect(200);
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
