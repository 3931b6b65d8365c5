import type { ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;

/** OpenAPI shapes of the request bodies; the use cases validate them with zod. */
export const OPEN_CASE_SCHEMA: SchemaObject = {
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

export const EVENT_SCHEMA: SchemaObject = {
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

export const DOCUMENT_SCHEMA: SchemaObject = {
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
      enum: ['plan', 'report', 'appendix', 'part2Appendix'],
      description: 'plan (the default), report, appendix, or part2Appendix (exempt: never public)',
    },
    replaces: {
      type: 'string',
      format: 'uuid',
      description: 'The current document this one replaces',
    },
  },
};
