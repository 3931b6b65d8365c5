import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { buildFuzzWorld, FUZZ_MEETING, FuzzWorld } from '../libs/testing/fuzz-world.factory';
import {
  answerFaults,
  changedTables,
  describeFaults,
  describeRequest,
  encodeSegment,
  FUZZ_SEED,
  hostileSegment,
  hostileString,
  hostileValue,
  isHtml,
  mutate,
  mutation,
  Mutation,
  problemFaults,
  RawBody,
  rawBody,
  StateFingerprint,
  stateFingerprint,
  timedAnswer,
} from '../libs/testing/hostile-input.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * A bounded, seeded fuzz of every operation the app's own OpenAPI document lists (so a new
 * operation is fuzzed without touching this file): path parameters from the world's real ids,
 * random UUIDs and hostile strings; good bodies spoiled one or more places at a time, hostile
 * bodies whole, and bodies that are not JSON at all. Every answer: no 5xx, a refusal is
 * problem+json with a code and a sentence (a page for a browser off /api), a refusal changes
 * nothing, and the answer comes within ANSWER_WITHIN_MS.
 */

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      }
    >
  >;
}
interface Schema {
  type?: string;
  example?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
}
interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema?: Schema;
}

type ParamPlan =
  | { kind: 'real'; pick: number }
  | { kind: 'foreign'; pick: number }
  | { kind: 'uuid' }
  | { kind: 'hostile'; segment: string };
type BodyPlan =
  | { kind: 'good'; pick: number }
  | { kind: 'spoiled'; pick: number; mutations: Mutation[] }
  | { kind: 'whole'; value: unknown }
  | { kind: 'raw'; raw: RawBody }
  | { kind: 'none' };
interface Input {
  params: Record<string, ParamPlan>;
  query: [string, string | { id: number }][];
  feedToken: boolean;
  auth: string;
  accept: string;
  body: BodyPlan;
}

/**
 * About this many requests in all, shared among the operations (a write counts twice a read), so
 * that the file keeps its run time as operations are added; never fewer than MIN_RUNS each.
 */
const BUDGET = 1_500;
const MIN_RUNS = 10;
/** Mostly the officer, so that handlers run; members, the administrator, another council's officer. */
const WHO = [
  'officer',
  'officer',
  'officer',
  'officer',
  'gp',
  'gp',
  'cab1',
  'proper',
  'ceo',
  'foreign',
];

describe('fuzz of every API operation', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: FuzzWorld;
  let state: StateFingerprint;
  let sent = 0;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, {
      API_RATE_LIMIT_PER_MINUTE: '100000',
      LINK_RATE_LIMIT_PER_MINUTE: '100000',
    });
    world = await buildFuzzWorld(db.ds, app, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  function operations(doc: OpenApi): Operation[] {
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method as Operation['method'],
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content['application/json']?.schema,
      })),
    );
  }

  /** The world's real ids for a parameter: by the resource the path names, any id otherwise. */
  function realValues(path: string, name: string): string[] {
    const f = world.fuzz;
    if (name === 'itemId') return f.items;
    if (name === 'effectId') return f.effects;
    if (name === 'version') return ['1', '2', '3'];
    if (path.startsWith('/api/templates')) return f.templates.map((t) => t.id);
    if (path.startsWith('/api/meetings')) return f.meetings;
    if (path.startsWith('/api/cases')) return f.cases;
    if (path.startsWith('/calendar/people')) return f.people;
    if (path.startsWith('/calendar/bodies')) return f.bodies;
    return [...f.cases, ...f.meetings, ...f.items, ...f.people, ...f.bodies, ...f.documents];
  }

  const at = <T>(list: T[], pick: number): T => list[pick % list.length];

  /** Good bodies for the operations that take one: the fuzz spoils them. */
  async function goodBodies(op: Operation, params: Record<string, string>): Promise<unknown[]> {
    const id = params.id;
    const version = world.fuzz.cases.includes(id) ? await world.versionOf(id) : 1;
    const person = (k: string) => world.id(k);
    const good: Record<string, unknown[]> = {
      'post /api/cases': [
        {
          template: 'jcb-delegated-decision',
          title: 'Carers contract',
          dates: { meetingDate: FUZZ_MEETING },
          roles: world.jcbRoles,
        },
        {
          template: 'minutes-approval',
          templateVersion: 1,
          title: 'HWBB minutes',
          dates: { meetingDate: '2025-07-30', nextMeetingDate: '2025-09-24' },
          roles: { chair: world.ids.offices.chair },
        },
      ],
      'post /api/cases/{id}/events': [
        { type: 'AGREE', expectedVersion: version, payload: { comments: 'Agreed.' } },
        {
          type: 'RECORD_NOTICES',
          expectedVersion: version,
          payload: {
            meetingDate: FUZZ_MEETING,
            itemTitle: 'Carers contract',
            keyDecision: true,
            forwardPlanPublishedOn: '2025-07-01',
            reportPublishedOn: '2025-08-20',
          },
        },
        { type: at(world.fuzz.eventTypes, version), expectedVersion: version, payload: {} },
      ],
      'post /api/cases/{id}/documents': [
        {
          expectedVersion: version,
          name: 'Plan.pdf',
          mediaType: 'application/pdf',
          contentBase64: 'JVBERi0xLjQ=',
          replaces: world.fuzz.documents[0],
        },
      ],
      'post /api/cases/{id}/emails/{effectId}/resend': [{ expectedVersion: version }],
      'post /api/meetings': [
        { body: world.ids.bodies.jcb, meetingDate: '2025-10-02', title: 'JCB, October' },
      ],
      'post /api/meetings/{id}/agenda-items': [
        {
          title: 'Carers contract',
          caseId: world.fuzz.cases[4],
          keyDecision: true,
          forwardPlanPublishedOn: '2025-07-01',
          part2Reasons: 'Commercial terms (para 3)',
          privateNoticePublishedOn: '2025-08-01',
          reportPublishedOn: '2025-08-20',
          noticeRoutes: { lateItemSpecialCircumstances: 'The tender closed late' },
        },
      ],
      'post /api/meetings/{id}/publication': [{ agendaPublishedOn: '2025-08-22' }],
      'put /api/meetings/{id}/attendance': [
        [
          { personId: person('cab1'), status: 'present' },
          { personId: person('ccg2'), status: 'apologies' },
          { personId: person('sub'), status: 'present', substituteFor: person('ccg2') },
        ],
      ],
      'post /api/meetings/{id}/agenda-items/{itemId}/notice-routes': [
        {
          generalException: {
            scrutinyChairToldInWritingOn: '2025-08-01',
            noticePublishedOn: '2025-08-04',
          },
          specialUrgency: {
            agreedBy: 'scrutinyChair',
            name: 'Cllr Jan Cole',
            agreedOn: '2025-08-03',
          },
        },
      ],
      'post /api/meetings/{id}/agenda-items/{itemId}/declarations': [
        {
          personId: person('ccg1'),
          kind: 'disclosablePecuniary',
          details: 'Director of a bidder',
          dispensationId: world.fuzz.dispensations[0],
        },
      ],
      'post /api/meetings/{id}/agenda-items/{itemId}/show-of-hands': [
        {
          hands: ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'].map((k) => ({
            personId: person(k),
            hand: 'for',
          })),
          chairChoice: { outcome: 'deferred', consultedThosePresent: true },
          expectedCaseVersion: await world.versionOf(world.fuzz.cases[4]),
        },
      ],
      'post /api/meetings/{id}/minutes-approval': [
        { previousMeetingId: world.fuzz.meetings[1], amendments: ['Item 3: for "Ms" read "Dr"'] },
      ],
      'post /api/dispensations': [
        {
          personId: person('ccg2'),
          grantor: 'Standards Committee',
          ground: 'politicalBalance',
          matters: ['carers'],
          relievesFrom: ['discussion', 'vote'],
          grantedOn: '2025-08-01',
          endsOn: '2029-07-31',
        },
      ],
      'put /api/settings': [
        {
          calendar: {
            extraClosures: [{ date: '2025-12-29', reason: 'Council closure' }],
            weekendsCountAsClearDays: false,
          },
          interests: { dpiMemberMustLeaveRoom: true },
          callIn: { periodWorkingDays: 5 },
        },
      ],
    };
    return good[`${op.method} ${op.path}`] ?? [fromSchema(op.bodySchema)];
  }

  /** A body for an operation this file has no good body for: the document's examples, or a typed placeholder. */
  function fromSchema(schema: Schema | undefined): unknown {
    if (!schema) return {};
    if (schema.example !== undefined) return schema.example;
    if (schema.type === 'object' || schema.properties)
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fromSchema(s)]),
      );
    return { integer: 1, number: 1, boolean: true, array: [] }[schema.type ?? ''] ?? 'x';
  }

  function inputFor(op: Operation): fc.Arbitrary<Input> {
    const param: fc.Arbitrary<ParamPlan> = fc.oneof(
      { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'real' as const, pick })) },
      { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'foreign' as const, pick })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'uuid' as const }) },
      {
        weight: 2,
        arbitrary: hostileSegment.map((segment) => ({ kind: 'hostile' as const, segment })),
      },
    );
    const queryValue = fc.oneof(
      hostileString,
      fc.nat().map((id) => ({ id })),
      fc.constantFrom(
        '1',
        '0',
        '10',
        'true',
        'false',
        'awaitingAgreement',
        '-5',
        '1e3',
        '99999999999',
      ),
    );
    const write = op.method !== 'get';
    return fc.record({
      params: fc.record(Object.fromEntries(op.pathParams.map((p) => [p, param]))),
      query: fc.array(
        fc.tuple(
          fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...op.queryParams, 'x') },
            hostileString,
          ),
          queryValue,
        ),
        { maxLength: op.queryParams.length ? 3 : 1 },
      ),
      feedToken: fc.boolean(),
      auth: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...WHO) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            'Bearer not-a-key',
            'Bearer ',
            'Basic b2ZmaWNlcjpwYXNz',
            `Bearer ${'k'.repeat(6_000)}`,
            "Bearer ' OR 1=1 --",
            'Bearer a b',
          ),
        },
      ),
      accept: fc.constantFrom(
        'application/json',
        'application/json',
        'text/html',
        '*/*',
        'image/png',
      ),
      body: write
        ? fc.oneof(
            { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'good' as const, pick })) },
            {
              weight: 8,
              arbitrary: fc
                .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }))
                .map(([pick, mutations]) => ({ kind: 'spoiled' as const, pick, mutations })),
            },
            {
              weight: 2,
              arbitrary: hostileValue.map((value) => ({ kind: 'whole' as const, value })),
            },
            { weight: 2, arbitrary: rawBody.map((raw) => ({ kind: 'raw' as const, raw })) },
            { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
          )
        : fc.constant({ kind: 'none' as const }),
    });
  }

  /** Sends one input and checks the answer; throws with the request when an invariant breaks. */
  async function check(op: Operation, input: Input): Promise<void> {
    const values: Record<string, string> = {};
    let path = op.path;
    for (const name of op.pathParams) {
      const plan = input.params[name];
      const real = realValues(op.path, name);
      const value =
        plan.kind === 'real'
          ? at(real, plan.pick)
          : plan.kind === 'foreign'
            ? at(world.fuzz.foreign, plan.pick)
            : plan.kind === 'uuid'
              ? randomUUID()
              : plan.segment;
      values[name] = value;
      path = path.replace(`{${name}}`, plan.kind === 'hostile' ? value : encodeSegment(value));
    }
    const query = input.query.map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : at(world.fuzz.anyId, v.id),
    ]);
    const feed = /^\/calendar\/(people|bodies)\//.exec(op.path);
    if (feed && input.feedToken)
      query.push(['token', app.get(LinkTokens).feedTokenFor(`${feed[1]}:${values.id}`)]);
    if (query.length)
      path += `?${query.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&')}`;

    const plan = input.body;
    let shown: unknown;
    let json: string | undefined;
    if (plan.kind === 'raw') shown = plan.raw;
    else if (plan.kind !== 'none') {
      const good = await goodBodies(op, values);
      shown =
        plan.kind === 'whole'
          ? plan.value
          : plan.kind === 'good'
            ? at(good, plan.pick)
            : mutate(at(good, plan.pick), plan.mutations, world.fuzz.anyId);
      json = shown === undefined ? undefined : JSON.stringify(shown);
    }
    const key =
      input.auth === 'foreign'
        ? world.foreignOfficerKey
        : (world.keys[input.auth] ?? (world.jcbKeys as Record<string, string>)[input.auth]);
    const build = () => {
      let req = request(app.getHttpServer())[op.method](path).set('Accept', input.accept);
      if (key) req = req.set('Authorization', `Bearer ${key}`);
      else if (input.auth) req = req.set('Authorization', input.auth);
      if (plan.kind === 'raw') {
        if (plan.raw.contentType) req = req.set('Content-Type', plan.raw.contentType);
        if (plan.raw.contentEncoding) req = req.set('Content-Encoding', plan.raw.contentEncoding);
        return req.send(plan.raw.text);
      }
      return json === undefined ? req : req.set('Content-Type', 'application/json').send(json);
    };
    const shownRequest = describeRequest(op.method.toUpperCase(), path, shown);
    const { res, ms } = await timedAnswer(build, shownRequest);
    sent++;
    const faults = answerFaults(res, ms);
    if (res.status >= 400 && res.status < 500) {
      // Off /api a browser gets a page; but Node refuses an address over 16 kB before it reads
      // a header, so that 431 is a problem for every client (http-app.service.ts).
      const browser =
        input.accept === 'text/html' && !op.path.startsWith('/api') && res.status !== 431;
      if (browser) {
        if (!isHtml(res)) faults.push('a browser got no page');
      } else faults.push(...problemFaults(res));
    }
    const after = await stateFingerprint(db.ds);
    if (res.status >= 400 && res.status < 500) {
      const changed = changedTables(state, after);
      if (changed.length) faults.push(`a refusal changed ${changed.join(', ')}`);
    }
    state = after;
    const message = describeFaults(shownRequest, res, ms, faults);
    if (message) throw new Error(message);
  }

  it('answers every operation of the OpenAPI document without a 5xx or a stall, refusing bad input as a problem that changes nothing', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200))
      .body as OpenApi;
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(30);
    const weight = (op: Operation) => (op.method === 'get' ? 1 : 2);
    const perWeight = BUDGET / ops.reduce((n, op) => n + weight(op), 0);
    state = await stateFingerprint(db.ds);
    for (const op of ops) {
      await fc.assert(
        fc.asyncProperty(inputFor(op), (input) => check(op, input)),
        { seed: FUZZ_SEED, numRuns: Math.max(MIN_RUNS, Math.round(perWeight * weight(op))) },
      );
    }
    expect(sent).toBeGreaterThanOrEqual(BUDGET * 0.95);
  }, 240_000);

  describe('what the fuzz found, each once a 500 or a bare status', () => {
    const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });

    /** The response is the refusal `code` as problem+json with a sentence, and nothing changed. */
    async function refused(send: () => request.Test, status: number, code: string) {
      const before = await stateFingerprint(db.ds);
      const res = await send();
      expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
        status,
        code,
      });
      expect(problemFaults(res)).toEqual([]);
      expect(changedTables(before, await stateFingerprint(db.ds))).toEqual([]);
      return res.body as { detail: string; instance?: string };
    }

    it.each([
      ['objects', `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`],
      ['lists', `${'['.repeat(40_000)}${']'.repeat(40_000)}`],
    ])(
      'refuses a body of %s nested thousands deep as INVALID_TEXT, not a stack overflow',
      async (_, text) => {
        const p = await refused(
          () =>
            request(app.getHttpServer())
              .post(`/api/meetings/${world.fuzz.meetings[0]}/publication`)
              .set(officer())
              .set('Content-Type', 'application/json')
              .send(text),
          400,
          'INVALID_TEXT',
        );
        expect(p.detail).toMatch(/is nested more than 32 levels deep/);
      },
    );

    it('answers a refusal from the middleware on /api as a problem with the whole path, whatever the client accepts', async () => {
      const path = `/api/cases/${world.fuzz.cases[0]}/documents`;
      const p = await refused(
        () =>
          request(app.getHttpServer())
            .post(path)
            .set('Accept', 'text/html')
            .set('Authorization', 'Bearer not-a-key')
            .send({}),
        401,
        'UNAUTHENTICATED',
      );
      expect(p.instance).toBe(path);
    });

    it('answers an address over 16 kB with a problem, not a bare 431', async () => {
      await refused(
        () =>
          request(app.getHttpServer())
            .get(`/api/cases?state=${'x'.repeat(17_000)}`)
            .set(officer()),
        431,
        'HEADERS_TOO_LARGE',
      );
    });

    it('quotes an unknown event type in the sentence that refuses it', async () => {
      const id = world.fuzz.cases[0];
      const version = await world.versionOf(id);
      const p = await refused(
        () =>
          request(app.getHttpServer())
            .post(`/api/cases/${id}/events`)
            .set(officer())
            .send({ type: '{{ 7 * 7 }}', expectedVersion: version }),
        422,
        'UNKNOWN_EVENT',
      );
      expect(p.detail).toMatch(
        /^"\{\{ 7 \* 7 \}\}" is not an event of bcf-delegated-sign-off; use one of/,
      );
    });
  });
});
