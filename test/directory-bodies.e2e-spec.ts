import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Issue #10 through the API alone: an administrator sets up a body with its rules, seats its
 * members for terms, names substitutes under the scheme, and keeps the scheme of delegation;
 * officers read it; another council sees none of it. Invented people; today is Thu 3 Dec 2026.
 */
const TODAY = '2026-12-03';

describe('bodies, seats, substitutes and delegations through /api/directory', () => {
  let db: TestDatabase;
  let a: DirectoryWorld;
  let b: DirectoryWorld;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase(4);
    a = await buildDirectoryWorld(db.ds);
    b = await buildDirectoryWorld(db.ds);
    app = await buildTestApp(db.ds, new ManualClock(new Date(`${TODAY}T10:00:00Z`)));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const api = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const admin = (w: DirectoryWorld = a) => as(w.adminKey);
  const changes = async (w: DirectoryWorld) =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM directory_changes WHERE tenant_id = $1', [
          w.tenantId,
        ])
      )[0].n,
    );

  /** Cabinet (invented): quorate with 3 including an elected member, deciding by majority. */
  const cabinet = (w: DirectoryWorld) => ({
    name: 'Cabinet',
    kind: 'cabinet',
    rules: {
      constituencies: [
        { key: 'executive', name: 'The Executive', organisationId: w.ids.organisations.council },
      ],
      quorum: {
        source: 'Executive procedure rules 4.2',
        total: 3,
        minimums: [{ category: 'elected', min: 1, label: 'elected members' }],
      },
      decision: { kind: 'majority', source: 'Executive procedure rules 6.1' },
      delegation: { allowed: true, source: 'Constitution Part 3, Executive functions' },
    },
  });

  let cabinetId: string;
  const seats: Record<string, string> = {};

  it('adds a body with its rules, the defaults filled in, and holds its meetings under them', async () => {
    const res = await api().post('/api/directory/bodies').set(admin()).send(cabinet(a)).expect(201);
    cabinetId = res.body.id;
    expect(res.body).toMatchObject({
      name: 'Cabinet',
      kind: 'cabinet',
      version: 1,
      rules: {
        decision: { kind: 'majority' },
        notices: { reportClearDays: 5, keyDecisionNoticeClearDays: 28 },
        substitutes: { kind: 'named' },
        constituencies: [{ key: 'executive', categories: [] }],
      },
    });
    const meeting = await api()
      .post('/api/meetings')
      .set(as(a.keys.officer))
      .send({ body: cabinetId, meetingDate: '2026-12-17', title: 'Cabinet, 17 December 2026' })
      .expect(201);
    expect(meeting.body).toMatchObject({
      quorumRule: { body: 'Cabinet', total: 3, source: 'Executive procedure rules 4.2' },
      decisionRule: { kind: 'majority' },
    });
    const list = await api()
      .get('/api/directory/bodies?kind=cabinet')
      .set(as(a.keys.officer))
      .expect(200);
    expect(list.body).toMatchObject({ items: [{ id: cabinetId }], next: null });
  });

  it('seats members for terms and reads the body with its members on a day', async () => {
    for (const [key, role] of [
      ['chair', 'chair'],
      ['cabinet', 'member'],
      ['governanceLead', 'non_voting'],
    ] as const) {
      const res = await api()
        .post(`/api/directory/bodies/${cabinetId}/memberships`)
        .set(admin())
        .send({
          personId: a.ids.people[key],
          constituency: 'executive',
          role,
          validFrom: '2026-05-21',
          validUntil: '2027-05-19',
        })
        .expect(201);
      seats[key] = res.body.id;
    }
    const onDay = await api()
      .get(`/api/directory/bodies/${cabinetId}?on=${TODAY}`)
      .set(as(a.keys.officer))
      .expect(200);
    expect(onDay.body).toMatchObject({ on: TODAY, version: 1 });
    expect(
      (onDay.body.members as { personName: string; role: string; voting: boolean }[]).map((m) => [
        m.personName,
        m.role,
        m.voting,
      ]),
    ).toEqual([
      ['Cllr Alex Rowe', 'chair', true],
      ['Cllr Chris Lane', 'member', true],
      ['Lee Morgan', 'non_voting', false],
    ]);
    const after = await api()
      .get(`/api/directory/bodies/${cabinetId}?on=2027-05-20`)
      .set(as(a.keys.officer))
      .expect(200);
    expect(after.body.members).toEqual([]);
  });

  it('refuses overlapping terms and a second chair naming the dates, and bad input by field, saving nothing', async () => {
    const before = await changes(a);
    const overlap = await api()
      .post(`/api/directory/bodies/${cabinetId}/memberships`)
      .set(admin())
      .send({ personId: a.ids.people.cabinet, validFrom: '2027-01-01' })
      .expect(422);
    expect(overlap.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(overlap.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'OVERLAPPING_TERMS',
      explanation: [
        'Cllr Chris Lane already holds a seat on the Cabinet from Thu 21 May 2026 until Wed 19 May 2027, which overlaps the term from Fri 1 Jan 2027 with no end: one person holds one seat at a time; end the earlier term first or start this one after it',
      ],
    });
    const chair = await api()
      .patch(`/api/directory/memberships/${seats.cabinet}`)
      .set(admin())
      .send({ expectedVersion: 1, role: 'chair' })
      .expect(422);
    expect(chair.body.rule).toBe('TWO_CHAIRS_AT_ONCE');
    const bad = await api()
      .post(`/api/directory/bodies/${cabinetId}/memberships`)
      .set(admin())
      .send({ personId: 'someone', role: 'king', validFrom: '2027-02-30', extra: true })
      .expect(422);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect((bad.body.problems as { path: string }[]).map((p) => p.path).sort()).toEqual([
      '(body)',
      'personId',
      'role',
      'validFrom',
    ]);
    const noRules = await api()
      .post('/api/directory/bodies')
      .set(admin())
      .send({ name: 'cabinet', kind: 'cabinet', rules: { quorum: { total: 0 } } })
      .expect(422);
    expect((noRules.body.problems as { path: string }[]).map((p) => p.path)).toEqual(
      expect.arrayContaining(['rules.quorum.source', 'rules.quorum.total', 'rules.decision']),
    );
    expect(await changes(a)).toBe(before);
  });

  it('gives the second of two administrators changing one body a version conflict, and keeps seats’ constituencies', async () => {
    const renamed = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({ expectedVersion: 1, name: 'The Cabinet' })
      .expect(200);
    expect(renamed.body.version).toBe(2);
    const second = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({ expectedVersion: 1, name: 'Executive' })
      .expect(409);
    expect(second.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const dropped = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({ expectedVersion: 2, rules: { ...cabinet(a).rules, constituencies: [] } })
      .expect(422);
    expect(dropped.body.problems).toEqual([
      {
        path: 'rules.constituencies',
        message:
          'seats sit for "executive" (Cllr Alex Rowe, Cllr Chris Lane, Lee Morgan): keep the constituency, or move their seats first',
      },
    ]);
  });

  it('names a substitute for a seat under the scheme, lists, changes and ends the naming', async () => {
    const named = await api()
      .post(`/api/directory/memberships/${seats.cabinet}/substitutes`)
      .set(admin())
      .send({
        personId: a.ids.people.ceo,
        validFrom: TODAY,
        reference: 'Cabinet 3 Dec 2026, minute 5',
      })
      .expect(201);
    expect(named.body).toMatchObject({ personName: 'Morgan Hale', validUntil: '2027-05-19' });
    const listed = await api()
      .get(`/api/directory/memberships/${seats.cabinet}/substitutes?on=${TODAY}`)
      .set(as(a.keys.officer))
      .expect(200);
    expect(listed.body.items).toHaveLength(1);
    await api()
      .patch(`/api/directory/substitutes/${named.body.id}`)
      .set(admin())
      .send({ expectedVersion: 1, reference: 'Cabinet 3 Dec 2026, minute 5(b)' })
      .expect(200);
    const ended = await api()
      .post(`/api/directory/substitutes/${named.body.id}/end`)
      .set(admin())
      .send({ expectedVersion: 2, on: '2027-01-31' })
      .expect(200);
    expect(ended.body).toMatchObject({ validUntil: '2027-01-31', version: 3 });
    const onDay = await api()
      .get(`/api/directory/bodies/${cabinetId}?on=2027-02-01`)
      .set(as(a.keys.officer))
      .expect(200);
    expect(
      (onDay.body.members as { id: string; substitutes: object[] }[]).find(
        (m) => m.id === seats.cabinet,
      )?.substitutes,
    ).toEqual([]);
  });

  it('grants a delegation, lists the delegations in force on a day, and revokes it without losing the past', async () => {
    const granted = await api()
      .post('/api/directory/delegations')
      .set(admin())
      .send({
        delegatorBodyId: cabinetId,
        delegateOfficeId: a.ids.offices.ceo,
        scope: 'leisure-contracts',
        reference: 'Cabinet 3 Dec 2026, minute 6',
        amountLimit: 500_000,
        validFrom: TODAY,
      })
      .expect(201);
    const inForce = async (day: string) =>
      (
        await api()
          .get(`/api/directory/delegations?inForceOn=${day}`)
          .set(as(a.keys.officer))
          .expect(200)
      ).body.items.map((d: { scope: string }) => d.scope);
    expect(await inForce(TODAY)).toEqual(['leisure-contracts', 'bcf-plan-approval']);
    const revoked = await api()
      .post(`/api/directory/delegations/${granted.body.id}/revoke`)
      .set(admin())
      .send({ expectedVersion: 1, reference: 'Cabinet 3 Dec 2026, minute 9', on: '2026-12-04' })
      .expect(200);
    expect(revoked.body).toMatchObject({
      inForce: true,
      revocationReference: 'Cabinet 3 Dec 2026, minute 9',
    });
    expect(await inForce('2026-12-04')).toEqual(['bcf-plan-approval']);
    expect(await inForce(TODAY)).toEqual(['leisure-contracts', 'bcf-plan-approval']);

    const stop = await api()
      .patch(`/api/directory/bodies/${cabinetId}`)
      .set(admin())
      .send({
        expectedVersion: 2,
        rules: { ...cabinet(a).rules, delegation: { allowed: false, source: 'Constitution 2027' } },
      })
      .expect(422);
    expect(stop.body).toMatchObject({
      rule: 'BODY_HAS_DELEGATIONS_IN_FORCE',
      explanation: [
        'delegations in force: Cabinet 3 Dec 2026, minute 6: revoke them first, then change the rules',
      ],
    });

    const nowhere = await api()
      .post('/api/directory/delegations')
      .set(admin())
      .send({
        delegatorBodyId: a.ids.bodies.jcb,
        delegateOfficeId: b.ids.offices.ceo,
        scope: 'jcb-delegated-decision',
        reference: 'x',
        validFrom: TODAY,
      })
      .expect(422);
    expect(nowhere.body.problems).toEqual([
      {
        path: 'delegateOfficeId',
        message: 'no such office in your council’s directory: add the office first, or choose one',
      },
    ]);
  });

  it('lets officers read but not write, and keeps one council’s directory from another’s administrator', async () => {
    const forbidden = await api()
      .post(`/api/directory/bodies/${cabinetId}/memberships`)
      .set(as(a.keys.officer))
      .send({ personId: a.ids.people.ao, validFrom: TODAY })
      .expect(403);
    expect(forbidden.body.code).toBe('NOT_AUTHORISED');
    const before = await changes(a);
    for (const [method, path, body] of [
      ['get', `/api/directory/bodies/${cabinetId}`, undefined],
      ['patch', `/api/directory/bodies/${cabinetId}`, { expectedVersion: 2, name: 'Ours now' }],
      ['get', `/api/directory/memberships/${seats.chair}`, undefined],
      ['post', `/api/directory/memberships/${seats.chair}/end`, { expectedVersion: 1, on: TODAY }],
      [
        'post',
        `/api/directory/memberships/${seats.chair}/substitutes`,
        { personId: b.ids.people.ceo, validFrom: TODAY, reference: 'x' },
      ],
      ['get', `/api/directory/delegations/${a.ids.delegations.bcfApproval}`, undefined],
      [
        'post',
        `/api/directory/delegations/${a.ids.delegations.bcfApproval}/revoke`,
        { expectedVersion: 1, reference: 'x' },
      ],
    ] as const) {
      const res = await api()[method](path).set(admin(b)).send(body).expect(404);
      expect(res.body.code).toBe('DIRECTORY_RECORD_NOT_FOUND');
    }
    const theirs = await api()
      .get(`/api/directory/delegations?bodyId=${a.ids.bodies.hwbb}`)
      .set(admin(b))
      .expect(200);
    expect(theirs.body.items).toEqual([]);
    expect(await changes(a)).toBe(before);
  });

  it('documents the routes with their request and response schemas in OpenAPI', async () => {
    type Op = {
      requestBody?: { content: Record<string, { schema: { properties: object } }> };
      responses: Record<string, { content?: Record<string, { schema: { properties: object } }> }>;
    };
    const doc = (await api().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Op>>;
    };
    const props = (op: Op, status: string) =>
      Object.keys(op.responses[status].content!['application/json'].schema.properties);
    const requestProps = (op: Op) =>
      Object.keys(op.requestBody!.content['application/json'].schema.properties);
    const p = doc.paths;
    expect(requestProps(p['/api/directory/bodies'].post)).toEqual(['name', 'kind', 'rules']);
    expect(props(p['/api/directory/bodies/{id}'].get, '200')).toEqual(
      expect.arrayContaining(['rules', 'members', 'on', 'version']),
    );
    expect(requestProps(p['/api/directory/bodies/{id}/memberships'].post)).toEqual(
      expect.arrayContaining([
        'personId',
        'constituency',
        'role',
        'voting',
        'validFrom',
        'validUntil',
      ]),
    );
    expect(props(p['/api/directory/memberships/{id}/substitutes'].get, '200')).toContain('next');
    expect(requestProps(p['/api/directory/substitutes/{id}/end'].post)).toEqual([
      'expectedVersion',
      'on',
    ]);
    expect(requestProps(p['/api/directory/delegations'].post)).toEqual(
      expect.arrayContaining([
        'delegatorBodyId',
        'delegatorOfficeId',
        'delegateOfficeId',
        'scope',
        'amountLimit',
      ]),
    );
    expect(props(p['/api/directory/delegations/{id}/revoke'].post, '200')).toEqual(
      expect.arrayContaining(['revokedAt', 'revocationReference', 'inForce']),
    );
  });
});
