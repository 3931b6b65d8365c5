import Ajv, { type ValidateFunction } from 'ajv';
import request from 'supertest';
import type { App } from 'supertest/types';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface Operation {
  method: Method;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/** An answer's body: checked against the document's schema at run time, read freely by tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Answer = Record<string, any>;

export interface OpenApiCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * A client that knows the API only by its OpenAPI document, as an integrator's generated client
 * would: operations found by operationId, paths filled from the document's templates, and every
 * 2xx body checked against the response schema the document gives (ajv, OpenAPI's `nullable`).
 * A call to an operation the document lacks, or an answer the document does not describe, fails.
 */
export class OpenApiClient {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(
    private readonly app: App,
    private readonly operations: Map<string, Operation>,
    private readonly key: string,
    private readonly doc: object,
  ) {
    // The formats zod writes into the document, checked as strictly as zod checks them.
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    this.ajv.addSchema(doc, 'openapi');
  }

  /** Reads the document the server publishes (`/api/docs-json`), with no other knowledge. */
  static async read(app: App, key: string): Promise<OpenApiClient> {
    const doc = (await request(app).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation & { operationId?: string }>>;
    };
    // The whole document, so that a response's $ref to components.schemas resolves.
    const ajvDoc = { ...(doc as object) };
    const operations = new Map<string, Operation>();
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods))
        if (op.operationId)
          operations.set(op.operationId, {
            method: method as Method,
            path,
            responses: op.responses ?? {},
          });
    return new OpenApiClient(app, operations, key, ajvDoc);
  }

  /** The same document, acting with another API key. */
  as(key: string): OpenApiClient {
    return new OpenApiClient(this.app, this.operations, key, this.doc);
  }

  /** Whether the document describes an operation by this id. */
  has(operationId: string): boolean {
    return this.operations.has(operationId);
  }

  /**
   * Calls an operation and returns its status and body. A 2xx must be a status the document lists
   * and match its schema; anything else is returned for the caller to judge.
   */
  async call(
    operationId: string,
    call: OpenApiCall = {},
  ): Promise<{ status: number; body: Answer }> {
    const op = this.operations.get(operationId);
    if (!op)
      throw new Error(
        `the OpenAPI document has no operation ${operationId}; it has ${[...this.operations.keys()].filter((k) => k.startsWith(operationId.split('_')[0])).join(', ')}`,
      );
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined) throw new Error(`${operationId} needs the path parameter ${name}`);
      return encodeURIComponent(value);
    });
    let req = request(this.app)
      [op.method](path)
      .set('Authorization', `Bearer ${this.key}`)
      .set('Accept', 'application/json');
    if (call.query) req = req.query(call.query);
    const res = call.body === undefined ? await req : await req.send(call.body as object);
    if (res.status >= 200 && res.status < 300) {
      const documented = op.responses[String(res.status)];
      if (!documented)
        throw new Error(
          `${operationId} answered ${res.status}, which the document does not list (${Object.keys(op.responses).join(', ')})`,
        );
      const schema = documented.content?.['application/json']?.schema;
      if (schema) this.check(operationId, res.status, schema, res.body);
    }
    return { status: res.status, body: res.body as Answer };
  }

  /** Calls an operation that must succeed; a refusal fails with the problem it gave. */
  async ok(operationId: string, call: OpenApiCall = {}): Promise<Answer> {
    const res = await this.call(operationId, call);
    if (res.status >= 300)
      throw new Error(`${operationId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  private check(operationId: string, status: number, schema: object, body: unknown): void {
    const id = `${operationId} ${status}`;
    let validate = this.validators.get(id);
    if (!validate) {
      validate = this.ajv.compile(
        JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')),
      );
      this.validators.set(id, validate);
    }
    if (!validate(body))
      throw new Error(
        `${operationId} answered ${status} with a body its schema does not allow: ${this.ajv.errorsText(validate.errors)}`,
      );
  }
}
