import { z } from 'zod';
import { schemaRef } from '../openapi/openapi-schemas';

/** A released template version as the catalogue (GET /api/templates) describes it. */
const template = z.object({
  id: z.string(),
  version: z.number().int(),
  current: z.boolean().describe('new cases of this template open on this version'),
  title: z.string(),
  roles: z.record(
    z.string(),
    z.object({ label: z.string(), filledBy: z.enum(['office', 'delegation', 'officers']) }),
  ),
  dates: z.record(z.string(), z.string()).describe('the case’s dates by field, with their meaning'),
  steps: z.array(z.unknown()).describe('the steps in plain words'),
  events: z.record(
    z.string(),
    z.object({
      description: z.string(),
      sendableBy: z.array(z.string()),
      payloadSchema: z
        .record(z.string(), z.unknown())
        .describe('the payload as JSON Schema (draft 2020-12), generated from the engine’s own'),
      payloadSchemaRef: z.string().describe('the same schema in this document’s components'),
    }),
  ),
  diagram: z.string().describe('the address of the statechart as SVG'),
});

export const templateResponse = schemaRef('Template', template);
export const templateListResponse = schemaRef('TemplateList', z.array(template));
