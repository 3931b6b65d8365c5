import { z } from 'zod';
import { openApiSchemaOf } from '../openapi/openapi-schemas';
import { ORGANISATION_KINDS } from '../../../libs/directory/use-cases/read-organisations.use-case';

/**
 * OpenAPI shapes of the directory API. Request bodies are read off the use cases' own zod schemas,
 * so the document cannot drift from what is validated; responses are described here.
 */
export const openApiOf = openApiSchemaOf;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.uuid();

export const organisationResponse = z.object({
  id,
  name: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  kindName: z.string().describe('the kind in words'),
  activeFrom: date.nullable(),
  activeUntil: date.nullable().describe('its last day as a partner'),
  active: z.boolean().describe('a partner today'),
  version: z.number().int().describe('send it back as expectedVersion to change the record'),
});

export const personResponse = z.object({
  id,
  name: z.string(),
  email: z.string(),
  organisationId: id.nullable(),
  isElectedMember: z.boolean(),
  isOfficer: z.boolean(),
  leftOn: date.nullable().describe('the day they left; they act in nothing from it'),
  active: z.boolean().describe('with the council today'),
  version: z.number().int(),
});

/** A page of a list: `next` is the following page's offset, null on the last page. */
export const pageOfSchema = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.number().int().nullable(),
  });

export const holdingResponse = z.object({
  id: id.describe('the holding'),
  officeId: id,
  personId: id,
  personName: z.string(),
  from: date.describe('the first day held'),
  until: date.nullable().describe('the last day held; null: no end yet'),
  kind: z.enum(['substantive', 'acting']),
  version: z.number().int(),
});

/** A holding as written, with the open cases whose awaited requests went to the office's new holder. */
export const holdingWrittenResponse = holdingResponse.extend({
  handedOver: z
    .array(
      z.object({
        caseId: id,
        title: z.string(),
        roles: z.array(z.string()).describe('the case’s roles bound to the office'),
        requests: z.array(z.object({ role: z.string(), message: z.string() })),
        version: z.number().int().describe('the case’s version after the hand-over'),
      }),
    )
    .describe('empty unless the office’s holder today changed'),
});

export const officeResponse = z.object({
  id,
  title: z.string(),
  organisationId: id,
  version: z.number().int(),
  on: date.describe('the day the holder is for'),
  holder: holdingResponse
    .nullable()
    .describe('who holds it on that day: the acting holder standing in, else the substantive one'),
});

export const officeWithHistoryResponse = officeResponse.extend({
  holders: z.array(holdingResponse).describe('every holding, latest first'),
});

const instant = z.string().describe('an instant (ISO 8601)');

export const apiKeyResponse = z.object({
  id,
  personId: id,
  personName: z.string(),
  name: z.string().describe('what the key is for'),
  createdAt: instant,
  lastUsedAt: instant.nullable().describe('to the minute'),
  expiresAt: instant.nullable(),
  revokedAt: instant.nullable(),
  status: z.enum(['active', 'revoked', 'expired']),
});

export const newApiKeyResponse = apiKeyResponse.extend({
  key: z.string().describe('the key itself, shown this once: it is kept only as its SHA-256'),
});
