import { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request, { Response } from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Every bad request gets a 4xx RFC 9457 problem (application/problem+json) with a stable `code`
 * and a `detail` sentence saying what to fix, and leaves every table as it was. Never a 500.
 */

const TABLES = ['cases', 'case_events', 'audit_records', 'effects', 'deadlines'] as const;
type Who = 'officer' | 'ceo' | 'ao' | 'chair' | 'gp';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  problems?: { path: string; message: string }[];
  currentVersion?: number;
  state?: string;
}

describe('bad input through the HTTP API', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, new ManualClock(new Date('2021-10-01T09:00:00Z')));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const server = () => app.getHttpServer();
  const auth = (w: BcfWorld, who: Who) => ({ Authorization: `Bearer ${w.keys[who]}` });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row]: Record<string, number>[] = await db.ds.query(
      `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    return row;
  }

  /** Sends the request and checks it is refused as a problem with `code`, changing nothing. */
  async function refused(req: () => request.Test, status: number, code: string): Promise<Problem> {
    const before = await rowCounts();
    const res: Response = await req();
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status,
      body: { code },
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.body as Problem;
    expect(body).toMatchObject({
      type: `https://ratify.example.org/problems/${code.toLowerCase()}`,
      status,
      code,
      title: expect.stringMatching(/\w/),
    });
    // A sentence: starts with a word, says what to fix, ends with a full stop.
    expect(body.detail).toMatch(/^["\w].{10,}[.]$/s);
    expect(await rowCounts()).toEqual(before);
    return body;
  }

  async function openCase(w: BcfWorld): Promise<CaseView> {
    const res = await request(server())
      .post('/api/cases')
      .set(auth(w, 'officer'))
      .send(openBcfCaseBody(w))
      .expect(201);
    return res.body as CaseView;
  }

  /** A world with a case sent for agreement (version 2): the Chief Executive and AO are awaited. */
  async function caseAwaitingAgreement() {
    const world = await buildBcfWorld(db.ds);
    const c = await openCase(world);
    await request(server())
      .post(`/api/cases/${c.id}/events`)
      .set(auth(world, 'officer'))
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    const sendAs = (who: Who, body: unknown) => () =>
      request(server())
        .post(`/api/cases/${c.id}/events`)
        .set(auth(world, who))
        .send(body as object);
    return { world, caseId: c.id, sendAs };
  }

  describe('opening a case', () => {
    const openAs =
      (w: BcfWorld, body: unknown, who: Who = 'officer') =>
      () =>
        request(server())
          .post('/api/cases')
          .set(auth(w, who))
          .send(body as object);
    const paths = (p: Problem) => (p.problems ?? []).map((x) => x.path).sort();

    it('refuses an unknown template with UNKNOWN_TEMPLATE', async () => {
      const world = await buildBcfWorld(db.ds);
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { template: 'no-such-workflow' })),
        422,
        'UNKNOWN_TEMPLATE',
      );
      expect(p.detail).toContain('GET /api/templates');
      await refused(
        openAs(world, openBcfCaseBody(world, { templateVersion: 99 })),
        422,
        'UNKNOWN_TEMPLATE',
      );
    });

    it('refuses a case without its role holders, naming each missing role', async () => {
      const world = await buildBcfWorld(db.ds);
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { roles: {} })),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(p)).toEqual([
        'roles.accountableOfficer',
        'roles.chiefExecutive',
        'roles.delegatedApprover',
      ]);
    });

    it('refuses an office that has no holder', async () => {
      const world = await buildBcfWorld(db.ds, {
        tweak: (s) =>
          s.offices.push({
            key: 'vacant',
            title: 'Interim Chief Executive',
            organisation: 'council',
          }),
      });
      const p = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, chiefExecutive: world.ids.offices.vacant },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(p.problems).toEqual([
        {
          path: 'roles.chiefExecutive',
          message:
            'the office "Interim Chief Executive" has no holder on 2021-10-01: appoint one first',
        },
      ]);
    });

    it('refuses a delegation that has expired, is not yet in force, is revoked or is for another purpose', async () => {
      const delegation = (key: string, scope: string, validFrom: string, validUntil?: string) => ({
        key,
        body: 'hwbb',
        office: 'chair',
        scope,
        reference: `HWBB minute ${key}`,
        validFrom: new Date(validFrom),
        validUntil: validUntil ? new Date(validUntil) : null,
      });
      const world = await buildBcfWorld(db.ds, {
        tweak: (s) =>
          s.delegations.push(
            delegation('expired', 'bcf-plan-approval', '2020-01-01', '2021-03-31'),
            delegation('future', 'bcf-plan-approval', '2022-01-01'),
            delegation('revoked', 'bcf-plan-approval', '2020-01-01'),
            delegation('wrongScope', 'pharmaceutical-needs-assessment', '2020-01-01'),
          ),
      });
      await db.ds.query(`UPDATE delegations SET revoked_at = '2021-06-01' WHERE id = $1`, [
        world.ids.delegations.revoked,
      ]);
      for (const key of ['expired', 'future', 'revoked', 'wrongScope']) {
        const id = world.ids.delegations[key];
        const p = await refused(
          openAs(
            world,
            openBcfCaseBody(world, { roles: { ...world.roles, delegatedApprover: id } }),
          ),
          422,
          'INVALID_ROLE_HOLDER',
        );
        expect(p.problems).toEqual([
          {
            path: 'roles.delegatedApprover',
            message: `delegation ${id} is not in force for "bcf-plan-approval" now`,
          },
        ]);
      }
    });

    it('refuses another tenant’s office and delegation as if they did not exist', async () => {
      const world = await buildBcfWorld(db.ds);
      const other = await buildBcfWorld(db.ds);
      const p = await refused(
        openAs(world, openBcfCaseBody(world, { roles: other.roles })),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(p.problems).toEqual([
        {
          path: 'roles.chiefExecutive',
          message: `no office ${other.roles.chiefExecutive} in your organisation`,
        },
        {
          path: 'roles.accountableOfficer',
          message: `no office ${other.roles.accountableOfficer} in your organisation`,
        },
        {
          path: 'roles.delegatedApprover',
          message: `no delegation ${other.roles.delegatedApprover} in your organisation`,
        },
      ]);
    });

    it('refuses an office where a delegation belongs, a role the template lacks and an id that is not a UUID', async () => {
      const world = await buildBcfWorld(db.ds);
      const swapped = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, delegatedApprover: world.ids.offices.chair },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(swapped)).toEqual(['roles.delegatedApprover']);
      const extra = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            roles: { ...world.roles, mayor: world.ids.offices.ceo, officer: world.ids.offices.ceo },
          }),
        ),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(extra)).toEqual(['roles.mayor', 'roles.officer']);
      // Names every object has are not roles either.
      const inherited = await refused(
        openAs(world, {
          ...openBcfCaseBody(world),
          roles: JSON.parse(
            JSON.stringify({ ...world.roles, toString: world.ids.offices.ceo }).replace(
              '"toString"',
              '"constructor"',
            ),
          ) as object,
        }),
        422,
        'INVALID_ROLE_HOLDER',
      );
      expect(paths(inherited)).toEqual(['roles.constructor']);
      const notUuid = await refused(
        openAs(
          world,
          openBcfCaseBody(world, { roles: { ...world.roles, chiefExecutive: 'the-ceo' } }),
        ),
        422,
        'INVALID_INPUT',
      );
      expect(paths(notUuid)).toEqual(['roles.chiefExecutive']);
    });

    it.each([
      [
        'a submission deadline in the past',
        { submissionDeadline: '2021-09-30' },
        ['dates.submissionDeadline'],
      ],
      [
        'an assurance date before the submission deadline',
        { expectedAssuranceDate: '2021-11-01' },
        ['dates.expectedAssuranceDate'],
      ],
      [
        'a noting deadline on the submission deadline',
        { notingDeadline: '2021-11-16' },
        ['dates.notingDeadline'],
      ],
      [
        'a date that is not a calendar date',
        { submissionDeadline: '16/11/2021' },
        ['dates.submissionDeadline'],
      ],
      ['a missing date', { notingDeadline: undefined }, ['dates.notingDeadline']],
    ])('refuses %s with INVALID_INPUT naming the date', async (_what, change, expected) => {
      const world = await buildBcfWorld(db.ds);
      const base = openBcfCaseBody(world);
      const dates = JSON.parse(JSON.stringify({ ...base.dates, ...change })) as object;
      const p = await refused(openAs(world, { ...base, dates }), 422, 'INVALID_INPUT');
      expect([...new Set(paths(p))]).toEqual(expected);
      expect(p.problems?.every((x) => x.message.length > 10)).toBe(true);
    });

    it('refuses unknown fields in the body and in the dates', async () => {
      const world = await buildBcfWorld(db.ds);
      const top = await refused(
        openAs(world, { ...openBcfCaseBody(world), colour: 'blue' }),
        422,
        'INVALID_INPUT',
      );
      expect(top.problems).toEqual([
        { path: '(body)', message: 'remove the unknown field(s) colour' },
      ]);
      const inDates = await refused(
        openAs(
          world,
          openBcfCaseBody(world, {
            dates: { ...openBcfCaseBody(world).dates, decisionDate: '2021-11-01' },
          }),
        ),
        422,
        'INVALID_INPUT',
      );
      expect(inDates.problems).toEqual([
        { path: 'dates', message: 'remove the unknown field(s) decisionDate' },
      ]);
    });

    it('refuses a body that is not a case at all', async () => {
      const world = await buildBcfWorld(db.ds);
      for (const body of [{}, [], { template: 'bcf-delegated-sign-off', title: 'x' }]) {
        await refused(openAs(world, body), 422, 'INVALID_INPUT');
      }
    });

    it('refuses a case opened by someone who is not an officer with NOT_AUTHORISED', async () => {
      const world = await buildBcfWorld(db.ds);
      for (const who of ['ceo', 'chair', 'gp'] as const) {
        const p = await refused(openAs(world, openBcfCaseBody(world), who), 403, 'NOT_AUTHORISED');
        expect(p.detail).toContain('officer');
      }
    });
  });

  describe('sending an event', () => {
    it('refuses an event the case does not accept in its state with EVENT_NOT_ALLOWED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('officer', {
          type: 'RECORD_SUBMISSION',
          expectedVersion: 2,
          payload: { submittedOn: '2021-10-01' },
        }),
        409,
        'EVENT_NOT_ALLOWED',
      );
      expect(p.state).toBe(
        'Awaiting agreement from the Chief Executive and the Accountable Officer',
      );
      // The chair holds the delegation, but approval comes after both agreements.
      await refused(
        sendAs('chair', { type: 'APPROVE', expectedVersion: 2 }),
        409,
        'EVENT_NOT_ALLOWED',
      );
      await refused(
        sendAs('officer', { type: 'SEEK_AGREEMENT', expectedVersion: 2 }),
        409,
        'EVENT_NOT_ALLOWED',
      );
    });

    it('refuses an actor without the office or delegation with NOT_AUTHORISED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('gp', { type: 'AGREE', expectedVersion: 2 }),
        403,
        'NOT_AUTHORISED',
      );
      expect(p.detail).toContain(
        'Chief Executive of the local authority or Accountable Officer of the CCG',
      );
      await refused(sendAs('ceo', { type: 'APPROVE', expectedVersion: 2 }), 403, 'NOT_AUTHORISED');
      await refused(
        sendAs('ao', {
          type: 'RECORD_NOTING',
          expectedVersion: 2,
          payload: { meetingDate: '2021-10-01', minuteReference: 'HWBB item 1' },
        }),
        403,
        'NOT_AUTHORISED',
      );
    });

    it('refuses system-only events sent by a person with NOT_AUTHORISED', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      await refused(
        sendAs('officer', {
          type: 'DEADLINE_PASSED',
          expectedVersion: 2,
          payload: { key: 'submission' },
        }),
        403,
        'NOT_AUTHORISED',
      );
      await refused(
        sendAs('officer', {
          type: 'DEADLINE_PASSED',
          expectedVersion: 2,
          as: 'system',
          payload: { key: 'submission' },
        }),
        403,
        'NOT_AUTHORISED',
      );
      await refused(
        sendAs('ceo', {
          type: 'REMINDER_DUE',
          expectedVersion: 2,
          payload: { key: 'submission', workingDaysLeft: 2 },
        }),
        403,
        'NOT_AUTHORISED',
      );
    });

    it('refuses a stale version with VERSION_CONFLICT and the current version', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      for (const expectedVersion of [1, 3, 99]) {
        const p = await refused(
          sendAs('ceo', { type: 'AGREE', expectedVersion }),
          409,
          'VERSION_CONFLICT',
        );
        expect(p.currentVersion).toBe(2);
      }
    });

    it('refuses an unknown event type with UNKNOWN_EVENT listing the events there are', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const p = await refused(
        sendAs('officer', { type: 'FROBNICATE', expectedVersion: 2 }),
        422,
        'UNKNOWN_EVENT',
      );
      expect(p.detail).toContain('SEEK_AGREEMENT');
      await refused(
        sendAs('officer', { type: 'toString', expectedVersion: 2 }),
        422,
        'UNKNOWN_EVENT',
      );
    });

    it.each([
      ['an empty comment', { type: 'AGREE', payload: { comments: '   ' } }, ['comments']],
      ['an unknown payload field', { type: 'AGREE', payload: { mood: 'happy' } }, ['(body)']],
      [
        'a submission date that is not a date',
        { type: 'RECORD_SUBMISSION', payload: { submittedOn: 'yesterday' } },
        ['submittedOn'],
      ],
      [
        'a not-approved outcome without resubmitBy',
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'notApproved', receivedOn: '2021-10-01' } },
        ['resubmitBy'],
      ],
      [
        'an unknown assurance outcome',
        { type: 'RECORD_ASSURANCE', payload: { outcome: 'maybe', receivedOn: '2021-10-01' } },
        ['outcome'],
      ],
      [
        'a missing expectedVersion',
        { type: 'AGREE', expectedVersion: undefined },
        ['expectedVersion'],
      ],
      ['a version given as text', { type: 'AGREE', expectedVersion: '2' }, ['expectedVersion']],
      ['a missing type', { type: undefined }, ['type']],
      ['an unknown field beside the event', { type: 'AGREE', urgent: true }, ['(body)']],
      ['a payload that is a list', { type: 'AGREE', payload: ['yes'] }, ['payload']],
    ])('refuses %s with INVALID_INPUT naming the field', async (_what, change, expected) => {
      const { sendAs } = await caseAwaitingAgreement();
      const body = JSON.parse(JSON.stringify({ expectedVersion: 2, ...change })) as object;
      const p = await refused(sendAs('officer', body), 422, 'INVALID_INPUT');
      expect((p.problems ?? []).map((x) => x.path)).toEqual(expected);
    });

    it('refuses acting "as" a role the event does not have', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      await refused(
        sendAs('ceo', { type: 'AGREE', expectedVersion: 2, as: 'delegatedApprover' }),
        422,
        'INVALID_INPUT',
      );
    });

    it('never answers a random event with a server error, and never changes a case on a refusal', async () => {
      const { sendAs } = await caseAwaitingAgreement();
      const types = fc.oneof(
        fc.constantFrom(
          'SEEK_AGREEMENT',
          'AGREE',
          'REJECT',
          'APPROVE',
          'RECORD_SUBMISSION',
          'RECORD_ASSURANCE',
          'MARK_CONDITION_MET',
          'RECORD_NOTING',
          'DECLARE_INTEREST',
          'REASSIGN_ROLE',
          'DEADLINE_PASSED',
          'REMINDER_DUE',
        ),
        fc.string(),
      );
      const body = fc.record(
        {
          type: types,
          expectedVersion: fc.oneof(fc.constant(2), fc.integer(), fc.jsonValue()),
          as: fc.oneof(fc.constantFrom('officer', 'system', 'chiefExecutive'), fc.string()),
          payload: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom<Who>('officer', 'gp', 'chair'), async (b, who) => {
          const before = await rowCounts();
          const res = await sendAs(who, b)();
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect((res.body as Problem).code).toMatch(/^[A-Z_]+$/);
          expect(await rowCounts()).toEqual(before);
        }),
        { numRuns: 80 },
      );
    });
  });

  describe('the HTTP edge', () => {
    it('refuses malformed JSON with MALFORMED_JSON', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      for (const path of ['/api/cases', `/api/cases/${caseId}/events`]) {
        await refused(
          () =>
            request(server())
              .post(path)
              .set(auth(world, 'officer'))
              .set('Content-Type', 'application/json')
              .send('{"type": "AGREE", "expectedVersion": 2,'),
          400,
          'MALFORMED_JSON',
        );
      }
    });

    it('refuses a body in an unsupported charset or encoding, or that cannot be decoded', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const post = () =>
        request(server())
          .post(`/api/cases/${caseId}/events`)
          .set(auth(world, 'ceo'))
          .set('Content-Type', 'application/json');
      const body = JSON.stringify({ type: 'AGREE', expectedVersion: 2 });
      await refused(
        () => post().set('Content-Type', 'application/json; charset=latin-9').send(body),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await refused(
        () => post().set('Content-Encoding', 'bogus').send(body),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      await refused(() => post().set('Content-Encoding', 'gzip').send(body), 400, 'MALFORMED_JSON');
    });

    it('refuses a body over 100 kB with PAYLOAD_TOO_LARGE', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const comments = 'x'.repeat(101 * 1024);
      await refused(
        () =>
          request(server())
            .post(`/api/cases/${caseId}/events`)
            .set(auth(world, 'ceo'))
            .send({ type: 'AGREE', expectedVersion: 2, payload: { comments } }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      await refused(
        () =>
          request(server())
            .post('/api/cases')
            .set(auth(world, 'officer'))
            .send({ ...openBcfCaseBody(world), title: comments }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('refuses a request without a known API key with UNAUTHENTICATED', async () => {
      const world = await buildBcfWorld(db.ds);
      const c = await openCase(world);
      const attempts: [string, string | undefined][] = [
        ['no key', undefined],
        ['an unknown key', 'Bearer not-a-real-key'],
        ['another scheme', `Basic ${world.keys.officer}`],
        ['an empty bearer', 'Bearer '],
      ];
      for (const [, header] of attempts) {
        const withKey = (t: request.Test) =>
          header === undefined ? t : t.set('Authorization', header);
        const p = await refused(
          () => withKey(request(server()).get('/api/cases')),
          401,
          'UNAUTHENTICATED',
        );
        expect(p.detail).toMatch(/API key/);
        await refused(
          () => withKey(request(server()).post('/api/cases').send(openBcfCaseBody(world))),
          401,
          'UNAUTHENTICATED',
        );
        await refused(
          () =>
            withKey(
              request(server())
                .post(`/api/cases/${c.id}/events`)
                .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
            ),
          401,
          'UNAUTHENTICATED',
        );
      }
    });

    it('answers a case id that is not a UUID, or no case, with CASE_NOT_FOUND', async () => {
      const world = await buildBcfWorld(db.ds);
      for (const id of ['not-a-uuid', '123', '00000000-0000-4000-8000-000000000000']) {
        for (const req of [
          () => request(server()).get(`/api/cases/${id}`),
          () => request(server()).get(`/api/cases/${id}/audit`),
          () => request(server()).get(`/api/cases/${id}/audit/verify`),
          () =>
            request(server())
              .post(`/api/cases/${id}/events`)
              .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
        ]) {
          await refused(() => req().set(auth(world, 'officer')), 404, 'CASE_NOT_FOUND');
        }
      }
    });

    it('answers another tenant’s case with 404 CASE_NOT_FOUND, never 403, and never lists it', async () => {
      const world = await buildBcfWorld(db.ds);
      const other = await buildBcfWorld(db.ds);
      const theirs = await openCase(other);
      const mine = auth(world, 'officer');
      const requests = [
        () => request(server()).get(`/api/cases/${theirs.id}`),
        () => request(server()).get(`/api/cases/${theirs.id}/audit`),
        () => request(server()).get(`/api/cases/${theirs.id}/audit/verify`),
        () =>
          request(server())
            .post(`/api/cases/${theirs.id}/events`)
            .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 }),
      ];
      const answers: Problem[] = [];
      for (const req of requests)
        answers.push(await refused(() => req().set(mine), 404, 'CASE_NOT_FOUND'));
      // The same answer as for an id that exists nowhere: nothing tells the two apart.
      const nowhere = await refused(
        () => request(server()).get('/api/cases/00000000-0000-4000-8000-000000000000').set(mine),
        404,
        'CASE_NOT_FOUND',
      );
      expect(answers[0].title).toBe(nowhere.title);
      expect(answers[0].detail.replace(theirs.id, '<id>')).toBe(
        nowhere.detail.replace('00000000-0000-4000-8000-000000000000', '<id>'),
      );
      const listed = await request(server()).get('/api/cases').set(mine).expect(200);
      expect((listed.body as { items: CaseView[] }).items).toEqual([]);
      // The owner still reads it, unchanged.
      const own = await request(server())
        .get(`/api/cases/${theirs.id}`)
        .set(auth(other, 'officer'))
        .expect(200);
      expect((own.body as CaseView).version).toBe(1);
    });

    it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
      const { world, caseId } = await caseAwaitingAgreement();
      const key = auth(world, 'officer');
      for (const req of [
        () => request(server()).get('/api/no-such-thing'),
        () => request(server()).get('/nowhere'),
        () => request(server()).delete(`/api/cases/${caseId}`),
        () => request(server()).put(`/api/cases/${caseId}/events`).send({}),
        () => request(server()).post(`/api/cases/${caseId}/audit`).send({}),
      ]) {
        await refused(() => req().set(key), 404, 'ROUTE_NOT_FOUND');
      }
    });

    it.each([
      ['overdue=maybe', ['overdue']],
      ['awaiting=someone', ['awaiting']],
      ['limit=0', ['limit']],
      ['limit=1000', ['limit']],
      ['offset=-1', ['offset']],
      ['state=closed%27%3B%20DROP%20TABLE%20cases', ['state']],
      ['colour=blue', ['(body)']],
    ])('refuses the list filter %s with INVALID_INPUT', async (query, expected) => {
      const world = await buildBcfWorld(db.ds);
      const p = await refused(
        () => request(server()).get(`/api/cases?${query}`).set(auth(world, 'officer')),
        422,
        'INVALID_INPUT',
      );
      expect((p.problems ?? []).map((x) => x.path)).toEqual(expected);
    });
  });

  it('publishes a valid OpenAPI document listing the case routes', async () => {
    const res = await request(server()).get('/api/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.body as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses?: object; operationId?: string }>>;
      components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
    };
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Ratify', version: '1' });
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/cases',
        'GET /api/cases',
        'GET /api/cases/{id}',
        'POST /api/cases/{id}/events',
        'GET /api/cases/{id}/audit',
        'GET /api/cases/{id}/audit/verify',
      ]),
    );
    // Every operation answers something and has a unique id; every $ref points somewhere real.
    const ops = Object.values(doc.paths).flatMap((o) => Object.values(o));
    expect(ops.every((o) => o.responses && Object.keys(o.responses).length > 0)).toBe(true);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = ref
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });
});
