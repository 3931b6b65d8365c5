import { z } from 'zod';
import { listTemplates } from '../../../libs/workflows/template.registry';
import type { WorkflowTemplate } from '../../../libs/workflows/workflow.template';
import { openApiSchemaOf, type SchemaObject } from '../openapi/openapi-schemas';

/**
 * Each released template version's event payloads as JSON Schema, generated from the zod schemas
 * the engine validates them with (libs/workflows/<t>/<t>.template.ts), so a client learns
 * `publishedOn` from the catalogue rather than from a 422. `input`: what a client sends (fields
 * with defaults are optional). A refinement zod cannot express (a date's order, a rule) is not in
 * the schema; the engine still refuses it with a problem naming the field.
 */
export function eventPayloadJsonSchema(
  t: WorkflowTemplate,
  event: string,
): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(t.events[event].payload, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema };
}

/** The name of an event payload's schema in the OpenAPI document's components. */
export function eventPayloadSchemaName(t: WorkflowTemplate, event: string): string {
  return `EventPayload.${t.id}.v${t.version}.${event}`;
}

/** Every released version's payload schemas, OpenAPI 3.0 flavoured, by component name. */
export function eventPayloadComponents(): Record<string, SchemaObject> {
  const out: Record<string, SchemaObject> = {};
  for (const t of listTemplates())
    for (const [event, spec] of Object.entries(t.events))
      out[eventPayloadSchemaName(t, event)] = {
        ...openApiSchemaOf(spec.payload, 'input'),
        description: `${t.title} version ${t.version}, ${event}: ${spec.description}`,
      } as SchemaObject;
  return out;
}
