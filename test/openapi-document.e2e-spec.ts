import { INestApplication } from '@nestjs/common';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import Ajv2020 from 'ajv/dist/2020';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { fieldsInRefusalsDoc, rulesInRefusalsDoc } from '../libs/testing/refusals-doc.service';
import { listTemplates } from '../libs/workflows/template.registry';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** The OpenAPI document as a client generator reads it: complete, named, linted, true to the engine. */
describe('the OpenAPI document', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let doc: Doc;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as Doc;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
    );

  it('gives every operation a request schema, a success response with its schema and problem+json refusals', () => {
    const missing: string[] = [];
    const ops = operations().filter((o) => o.path.startsWith('/api/'));
    expect(ops.length).toBeGreaterThan(60);
    for (const { path, method, op } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      if (['post', 'put', 'patch'].includes(method)) {
        // No requestBody at all: the route reads no body (a revocation, a resend by its path).
        // A file upload's body is a multipart form, with its own schema.
        const body =
          op.requestBody?.content['application/json'] ??
          op.requestBody?.content['multipart/form-data'];
        if (op.requestBody && !body?.schema) missing.push(`${name}: no request body schema`);
      }
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      if (success.length === 0) missing.push(`${name}: no success response`);
      for (const [status, r] of success) {
        if (status === '204') continue;
        const media = Object.values(r.content ?? {});
        if (media.length === 0 || media.some((m) => !m.schema))
          missing.push(`${name}: ${status} has no schema`);
      }
      const refusals = Object.entries(op.responses).filter(([s]) => s.startsWith('4'));
      if (refusals.length === 0) missing.push(`${name}: no refusals`);
      if (op.requestBody && !op.responses['422']) missing.push(`${name}: no 422`);
      for (const [status, r] of refusals)
        if (!r.content?.['application/problem+json']?.schema)
          missing.push(`${name}: ${status} is not problem+json`);
      if (op.security?.length && !op.responses['401']) missing.push(`${name}: no 401`);
    }
    expect(missing).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names its shapes in components.schemas, each template version’s event payloads among them', () => {
    const schemas = doc.components.schemas;
    for (const name of [
      'Problem',
      'Case',
      'CaseList',
      'CaseEvent',
      'OpenCase',
      'Meeting',
      'Template',
    ])
      expect(schemas[name]).toBeDefined();
    const events = listTemplates().flatMap((t) =>
      Object.keys(t.events).map((e) => `EventPayload.${t.id}.v${t.version}.${e}`),
    );
    expect(events.length).toBeGreaterThan(40);
    for (const name of events) expect(schemas[name]).toBeDefined();
    const payload = (schemas.CaseEvent.properties as Record<string, { anyOf: { $ref: string }[] }>)
      .payload;
    expect(payload.anyOf.map((r) => r.$ref.replace('#/components/schemas/', '')).sort()).toEqual(
      [...events].sort(),
    );
    // Every $ref in the document resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
    for (const [, name] of refs) expect(schemas[name]).toBeDefined();
  });

  it('lists every governance rule’s code with its name as docs/refusals.md does, its example one of them', () => {
    const rule = (
      doc.components.schemas.Problem.properties as Record<string, Record<string, unknown>>
    ).rule;
    const names = rule['x-rule-names'] as Record<string, string>;
    expect(names).toEqual(Object.fromEntries(rulesInRefusalsDoc()));
    expect(Object.keys(names)).toContain(rule.example);
    // Any rule code the rule's own words give (its example, its description) is one of them.
    const said = JSON.stringify({ ...rule, 'x-rule-names': undefined });
    const codes = [...said.matchAll(/\b([A-Z]+(?:_[A-Z]+)+)\b/g)].map((m) => m[1]);
    expect(codes).toContain('VOTE_WHEN_INQUORATE');
    for (const code of codes.filter((c) => c !== 'GOVERNANCE_RULE_BROKEN'))
      expect(Object.keys(names)).toContain(code);
  });

  it('describes every field of a refusal that docs/refusals.md describes', () => {
    const fields = fieldsInRefusalsDoc();
    // The check itself reads the doc's fields.
    expect(fields).toEqual(expect.arrayContaining(['code', 'rule', 'ruleName', 'context']));
    const described = Object.keys(doc.components.schemas.Problem.properties as object);
    // Before: `context`, `caseId` and `caseEvent` were given and the doc said so, the schema not.
    expect(fields.filter((f) => !described.includes(f))).toEqual([]);
  });

  it('passes the Redocly lint (recommended rules) without an error', async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // A private product: no licence to declare, and the server is wherever it is run.
        'info-license': 'off',
        'no-server-example.com': 'off',
        'no-empty-servers': 'off',
        'operation-4xx-response': 'error',
        'operation-operationId-unique': 'error',
        'no-unresolved-refs': 'error',
      },
    });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'ratify-openapi.json',
      config,
    });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('gives each event payload in the catalogue as JSON Schema that accepts and refuses what the engine does', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/templates/bcf-delegated-sign-off/versions/1')
      .expect(200);
    const submission = res.body.events.RECORD_SUBMISSION as {
      payloadSchema: Record<string, unknown>;
      payloadSchemaRef: string;
    };
    expect(submission.payloadSchemaRef).toBe(
      '#/components/schemas/EventPayload.bcf-delegated-sign-off.v1.RECORD_SUBMISSION',
    );
    const validate = new Ajv2020({ strict: false }).compile(submission.payloadSchema);
    expect(validate({ submittedOn: '2021-11-15', reference: 'BCF-2021-SOT' })).toBe(true);
    expect(validate({})).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ missingProperty: 'submittedOn' });
    expect(validate({ submittedOn: '2021-11-15', colour: 'blue' })).toBe(false);
    const template = listTemplates().find((t) => t.id === 'bcf-delegated-sign-off')!;
    expect(template.events.RECORD_SUBMISSION.payload.safeParse({}).success).toBe(false);
  });
});
