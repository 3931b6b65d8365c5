import { Body, Controller, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import {
  AppointOfficeHolderUseCase,
  appointmentSchema,
} from '../../../libs/directory/use-cases/appoint-office-holder.use-case';
import {
  ChangeOfficeHoldingUseCase,
  holdingChangeSchema,
} from '../../../libs/directory/use-cases/change-office-holding.use-case';
import {
  ChangeOfficeUseCase,
  officeChangeSchema,
} from '../../../libs/directory/use-cases/change-office.use-case';
import {
  CreateOfficeUseCase,
  newOfficeSchema,
} from '../../../libs/directory/use-cases/create-office.use-case';
import { ReadOfficesUseCase } from '../../../libs/directory/use-cases/read-offices.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import {
  holdingResponse,
  holdingWrittenResponse,
  officeResponse,
  officeWithHistoryResponse,
  openApiOf,
  pageOfSchema,
} from './directory.dto';

const ON = { name: 'on', required: false, description: 'the day (YYYY-MM-DD), today by default' };

/**
 * The council's offices and who held them when: administrators keep them, staff and officers read
 * them. Authority follows the office: cases bound to it act through whoever holds it on the day.
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/offices')
export class OfficesController {
  constructor(
    private readonly reads: ReadOfficesUseCase,
    private readonly creating: CreateOfficeUseCase,
    private readonly changing: ChangeOfficeUseCase,
    private readonly appointing: AppointOfficeHolderUseCase,
    private readonly holdings: ChangeOfficeHoldingUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List offices by title with their holder on a day, a page at a time' })
  @ApiQuery(ON)
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'title contains' })
  @ApiQuery({
    name: 'held',
    required: false,
    enum: ['true', 'false'],
    description: 'held on the day',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(officeResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an office: its holder on a day and every holding' })
  @ApiQuery(ON)
  @ApiOkResponse({ schema: openApiOf(officeWithHistoryResponse, 'output') })
  get(@Param('id') id: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.get(id, query, actor);
  }

  @Get(':id/holders')
  @ApiOperation({ summary: 'Every holding of an office, latest first' })
  @ApiOkResponse({ schema: openApiOf(z.object({ items: z.array(holdingResponse) }), 'output') })
  async holders(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return { items: (await this.reads.get(id, {}, actor)).holders };
  }

  @Post()
  @ApiOperation({ summary: 'Add an office (administrators); appoint its holder afterwards' })
  @ApiBody({ schema: openApiOf(newOfficeSchema) })
  @ApiCreatedResponse({ schema: openApiOf(officeWithHistoryResponse, 'output') })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.creating.create(body, actor);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an office or move it to another organisation (administrators)' })
  @ApiBody({ schema: openApiOf(officeChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(officeWithHistoryResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Post(':id/holders')
  @ApiOperation({
    summary:
      'Appoint a holder from a day, substantive or acting (administrators); two holders of one kind on one day are refused as OFFICE_HELD_TWICE. When the holder today changes, the open cases waiting on the office hand their requests to the new holder (handedOver)',
  })
  @ApiBody({ schema: openApiOf(appointmentSchema) })
  @ApiCreatedResponse({ schema: openApiOf(holdingWrittenResponse, 'output') })
  appoint(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.appointing.appoint(id, body, actor);
  }

  @Patch(':id/holders/:holdingId')
  @ApiOperation({ summary: 'End a holding (its last day) or correct it, at the version read' })
  @ApiBody({ schema: openApiOf(holdingChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(holdingWrittenResponse, 'output') })
  changeHolding(
    @Param('id') id: string,
    @Param('holdingId') holdingId: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    return this.holdings.change(id, holdingId, body, actor);
  }
}
