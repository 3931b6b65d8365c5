import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { RULE_NAMES } from '../../../libs/errors/rule-names.errors';
import { ERROR_CODES } from '../http/problem.filter';
import { eventPayloadComponents } from '../templates/event-payload-schemas';
import { namedSchemas, type SchemaObject } from './openapi-schemas';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** RFC 9457 problem+json as every error of the API leaves (apps/api/http/problem.filter.ts). */
const PROBLEM: SchemaObject = {
  type: 'object',
  required: ['type', 'status', 'code', 'title', 'detail'],
  properties: {
    type: { type: 'string', example: 'https://ratify.example.org/problems/invalid_input' },
    instance: { type: 'string', description: 'the path that was asked for' },
    status: { type: 'integer', example: 422 },
    code: {
      type: 'string',
      example: 'INVALID_INPUT',
      description: `stable: program against it, never against title or detail. Known codes: ${[...ERROR_CODES, 'MALFORMED_REQUEST', 'HEADERS_TOO_LARGE', 'REQUEST_TIMEOUT', 'INTERNAL'].join(', ')}`,
    },
    title: { type: 'string', example: 'The event is not valid' },
    detail: {
      type: 'string',
      description:
        'a sentence saying what to fix. GOVERNANCE_RULE_BROKEN: the refusal as the pages say it, “The rule “<ruleName>” refuses this: <what it means here>. Nothing was recorded: <what you can do>.”',
    },
    problems: {
      type: 'array',
      description: 'each field that is wrong, with what to do about it',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    rule: {
      type: 'string',
      example: 'VOTE_WHEN_INQUORATE',
      description:
        'GOVERNANCE_RULE_BROKEN: the rule’s own code, stable: program against it. x-rule-names gives every rule’s code with its name in words (ruleName), as docs/refusals.md lists them',
      // An extension (x-): a rule added later is no breaking change, as an enum would be.
      ...({ 'x-rule-names': { ...RULE_NAMES } } as object),
    },
    ruleName: {
      type: 'string',
      description: 'GOVERNANCE_RULE_BROKEN: the rule’s name in words, as `detail` gives it',
    },
    explanation: { type: 'array', items: { type: 'string' }, description: 'the rule’s reasoning' },
    context: {
      type: 'string',
      description:
        'GOVERNANCE_RULE_BROKEN about another record than the one sent (a case linked to the meeting’s item, or holding its minutes): what it is about, which `detail` says first',
    },
    caseId: {
      type: 'string',
      format: 'uuid',
      description: 'a refusal by a case a meeting’s write carried into: that case’s id',
    },
    caseEvent: {
      type: 'string',
      description: 'a refusal by a case a meeting’s write carried into: the event type it refused',
    },
    event: {
      type: 'string',
      description:
        'EVENT_NOT_ALLOWED, NOT_AUTHORISED (of an event), AMBIGUOUS_ROLE: the event type refused; `detail` names its step in words',
    },
    state: {
      type: 'string',
      description: 'EVENT_NOT_ALLOWED: the case’s state in words, as its summary says it',
    },
    roles: {
      type: 'array',
      items: { type: 'string' },
      description:
        'AMBIGUOUS_ROLE: the role keys the sender may act in; send the event again with one of them as `as`',
    },
    source: {
      type: 'string',
      description:
        'GOVERNANCE_RULE_BROKEN, when the rule names one: where it comes from (the papers or minute that set it), apart from the lines a person reads',
    },
  },
  additionalProperties: true,
  example: {
    type: 'https://ratify.example.org/problems/invalid_input',
    status: 422,
    code: 'INVALID_INPUT',
    title: 'The event is not valid',
    detail: 'The event is not valid: fix the fields listed in problems.',
    problems: [{ path: 'payload.publishedOn', message: 'write publishedOn as YYYY-MM-DD' }],
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The refusals an operation can meet, read off what it takes (a key, a path id, a body, a query). */
function errorResponses(op: Operation, method: string, secured: boolean): Responses {
  const params = op.parameters ?? [];
  const inPath = params.some((p) => 'in' in p && p.in === 'path');
  const inQuery = params.some((p) => 'in' in p && p.in === 'query');
  const out: Responses = {};
  if (op.requestBody) {
    out['400'] = problem('MALFORMED_JSON: the body is not JSON');
    out['413'] = problem('PAYLOAD_TOO_LARGE');
    out['415'] = problem('UNSUPPORTED_MEDIA_TYPE');
  }
  if (secured) {
    out['401'] = problem('UNAUTHENTICATED: no API key, or one unknown, expired or revoked');
    out['403'] = problem('NOT_AUTHORISED: the key’s person may not do this');
  }
  if (inPath) out['404'] = problem('The record is not in your council (or does not exist)');
  if (method !== 'get')
    out['409'] = problem(
      'VERSION_CONFLICT (the expectedVersion you sent is stale: read again) or EVENT_NOT_ALLOWED',
    );
  if (op.requestBody || inQuery || method !== 'get')
    out['422'] = problem(
      'INVALID_INPUT with problems by field, or GOVERNANCE_RULE_BROKEN with rule and explanation',
    );
  out['429'] = problem('TOO_MANY_REQUESTS: wait a minute');
  return out;
}

/** The success responses that are not JSON: pictures, pages, files and calendars. */
function mediaOf(path: string): string | null {
  if (path.endsWith('.svg')) return 'image/svg+xml';
  if (path.endsWith('.html') || path.endsWith('/certificate')) return 'text/html';
  if (path.endsWith('.ics')) return 'text/calendar';
  if (path.endsWith('.csv') || path.includes('/export/')) return 'text/csv';
  return null;
}

/**
 * The OpenAPI document a generated client can use: the controllers' decorators, then every named
 * schema in components.schemas (with each template version's event payloads), the problem+json
 * answers of every operation, and the non-JSON answers described by their media type.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ratify')
      .setDescription(
        'Workflow and approvals engine for lawful sign-off and delegated decisions. Errors are RFC 9457 problem+json (components.schemas.Problem) with a stable `code`. Each template version’s event payloads are in components.schemas as EventPayload.<template>.v<version>.<EVENT>, and as JSON Schema in GET /api/templates.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key' })
      .build(),
  );
  doc.components ??= {};
  doc.components.schemas = {
    ...doc.components.schemas,
    Problem: PROBLEM,
    ...namedSchemas(),
    ...eventPayloadComponents(),
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const media = mediaOf(path);
      if (media)
        for (const [status, r] of Object.entries(op.responses))
          if (status.startsWith('2') && r && 'description' in r && !r.content)
            op.responses[status] = {
              description: r.description || media,
              content: { [media]: { schema: { type: 'string' } } },
            };
      const secured = (op.security ?? []).length > 0;
      // A public operation says so (no key needed): templates, calendar feeds with their token.
      if (!secured) op.security = [];
      for (const [status, r] of Object.entries(errorResponses(op, method, secured)))
        op.responses[status] ??= r;
      // A refusal described in words only still leaves as problem+json.
      for (const [status, r] of Object.entries(op.responses)) {
        if (!/^[45]/.test(status) || !r || !('description' in r)) continue;
        if (!r.content)
          op.responses[status] = { ...problem(r.description), description: r.description };
        // A refusal's own schema (a rule's fields) leaves with the type the filter sends.
        else if (r.content['application/json'] && !r.content['application/problem+json'])
          r.content = { 'application/problem+json': r.content['application/json'] };
      }
      for (const r of Object.values(op.responses))
        if (r && 'description' in r && !r.description) r.description = 'Success';
    }
  }
  typeNullableUnions(doc.components.schemas);
  return doc;
}

/**
 * OpenAPI 3.0 wants a `type` beside `nullable`: zod writes a nullable union of objects (an urgency
 * agreement, by who agreed) without one, so it is given the type its branches share.
 */
function typeNullableUnions(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(typeNullableUnions);
  if (!node || typeof node !== 'object') return;
  const s = node as Record<string, unknown>;
  const branches = (s.oneOf ?? s.anyOf) as { type?: string }[] | undefined;
  if (s.nullable === true && s.type === undefined && branches) {
    const types = new Set(branches.map((b) => b.type));
    if (types.size === 1 && [...types][0]) s.type = [...types][0];
  }
  Object.values(s).forEach(typeNullableUnions);
}

/**
 * Serves the document at /api/docs (and its JSON at /api/docs-json), built at the first request
 * for it rather than at start: most processes never serve it, and the built document (about
 * 600 kB of JSON) would stay in the heap of every one (issue #21, RSS under load).
 */
export function mountOpenApiDocument(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
