import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

/** A schema as @nestjs/swagger's decorators take it (an inline schema or a $ref). */
export type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;
/** An inline schema (not a $ref). */
export type InlineSchema = Exclude<SchemaObject, { $ref: string }>;

/**
 * The named schemas of the OpenAPI document (components.schemas). A controller's decorator asks
 * for `schemaRef('Case', caseResponse)` and gets a $ref; the document service puts every named
 * schema under components.schemas, so a generated client has one type per shape.
 */
const named = new Map<string, SchemaObject>();

/** A zod schema as OpenAPI 3.0 JSON Schema: `input` for request bodies, `output` for responses. */
export function openApiSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as SchemaObject;
}

export function schemaRef(
  name: string,
  schema: z.ZodType | SchemaObject,
  io: 'input' | 'output' = 'output',
): SchemaObject {
  const json = schema instanceof z.ZodType ? openApiSchemaOf(schema, io) : schema;
  named.set(name, io === 'output' ? openToNewFields(json) : json);
  return { $ref: `#/components/schemas/${name}` };
}

/** A request body's schema, named (`input`: defaults optional, as the use case reads it). */
export const bodyRef = (name: string, schema: z.ZodType) => schemaRef(name, schema, 'input');

/**
 * A response may gain fields (the API grows by adding): a client should ignore what it does not
 * know, so a response schema does not forbid additional properties; request bodies still do.
 */
function openToNewFields(node: SchemaObject): SchemaObject {
  return JSON.parse(JSON.stringify(node), (key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value).filter(([k, v]) => !(k === 'additionalProperties' && v === false)),
        )
      : value,
  ) as SchemaObject;
}

export function namedSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(named);
}
