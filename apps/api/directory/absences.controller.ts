import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../../libs/core/actor.dto';
import {
  cancelAbsenceSchema,
  newAbsenceSchema,
} from '../../../libs/directory/absences/absence-input.schema';
import { CancelAbsenceUseCase } from '../../../libs/directory/absences/cancel-absence.use-case';
import { ReadAbsencesUseCase } from '../../../libs/directory/absences/read-absences.use-case';
import { RecordAbsenceUseCase } from '../../../libs/directory/absences/record-absence.use-case';
import { DirectoryRecordNotFoundError } from '../../../libs/directory/directory.errors';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { absenceListResponse, absenceResponse, recordedAbsenceResponse } from './absences.dto';
import { openApiOf } from './directory.dto';

/**
 * Absences with a deputy (docs/adr/0033): a person records their own, an administrator anyone's;
 * while one runs the person's open cases' roles are with the deputy. Refusals name their rule.
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/absences')
export class AbsencesController {
  constructor(
    private readonly reads: ReadAbsencesUseCase,
    private readonly recording: RecordAbsenceUseCase,
    private readonly cancelling: CancelAbsenceUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List the absences, running or ahead, a person is away in or covers' })
  @ApiQuery({ name: 'personId', required: false, description: 'by default, you' })
  @ApiOkResponse({ schema: openApiOf(absenceListResponse, 'output') })
  async list(@Query('personId') personId: string | undefined, @CurrentActor() actor: Actor) {
    return { items: await this.reads.ofPerson(personId, actor) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an absence' })
  @ApiOkResponse({ schema: openApiOf(absenceResponse, 'output') })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    const a = await this.reads.one(id, actor);
    if (!a) throw new DirectoryRecordNotFoundError('absence', id);
    return a;
  }

  @Post()
  @ApiOperation({
    summary:
      'Record an absence with a deputy who holds a suitable delegation; one that begins today hands the open cases to the deputy at once',
  })
  @ApiBody({ schema: openApiOf(newAbsenceSchema) })
  @ApiCreatedResponse({ schema: openApiOf(recordedAbsenceResponse, 'output') })
  record(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.recording.record(body, actor);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Cancel an absence at the version you read; requests already with the deputy stay with them',
  })
  @ApiBody({ schema: openApiOf(cancelAbsenceSchema) })
  @ApiOkResponse({ schema: openApiOf(absenceResponse, 'output') })
  cancel(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.cancelling.cancel(id, body, actor);
  }
}
