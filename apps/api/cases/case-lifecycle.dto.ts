import type { ApiResponseOptions } from '@nestjs/swagger';
import { PAUSE_BODY } from '../../../libs/engine/lifecycle/pause-case.use-case';
import { REASSIGN_BODY } from '../../../libs/engine/lifecycle/reassign-role.use-case';
import { RESUME_BODY } from '../../../libs/engine/lifecycle/resume-case.use-case';
import { WITHDRAW_BODY } from '../../../libs/engine/lifecycle/withdraw-case.use-case';
import { openApiOf } from '../directory/directory.dto';

type ResponseSchema = NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']>;

/**
 * OpenAPI shapes of the lifecycle requests (ADR 0012), from the zod schemas the use cases
 * validate with, so the two cannot differ; and of the answers.
 */
export const WITHDRAW_SCHEMA = openApiOf(WITHDRAW_BODY);
export const PAUSE_SCHEMA = openApiOf(PAUSE_BODY);
export const RESUME_SCHEMA = openApiOf(RESUME_BODY);
export const REASSIGN_SCHEMA = openApiOf(REASSIGN_BODY);

/** The case as GET /api/cases/:id reads it, with its lifecycle. */
export const CASE_WITH_LIFECYCLE: ResponseSchema = {
  type: 'object',
  description: 'The case, read again after the change (as GET /api/cases/{id})',
  properties: {
    id: { type: 'string', format: 'uuid' },
    version: { type: 'integer' },
    state: {
      type: 'object',
      properties: {
        key: { type: 'string' },
        summary: { type: 'string' },
        closed: { type: 'boolean' },
      },
    },
    lifecycle: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['active', 'paused', 'withdrawn'] },
        since: { type: 'string', format: 'date-time', nullable: true },
        reason: { type: 'string', nullable: true },
      },
    },
  },
};

/** A refusal: 422 GOVERNANCE_RULE_BROKEN naming its rule (CASE_WITHDRAWN, CASE_PAUSED, …). */
export const LIFECYCLE_REFUSAL: ResponseSchema = {
  type: 'object',
  properties: {
    code: { type: 'string', example: 'GOVERNANCE_RULE_BROKEN' },
    rule: {
      type: 'string',
      enum: ['CASE_WITHDRAWN', 'CASE_PAUSED', 'CASE_NOT_PAUSED', 'CASE_FINISHED'],
    },
    explanation: { type: 'array', items: { type: 'string' } },
    detail: { type: 'string' },
  },
};
