import { INestApplication } from '@nestjs/common';
import Ajv from 'ajv';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/**
 * A client generated from the OpenAPI document alone (openapi-typescript's types, openapi-fetch),
 * type-checked strictly, then driving a journey over HTTP: open a case, send events, be refused.
 */
const JOURNEY = `
import createClient from 'openapi-fetch';
import type { components, paths } from './ratify-api';

type Case = components['schemas']['Case'];
type Problem = components['schemas']['Problem'];

export async function journey(
  baseUrl: string,
  keys: { officer: string; ceo: string },
  open: components['schemas']['OpenCase'],
  awaitedPersonId: string,
) {
  const as = (key: string) =>
    createClient<paths>({ baseUrl, headers: { Authorization: 'Bearer ' + key } });
  const officer = as(keys.officer);
  const opened = await officer.POST('/api/cases', { body: open });
  if (!opened.data) throw new Error('not opened: ' + JSON.stringify(opened.error));
  const created: Case = opened.data;
  const path = { id: created.id };

  const sought = await officer.POST('/api/cases/{id}/events', {
    params: { path },
    body: { type: 'SEEK_AGREEMENT', expectedVersion: created.version },
  });
  if (!sought.data) throw new Error('not sought: ' + JSON.stringify(sought.error));

  const stale = await officer.POST('/api/cases/{id}/events', {
    params: { path },
    body: { type: 'SEEK_AGREEMENT', expectedVersion: created.version },
  });
  const conflict: Problem | undefined = stale.error;

  const agreed = await as(keys.ceo).POST('/api/cases/{id}/events', {
    params: { path },
    body: { type: 'AGREE', expectedVersion: sought.data.version, payload: { comments: 'Agreed.' } },
  });
  if (!agreed.data) throw new Error('not agreed: ' + JSON.stringify(agreed.error));

  const waiting = await officer.GET('/api/cases', {
    params: { query: { awaiting: awaitedPersonId } },
  });
  const trail = await officer.GET('/api/cases/{id}/audit', { params: { path } });
  const verified = await officer.GET('/api/cases/{id}/audit/verify', { params: { path } });
  return {
    opened: created,
    agreed: agreed.data,
    conflict: { status: stale.response.status, code: conflict?.code },
    waitingIds: (waiting.data?.items ?? []).map((c) => c.id),
    trailSeqs: (trail.data?.records ?? []).map((r) => r.seq),
    verifiedOk: verified.data?.ok,
  };
}
`;

/** A mistake a typed client must not compile: expectedVersion as words, a route that does not exist. */
const MISTAKES = `
import createClient from 'openapi-fetch';
import type { paths } from './ratify-api';
const client = createClient<paths>({ baseUrl: 'http://localhost' });
void client.POST('/api/cases/{id}/events', {
  params: { path: { id: 'x' } },
  body: { type: 'AGREE', expectedVersion: 'one' },
});
void client.GET('/api/casez');
`;

function typeErrors(dir: string, file: string): string[] {
  const program = ts.createProgram([join(dir, file)], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(__dirname, '..', 'node_modules', '@types')],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a client generated from the OpenAPI document', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let origin: string;
  let doc: Record<string, unknown>;
  const dir = join(__dirname, '..', '.data', `openapi-client-${process.pid}`);
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"type": "commonjs"}');
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    // openapi-typescript's own command, as a client's build would run it (it is an ES module).
    execFileSync(
      process.execPath,
      [
        join(__dirname, '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        join(dir, 'openapi.json'),
        '--output',
        join(dir, 'ratify-api.ts'),
      ],
      { stdio: 'pipe' },
    );
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app?.close();
    await db?.drop();
  });

  it('type-checks a journey and refuses to compile mistakes', () => {
    writeFileSync(join(dir, 'journey.ts'), JOURNEY);
    expect(typeErrors(dir, 'journey.ts')).toEqual([]);
    writeFileSync(join(dir, 'mistakes.ts'), MISTAKES);
    const errors = typeErrors(dir, 'mistakes.ts');
    // One for the words where a number goes, one for the route that does not exist.
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('drives a case with the typed client, and its answers match the documented schemas', async () => {
    writeFileSync(join(dir, 'journey.ts'), JOURNEY);
    const js = ts.transpileModule(JOURNEY, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    writeFileSync(join(dir, 'journey.js'), js);
    const world = await buildBcfWorld(db.ds);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { journey } = require(join(dir, 'journey.js')) as {
      journey: (...args: unknown[]) => Promise<Record<string, unknown>>;
    };
    const out = (await journey(
      origin,
      { officer: world.keys.officer, ceo: world.keys.ceo },
      openBcfCaseBody(world),
      world.ids.people.ao,
    )) as {
      opened: { id: string; version: number };
      agreed: { version: number; context: { agreements: Record<string, boolean> } };
      conflict: { status: number; code: string };
      waitingIds: string[];
      trailSeqs: number[];
      verifiedOk: boolean;
    };
    expect(out.opened.version).toBe(1);
    expect(out.agreed.version).toBe(3);
    expect(out.agreed.context.agreements).toEqual({
      chiefExecutive: true,
      accountableOfficer: false,
    });
    expect(out.conflict).toEqual({ status: 409, code: 'VERSION_CONFLICT' });
    expect(out.waitingIds).toContain(out.opened.id);
    expect(out.trailSeqs).toEqual([1, 2, 3]);
    expect(out.verifiedOk).toBe(true);

    // What the API answered is what the document says it answers.
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    ajv.addSchema({ $id: 'ratify', ...(doc as object) });
    const check = (name: string, value: unknown) => {
      const validate = ajv.getSchema(`ratify#/components/schemas/${name}`)!;
      return validate(value) ? [] : validate.errors;
    };
    expect(check('Case', out.opened)).toEqual([]);
    expect(check('Case', out.agreed)).toEqual([]);
    expect(check('Case', { ...out.agreed, version: 'three' })).not.toEqual([]);
  });
});
