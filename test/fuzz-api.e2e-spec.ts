import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { goodBodies } from '../libs/testing/fuzz-api-bodies.factory';
import { fuzzApiHarness } from '../libs/testing/fuzz-api-harness.service';
import {
  at,
  type Input,
  inputFor,
  type OpenApi,
  type Operation,
  operations,
  realValues,
} from '../libs/testing/fuzz-api-operations.service';
import {
  answerFaults,
  changedTables,
  describeFaults,
  describeRequest,
  encodeSegment,
  FUZZ_SEED,
  isHtml,
  mutate,
  problemFaults,
  type StateFingerprint,
  stateFingerprint,
  timedAnswer,
} from '../libs/testing/hostile-input.service';

/*
 * A bounded, seeded fuzz of every operation the app's own OpenAPI document lists (so a new
 * operation is fuzzed without touching this file): path parameters from the world's real ids,
 * random UUIDs and hostile strings; good bodies spoiled one or more places at a time, hostile
 * bodies whole, and bodies that are not JSON at all. Every answer: no 5xx, a refusal is
 * problem+json with a code and a sentence (a page for a browser off /api), a refusal changes
 * nothing, and the answer comes within ANSWER_WITHIN_MS. The operations and inputs are in
 * libs/testing/fuzz-api-operations.service.ts, the good bodies in fuzz-api-bodies.factory.ts; what
 * the fuzz found, each kept as an example, in fuzz-api-findings.e2e-spec.ts.
 */

/**
 * About this many requests in all, shared among the operations (a write counts twice a read), so
 * that the file keeps its run time as operations are added; never fewer than MIN_RUNS each.
 */
const BUDGET = 1_500;
const MIN_RUNS = 10;

describe('fuzz of every API operation', () => {
  const fuzz = fuzzApiHarness();
  let state: StateFingerprint;
  let sent = 0;

  /** Sends one input and checks the answer; throws with the request when an invariant breaks. */
  async function check(op: Operation, input: Input): Promise<void> {
    const { app, db, world } = fuzz();
    const values: Record<string, string> = {};
    let path = op.path;
    for (const name of op.pathParams) {
      const plan = input.params[name];
      const real = realValues(world.fuzz, op.path, name);
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
      const good = await goodBodies(world, op, values);
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
    const { app, db } = fuzz();
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
    // A guard against a stall of the whole run, not a speed check (each answer has its own bound,
    // ANSWER_WITHIN_MS): 1,500 requests took 47 s at load 5 and over 240 s at load 30-36.
  }, 900_000);
});
