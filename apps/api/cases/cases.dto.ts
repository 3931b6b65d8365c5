import { z } from 'zod';
import { DOCUMENT_KINDS } from '../../../libs/documents/document.entity';
import { listTemplates } from '../../../libs/workflows/template.registry';
import { schemaRef, type InlineSchema, type SchemaObject } from '../openapi/openapi-schemas';
import { eventPayloadSchemaName } from '../templates/event-payload-schemas';

/** OpenAPI shapes of the request bodies; the use cases validate them with zod. */
export const OPEN_CASE_SCHEMA: InlineSchema = {
  type: 'object',
  required: ['template', 'title', 'dates', 'roles'],
  additionalProperties: false,
  properties: {
    template: { type: 'string', example: 'bcf-delegated-sign-off' },
    templateVersion: {
      type: 'integer',
      description: 'Defaults to the template’s current version (GET /api/templates says which)',
    },
    title: { type: 'string', example: 'Better Care Fund plan 2021/22' },
    dates: {
      type: 'object',
      example: {
        submissionDeadline: '2021-11-16',
        expectedAssuranceDate: '2022-01-09',
        notingDeadline: '2021-12-16',
      },
    },
    roles: {
      type: 'object',
      description: 'Role name to the id of the office or delegation that fills it',
      example: {
        chiefExecutive: '<office id>',
        accountableOfficer: '<office id>',
        delegatedApprover: '<delegation id>',
      },
    },
  },
};

export const EVENT_SCHEMA: InlineSchema = {
  type: 'object',
  required: ['type', 'expectedVersion'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', example: 'AGREE' },
    expectedVersion: {
      type: 'integer',
      description: 'The case version you read; a stale one is a 409 VERSION_CONFLICT',
    },
    as: { type: 'string', description: 'The role you act in, when you could act in more than one' },
    payload: { type: 'object', example: { comments: 'Agreed for the CCG.' } },
  },
};

export const DOCUMENT_SCHEMA: InlineSchema = {
  type: 'object',
  required: ['expectedVersion', 'name', 'mediaType', 'contentBase64'],
  additionalProperties: false,
  properties: {
    expectedVersion: { type: 'integer' },
    name: { type: 'string', example: 'BCF narrative plan 2021-22.pdf' },
    mediaType: { type: 'string', example: 'application/pdf' },
    contentBase64: {
      type: 'string',
      format: 'byte',
      description:
        'The content, base64 (up to 10 MB): a PDF, PNG, JPEG, DOCX, XLSX, ODT, CSV or text file by its bytes; mediaType is not believed',
    },
    kind: {
      type: 'string',
      enum: ['plan', 'report', 'appendix', 'part2Appendix', 'backgroundPaper'],
      description:
        'plan (the default), report, appendix, part2Appendix (exempt: never public) or backgroundPaper (LGA 1972 s100D)',
    },
    replaces: {
      type: 'string',
      format: 'uuid',
      description: 'The current document this one replaces',
    },
  },
};

const id = z.uuid();
const person = z.object({ id, name: z.string() });
const instant = z.string().describe('an instant, ISO 8601 in UTC (pages show it in London time)');

/** A case as the API shows it (libs/engine/case-view.service.ts), through the read policy. */
export const caseResponse = z.object({
  id,
  reference: z
    .string()
    .describe(
      'what people read and type: the council’s prefix, the year it opened and its number, e.g. SCC-2026-0042; unique in the council',
    ),
  title: z.string(),
  template: z.object({ id: z.string(), version: z.number().int(), title: z.string() }),
  version: z
    .number()
    .int()
    .describe('send it back as expectedVersion with the next event; a stale one is a 409'),
  state: z.object({
    key: z.string().describe('the machine state, e.g. preSubmission.agreement'),
    summary: z
      .string()
      .describe(
        'the state in plain words, its dates in words (Tuesday 30 September 2026); the same dates as YYYY-MM-DD in dates and openDeadlines',
      ),
    closed: z.boolean(),
  }),
  lifecycle: z
    .object({
      status: z.enum(['active', 'paused', 'withdrawn']),
      since: instant.nullable(),
      reason: z.string().nullable(),
    })
    .describe('around the workflow (ADR 0012): paused or withdrawn since when, and why'),
  awaiting: z.array(
    z.object({
      role: z.string(),
      label: z.string(),
      person: person.nullable(),
      actingAs: z.string(),
    }),
  ),
  roles: z.record(
    z.string(),
    z.object({ label: z.string(), person: person.nullable(), actingAs: z.string() }),
  ),
  dates: z.record(z.string(), z.string()).describe('the case’s dates by field, YYYY-MM-DD'),
  openDeadlines: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      dueAt: instant,
      latestDay: z.string().describe('by when, as a day in London (YYYY-MM-DD)'),
      byWhen: z.string().describe('the same in words'),
      event: z.unknown(),
    }),
  ),
  emailFailures: z.array(
    z.object({
      effectId: id,
      message: z.string(),
      to: z.string(),
      problem: z.string(),
      failedAt: instant,
    }),
  ),
  overdue: z.array(z.string()),
  conditions: z.array(z.unknown()),
  context: z.unknown().describe('the template’s own record of the case (its machine context)'),
  createdAt: instant,
  updatedAt: instant,
  closedAt: instant.nullable(),
});

/**
 * A listed case on a template version this build lacks (a rolling upgrade, or a downgrade):
 * what its row says, without what only its template can compute (state, who is awaited, dates).
 * Reading it (GET /api/cases/:id) is refused 503 TEMPLATE_VERSION_NOT_IN_THIS_BUILD until a build
 * with its version answers.
 */
export const caseOfNewerBuildResponse = z
  .object({
    notInThisBuild: z
      .literal(true)
      .describe('this build cannot read the case yet: list it, read it again after the update'),
    id,
    reference: z.string(),
    title: z.string(),
    template: z.object({
      id: z.string().describe('the template’s key'),
      version: z.number().int().describe('a version this build does not have'),
    }),
    version: z.number().int(),
    createdAt: instant,
    updatedAt: instant,
    closedAt: instant.nullable(),
  })
  .describe('a case on a template version this build does not have (a rolling upgrade)');

export const caseListResponse = z.object({
  items: z
    .array(z.union([caseResponse, caseOfNewerBuildResponse]))
    .describe(
      'every case of the list in its place; one on a template version this build lacks as a CaseOfNewerBuild (notInThisBuild: true)',
    ),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const documentResponse = z.object({
  id,
  name: z.string(),
  kind: z.enum(['plan', 'report', 'appendix', 'part2Appendix', 'backgroundPaper']),
  version: z.number().int().describe('1, 2, 3… within the document’s versions'),
  mediaType: z.string().describe('what its content was sniffed as'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int(),
  uploadedAt: instant,
  replacedBy: id.nullable(),
  disposedAt: instant
    .nullable()
    .describe('disposed of under the retention schedule; the hash remains'),
});

export const documentListResponse = z.object({ documents: z.array(documentResponse) });

export const auditRecordResponse = z.object({
  id: z.string(),
  tenantId: id,
  caseId: id,
  seq: z.number().int(),
  recordedAt: instant,
  actor: z.unknown(),
  authority: z.unknown(),
  event: z.unknown(),
  fromState: z.string().nullable(),
  toState: z.string(),
  prevHash: z.string().describe('the previous record’s hash (64 zeros for the first)'),
  hash: z.string().describe('sha256(prevHash + RFC 8785 canonical JSON of the record)'),
  personalEvidence: z
    .unknown()
    .optional()
    .describe(
      'an answer by email link: its IP address, browser and step-up email, kept beside the record (which holds a salted commitment to them) until retention erases them (docs/adr/0020); not part of the hash',
    ),
});

export const auditTrailResponse = z.object({ records: z.array(auditRecordResponse) });

export const chainFindingResponse = z.union([
  z.object({ ok: z.literal(true), records: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    problem: z.enum(['edited', 'deleted', 'reordered', 'truncated', 'inserted']),
    atSeq: z.number().int(),
    recordId: z.string().nullable(),
    detail: z.string(),
  }),
]);

/**
 * The events operation's body: `payload` is one of the template versions' payload schemas
 * (components.schemas EventPayload.<template>.v<version>.<EVENT>), the one of the case's
 * template version and the event `type`; GET /api/templates/{id}/versions/{version} gives each as
 * JSON Schema too.
 */
function eventSchema(): SchemaObject {
  const payloads = listTemplates().flatMap((t) =>
    Object.keys(t.events).map((e) => ({
      $ref: `#/components/schemas/${eventPayloadSchemaName(t, e)}`,
    })),
  );
  return {
    ...EVENT_SCHEMA,
    properties: {
      ...EVENT_SCHEMA.properties,
      payload: {
        type: 'object',
        description:
          'The event’s own fields: the schema EventPayload.<template>.v<version>.<type> of the case’s template version (GET /api/templates/{id}/versions/{version}, events.<type>.payloadSchema)',
        anyOf: payloads,
        example: { comments: 'Agreed for the CCG.' },
      },
    },
  } as SchemaObject;
}

/** The named request and response schemas of the cases API (components.schemas). */
export const CASE_SCHEMAS = {
  openCase: schemaRef('OpenCase', OPEN_CASE_SCHEMA),
  event: schemaRef('CaseEvent', eventSchema()),
  document: schemaRef('NewDocument', DOCUMENT_SCHEMA),
  documentUpload: schemaRef(
    'NewDocumentFile',
    {
      type: 'object',
      required: ['expectedVersion', 'name', 'file'],
      additionalProperties: false,
      properties: {
        expectedVersion: { type: 'string', pattern: '^[1-9][0-9]*$', example: '3' },
        name: { type: 'string', minLength: 1, maxLength: 200, example: 'Better Care Fund plan' },
        kind: {
          type: 'string',
          enum: [...DOCUMENT_KINDS],
          default: 'plan',
        },
        replaces: { type: 'string', format: 'uuid' },
        file: {
          type: 'string',
          format: 'binary',
          description:
            'The content; its type is read from its bytes (PDF, PNG, JPEG, DOCX, XLSX, ODT, CSV, text)',
        },
      },
    },
    'input',
  ),
  resend: schemaRef(
    'ResendEmail',
    z.object({ expectedVersion: z.number().int().positive() }).strict(),
    'input',
  ),
  case: schemaRef('Case', caseResponse),
  caseList: schemaRef('CaseList', caseListResponse),
  documentAttached: schemaRef('Document', documentResponse),
  documentList: schemaRef('DocumentList', documentListResponse),
  auditTrail: schemaRef('AuditTrail', auditTrailResponse),
  chainFinding: schemaRef('AuditChainFinding', chainFindingResponse),
};
