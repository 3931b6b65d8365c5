import { csv } from '../libs/testing/directory-import-files.factory';
import { directoryImportHarness } from '../libs/testing/directory-import-harness.service';
import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * An administrator's CSV files with mistakes: every problem by file, line and column, in words that
 * say what to write instead, and nothing imported, not even the lines that were right, until every
 * line is. The app in libs/testing/directory-import-harness.service.ts.
 */
describe('the directory’s CSV import and export', () => {
  const { db, server, as, changeCount } = directoryImportHarness();

  it('lists every problem by file, line and column, and imports nothing until every line is right', async () => {
    const w = await buildDirectoryWorld(db().ds);
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
});
