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
import { AddMembershipUseCase } from '../../../libs/directory/use-cases/add-membership.use-case';
import {
  bodyChangeSchema,
  BODY_KINDS,
  newBodySchema,
} from '../../../libs/directory/use-cases/body-record-rules.service';
import { ChangeBodyUseCase } from '../../../libs/directory/use-cases/change-body.use-case';
import { CreateBodyUseCase } from '../../../libs/directory/use-cases/create-body.use-case';
import { newMembershipSchema } from '../../../libs/directory/use-cases/membership-rules.service';
import { ReadBodiesUseCase } from '../../../libs/directory/use-cases/read-bodies.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { bodyOnDayResponse, bodyResponse, membershipResponse } from './bodies.dto';
import { openApiOf, pageOfSchema } from './directory.dto';

const ON = { name: 'on', required: false, description: 'the day (YYYY-MM-DD), today by default' };
const LIMIT = { name: 'limit', required: false, description: '1 to 200 (default 50)' };
const OFFSET = { name: 'offset', required: false, description: 'records to skip (default 0)' };

/**
 * The council's bodies with their rules, and the seats on them: administrators keep them, staff
 * and officers read them. A body's meetings are held under its own stored rules.
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/bodies')
export class BodiesController {
  constructor(
    private readonly reads: ReadBodiesUseCase,
    private readonly creating: CreateBodyUseCase,
    private readonly changing: ChangeBodyUseCase,
    private readonly seating: AddMembershipUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List bodies by name with their rules, a page at a time' })
  @ApiQuery({ name: 'kind', required: false, enum: BODY_KINDS })
  @ApiQuery({ name: 'q', required: false, description: 'name contains' })
  @ApiQuery(LIMIT)
  @ApiQuery(OFFSET)
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(bodyResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read a body: its rules and its members on a day, with the substitutes named for each',
  })
  @ApiQuery(ON)
  @ApiOkResponse({ schema: openApiOf(bodyOnDayResponse, 'output') })
  get(@Param('id') id: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.get(id, query, actor);
  }

  @Post()
  @ApiOperation({ summary: 'Add a body with its rules (administrators)' })
  @ApiBody({ schema: openApiOf(newBodySchema) })
  @ApiCreatedResponse({ schema: openApiOf(bodyResponse, 'output') })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.creating.create(body, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Rename a body or change its rules at the version you read (administrators); a stale version is a 409 VERSION_CONFLICT',
  })
  @ApiBody({ schema: openApiOf(bodyChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(bodyResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Get(':id/memberships')
  @ApiOperation({ summary: 'List the seats on a body, latest term first, a page at a time' })
  @ApiQuery({ ...ON, description: 'only the seats in force on this day' })
  @ApiQuery({ name: 'personId', required: false })
  @ApiQuery(LIMIT)
  @ApiQuery(OFFSET)
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(membershipResponse), 'output') })
  memberships(@Param('id') id: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.memberships(id, query, actor);
  }

  @Post(':id/memberships')
  @ApiOperation({
    summary:
      'Seat a person on the body for a term (administrators); overlapping terms for one person, or two chairs at once, are a 422 GOVERNANCE_RULE_BROKEN naming the dates',
  })
  @ApiBody({ schema: openApiOf(newMembershipSchema) })
  @ApiCreatedResponse({ schema: openApiOf(membershipResponse, 'output') })
  seat(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.seating.add(id, body, actor);
  }
}
