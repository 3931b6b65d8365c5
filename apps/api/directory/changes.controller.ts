import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor } from '../../../libs/core/actor.dto';
import { ReadDirectoryChangesUseCase } from '../../../libs/directory/use-cases/read-directory-changes.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { openApiOf } from './directory.dto';

const change = z.object({
  tenantId: z.uuid().describe('the council whose chain it is on (covered by the hash)'),
  seq: z.number().int().describe('the change’s number in the council’s chain, from 1'),
  recordedAt: z.string().describe('when it was recorded (ISO 8601, UTC)'),
  actor: z.record(z.string(), z.unknown()).describe('who made it: a person, or a job'),
  subject: z.string().describe('the kind of record: organisation, person, office, body …'),
  subjectId: z.uuid(),
  action: z.string().describe('what was done: created, changed, ended, revoked …'),
  before: z.unknown().describe('the record’s fields before (null when created)'),
  after: z.unknown().describe('the record’s fields after'),
  prevHash: z.string().describe('the hash of the change before (64 zeros for the first)'),
  hash: z.string().describe('SHA-256 of prevHash and the change as canonical JSON (RFC 8785)'),
});

const changesPage = z.object({
  items: z.array(change).describe('newest first'),
  next: z.number().int().nullable().describe('send as `before` for the next, older, page'),
  names: z.record(z.string(), z.string()).describe('names of the records the changes name by id'),
});

const chainFinding = z.union([
  z.object({ ok: z.literal(true), changes: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    atSeq: z.number().int().describe('the first change that does not follow from the one before'),
    detail: z.string(),
  }),
]);

/**
 * The council's record of directory changes, for API clients: the same filters and chain check as
 * the changes page, read by officers, governance leads and administrators.
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/changes')
export class DirectoryChangesController {
  constructor(private readonly changes: ReadDirectoryChangesUseCase) {}

  @Get()
  @ApiOperation({ summary: 'List directory changes, newest first, a page at a time, filtered' })
  @ApiQuery({ name: 'subject', required: false, description: 'a kind of record, such as person' })
  @ApiQuery({ name: 'subjectId', required: false, description: 'changes to this one record' })
  @ApiQuery({ name: 'personId', required: false, description: 'changes made by this person' })
  @ApiQuery({ name: 'from', required: false, description: 'on or after this London day' })
  @ApiQuery({ name: 'to', required: false, description: 'on or before this London day' })
  @ApiQuery({ name: 'before', required: false, description: '`next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiOkResponse({ schema: openApiOf(changesPage, 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.changes.list(query, actor);
  }

  @Get('verify')
  @ApiOperation({
    summary:
      'Check the council’s chain of directory changes: each follows from the one before, none removed',
  })
  @ApiOkResponse({ schema: openApiOf(chainFinding, 'output') })
  verify(@CurrentActor() actor: Actor) {
    return this.changes.verify(actor);
  }
}
