import fc from 'fast-check';
import type { FuzzIds } from './fuzz-world.factory';
import {
  hostileSegment,
  hostileString,
  hostileValue,
  mutation,
  type Mutation,
  type RawBody,
  rawBody,
} from './hostile-input.service';

/*
 * The operations of the app's own OpenAPI document, and the fuzz's inputs to each (test/fuzz-api):
 * path parameters planned as a real id of the world's, another council's, a random UUID or a hostile
 * segment; query strings, who asks and what they accept; a body good, spoiled, hostile whole, raw
 * text or none.
 */

export interface OpenApi {
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
export interface Schema {
  type?: string;
  example?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
}
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema?: Schema;
}

export type ParamPlan =
  | { kind: 'real'; pick: number }
  | { kind: 'foreign'; pick: number }
  | { kind: 'uuid' }
  | { kind: 'hostile'; segment: string };
export type BodyPlan =
  | { kind: 'good'; pick: number }
  | { kind: 'spoiled'; pick: number; mutations: Mutation[] }
  | { kind: 'whole'; value: unknown }
  | { kind: 'raw'; raw: RawBody }
  | { kind: 'none' };
export interface Input {
  params: Record<string, ParamPlan>;
  query: [string, string | { id: number }][];
  feedToken: boolean;
  auth: string;
  accept: string;
  body: BodyPlan;
}

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

export function operations(doc: OpenApi): Operation[] {
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
export function realValues(f: FuzzIds, path: string, name: string): string[] {
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

/** The pick-th of a list, round and round. */
export const at = <T>(list: T[], pick: number): T => list[pick % list.length];

export function inputFor(op: Operation): fc.Arbitrary<Input> {
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
        fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...op.queryParams, 'x') }, hostileString),
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
