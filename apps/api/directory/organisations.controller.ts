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
  ChangeOrganisationUseCase,
  endOrganisationSchema,
  organisationChangeSchema,
} from '../../../libs/directory/use-cases/change-organisation.use-case';
import {
  CreateOrganisationUseCase,
  newOrganisationSchema,
} from '../../../libs/directory/use-cases/create-organisation.use-case';
import {
  ORGANISATION_KINDS,
  ReadOrganisationsUseCase,
} from '../../../libs/directory/use-cases/read-organisations.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { openApiOf, organisationResponse, pageOfSchema } from './directory.dto';

/** The council's partner organisations: administrators keep them, staff and officers read them. */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/organisations')
export class OrganisationsController {
  constructor(
    private readonly reads: ReadOrganisationsUseCase,
    private readonly creating: CreateOrganisationUseCase,
    private readonly changing: ChangeOrganisationUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List organisations by name, a page at a time, filtered' })
  @ApiQuery({ name: 'kind', required: false, enum: ORGANISATION_KINDS })
  @ApiQuery({ name: 'q', required: false, description: 'name contains' })
  @ApiQuery({
    name: 'activeOn',
    required: false,
    description: 'a partner on this day (YYYY-MM-DD)',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(organisationResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read an organisation' })
  @ApiOkResponse({ schema: openApiOf(organisationResponse, 'output') })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post()
  @ApiOperation({ summary: 'Add an organisation (administrators)' })
  @ApiBody({ schema: openApiOf(newOrganisationSchema) })
  @ApiCreatedResponse({ schema: openApiOf(organisationResponse, 'output') })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.creating.create(body, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change an organisation at the version you read (administrators); a stale version is a 409 VERSION_CONFLICT',
  })
  @ApiBody({ schema: openApiOf(organisationChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(organisationResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an organisation: its last day as a partner (administrators)' })
  @ApiBody({ schema: openApiOf(endOrganisationSchema) })
  @ApiOkResponse({ schema: openApiOf(organisationResponse, 'output') })
  end(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.end(id, body, actor);
  }
}
