import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { BodyRules } from '../libs/governance/body-rules.schema';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Issue #10: bodies.csv says from which day a body's rules change (rules_in_force_from), under the
 * same rules as the Bodies page: never on or before a meeting the body has held. The export writes
 * each body's latest rules with their day, and imports unchanged; `bodies.rules`, the copy of the
 * latest rules, never drifts from the dated history whatever order the changes come in. Today is
 * Thu 3 Dec 2026; the Cabinet (invented) met on Thu 19 Nov 2026.
 */
const TODAY = '2026-12-03';
const HELD = '2026-11-19';

const cabinetRules = (council: string): BodyRules => ({
  constituencies: [
    { key: 'executive', name: 'The Executive', organisationId: council, categories: [] },
  ],
  quorum: { source: 'Executive procedure rules 4.2', total: 3, minimums: [] },
  decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
  notices: {
    reportClearDays: 5,
    keyDecisionNoticeClearDays: 28,
    privateNoticeClearDays: 28,
    source: '2012 Regulations',
  },
  substitutes: { kind: 'named', source: 'Executive procedure rules 3.1' },
  delegation: { allowed: true, source: 'Constitution Part 3' },
});

describe('bodies.csv: rules changed from a stated day', () => {
  let db: TestDatabase;
  let world: DirectoryWorld;
  let app: INestApplication;
  let cabinetId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildDirectoryWorld(db.ds, (spec) => {
      spec.bodies.push({
        key: 'cabinet',
        name: 'Cabinet',
        kind: 'cabinet',
        rules: (org) => cabinetRules(org('council')),
      });
    });
    cabinetId = world.ids.bodies.cabinet;
    app = await buildTestApp(db.ds, new ManualClock(new Date(`${TODAY}T10:00:00Z`)));
    await api()
      .post('/api/meetings')
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({ body: cabinetId, meetingDate: HELD, title: 'Cabinet, 19 November 2026' })
      .expect(201);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const admin = () => ({ Authorization: `Bearer ${world.adminKey}` });
  type Line = { name: string; kind: string; rules: string; rules_in_force_from: string };
  const exported = async (): Promise<Line[]> =>
    parse((await api().get('/api/directory/export/bodies.csv').set(admin()).expect(200)).text, {
      columns: true,
    }) as Line[];
  const cabinetLine = async () => (await exported()).find((l) => l.name === 'Cabinet')!;
  /** The Cabinet's exported line with another quorum, from `day`. */
  const withQuorum = async (total: number, day: string): Promise<Line> => {
    const line = await cabinetLine();
    const rules = JSON.parse(line.rules) as { quorum: { total: number } };
    rules.quorum.total = total;
    return { ...line, rules: JSON.stringify(rules), rules_in_force_from: day };
  };
  const file = (lines: Line[]) =>
    stringify([
      ['name', 'kind', 'rules', 'rules_in_force_from'],
      ...lines.map((l) => [l.name, l.kind, l.rules, l.rules_in_force_from]),
    ]);
  const quorumOn = async (on: string) =>
    (await api().get(`/api/directory/bodies/${cabinetId}?on=${on}`).set(admin()).expect(200)).body
      .rules.quorum.total as number;
  /** Whether bodies.rules is the latest of the body's dated rules, as it must always be. */
  const copyIsLatest = async (): Promise<boolean> =>
    (
      await db.ds.query<{ same: boolean }[]>(
        `SELECT b.rules = (SELECT r.rules FROM body_rules r WHERE r.body_id = b.id
                            ORDER BY r.in_force_from DESC NULLS LAST LIMIT 1) AS same
           FROM bodies b WHERE b.id = $1`,
        [cabinetId],
      )
    )[0].same;
  const rulesRows = async () =>
    Number(
      (await db.ds.query('SELECT count(*) AS n FROM body_rules WHERE body_id = $1', [cabinetId]))[0]
        .n,
    );

  it('exports the day each body’s latest rules take effect: none for its first rules', async () => {
    const res = await api().get('/api/directory/export/bodies.csv').set(admin()).expect(200);
    expect(res.text.split('\n')[0]).toBe('name,kind,rules,rules_in_force_from');
    expect((await cabinetLine()).rules_in_force_from).toBe('');
  });

  it('changes a body’s rules from the day the line gives, and its own export then changes nothing', async () => {
    const bodies = file([await withQuorum(4, '10/12/2026')]);
    const preview = await api()
      .post('/api/directory/import/preview')
      .set(admin())
      .send({ bodies })
      .expect(200);
    expect(preview.body).toMatchObject({ changed: 1, problems: [] });
    expect(await rulesRows()).toBe(1);
    await api().post('/api/directory/import').set(admin()).send({ bodies }).expect(200);

    expect(await quorumOn('2026-12-09')).toBe(3);
    expect(await quorumOn('2026-12-10')).toBe(4);
    expect(await copyIsLatest()).toBe(true);
    expect((await cabinetLine()).rules_in_force_from).toBe('2026-12-10');

    const again = await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file(await exported()) })
      .expect(200);
    expect(again.body).toMatchObject({ added: 0, changed: 0, problems: [] });
    expect(await rulesRows()).toBe(2);
  });

  it('keeps bodies.rules the latest rules when a change for an earlier day comes after a later one', async () => {
    await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file([await withQuorum(6, '2027-04-01')]) })
      .expect(200);
    await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file([await withQuorum(5, '2027-01-11')]) })
      .expect(200);
    expect([await quorumOn('2027-01-10'), await quorumOn('2027-01-11')]).toEqual([4, 5]);
    expect(await quorumOn('2027-04-01')).toBe(6);
    expect(await copyIsLatest()).toBe(true);
    const [copy]: { total: number }[] = await db.ds.query(
      `SELECT (rules->'quorum'->>'total')::int AS total FROM bodies WHERE id = $1`,
      [cabinetId],
    );
    expect(copy.total).toBe(6);
    expect((await cabinetLine()).rules_in_force_from).toBe('2027-04-01');
  });

  it('changes the rules from an earlier day to rules the body already has from a later one, and says so only when it did', async () => {
    // The Cabinet's quorum is 4 today, 5 from 11 Jan 2027 and 6 from 1 Apr 2027.
    const res = await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file([await withQuorum(6, '2027-02-01')]) })
      .expect(200);
    expect(JSON.stringify(res.body)).toContain('changed');
    expect([await quorumOn('2027-01-31'), await quorumOn('2027-02-01')]).toEqual([5, 6]);
    expect(await copyIsLatest()).toBe(true);
  });

  it('refuses by line and column a day that is no date, a day without rules and a day on or before a meeting held, importing nothing', async () => {
    const rows = await rulesRows();
    const lines = await exported();
    const hwbb = lines.find((l) => l.name !== 'Cabinet' && l.rules)!;
    const other = lines.find((l) => l.name !== 'Cabinet' && l.name !== hwbb.name)!;
    const bodies = file([
      await withQuorum(7, HELD),
      { ...hwbb, rules_in_force_from: '31/02/2027' },
      { ...other, rules: '', rules_in_force_from: '2027-05-01' },
    ]);
    const res = await api().post('/api/directory/import').set(admin()).send({ bodies });
    expect(res.status).toBe(422);
    const problems = (res.body.lines ?? res.body.problems) as {
      file: string;
      line: number;
      column: string | null;
      message: string;
    }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'bodies',
          line: 2,
          column: 'rules_in_force_from',
          message: 'choose 20 November 2026 or later',
        },
        {
          file: 'bodies',
          line: 3,
          column: 'rules_in_force_from',
          message: '“31/02/2027” is not a date: there is no 31 February 2027',
        },
        {
          file: 'bodies',
          line: 4,
          column: 'rules_in_force_from',
          message:
            'give the rules that take effect on that day in the rules column, or leave rules_in_force_from empty',
        },
      ]),
    );
    expect(problems).toHaveLength(3);
    expect(await rulesRows()).toBe(rows);
    expect(await copyIsLatest()).toBe(true);
  });

  it('adds a new body from another council’s export with its day, and refuses a day to come for a new body’s first rules', async () => {
    const line = {
      ...(await cabinetLine()),
      name: 'Shadow Cabinet',
      rules_in_force_from: '2027-03-01',
    };
    const res = await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file([line]) });
    expect(res.status).toBe(422);
    expect(res.body.lines ?? res.body.problems).toEqual([
      {
        file: 'bodies',
        line: 2,
        column: 'rules_in_force_from',
        message:
          'Shadow Cabinet is a new body: its first rules are in force from the day it is added, so leave rules_in_force_from empty or give a day not after today (a later import can change them from a day to come)',
      },
    ]);
    expect((await exported()).map((l) => l.name)).not.toContain('Shadow Cabinet');

    // Exported elsewhere with the day its rules took effect there, a day already come: added.
    await api()
      .post('/api/directory/import')
      .set(admin())
      .send({ bodies: file([{ ...line, rules_in_force_from: '2026-11-02' }]) })
      .expect(200);
    expect((await exported()).find((l) => l.name === 'Shadow Cabinet')?.rules_in_force_from).toBe(
      '',
    );
  });
});
