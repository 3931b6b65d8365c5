import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  ChangePersonUseCase,
  personChangeSchema,
  personLeftSchema,
} from '../../../libs/directory/use-cases/change-person.use-case';
import {
  CreatePersonUseCase,
  newPersonSchema,
} from '../../../libs/directory/use-cases/create-person.use-case';
import { ReadPeopleUseCase } from '../../../libs/directory/use-cases/read-people.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { openApiOf, pageOfSchema, personResponse } from './directory.dto';

/** The council's people: administrators keep them, staff and officers read them. */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/people')
export class PeopleController {
  constructor(
    private readonly reads: ReadPeopleUseCase,
    private readonly creating: CreatePersonUseCase,
    private readonly changing: ChangePersonUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List people by name, a page at a time, filtered' })
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'name or email contains' })
  @ApiQuery({ name: 'email', required: false, description: 'exactly this email, any case' })
  @ApiQuery({ name: 'electedMember', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'officer', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'left'] })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(personResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a person' })
  @ApiOkResponse({ schema: openApiOf(personResponse, 'output') })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post()
  @ApiOperation({ summary: 'Add a person (administrators); the email is theirs alone, any case' })
  @ApiBody({ schema: openApiOf(newPersonSchema) })
  @ApiCreatedResponse({ schema: openApiOf(personResponse, 'output') })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.creating.create(body, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a person at the version you read (administrators); a stale version is a 409 VERSION_CONFLICT',
  })
  @ApiBody({ schema: openApiOf(personChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(personResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Post(':id/leave')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a person left from a day (administrators): their keys and sign-in stop working',
  })
  @ApiBody({ schema: openApiOf(personLeftSchema) })
  @ApiOkResponse({ schema: openApiOf(personResponse, 'output') })
  leave(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.markLeft(id, body, actor);
  }
}
