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
import { ChangeMembershipUseCase } from '../../../libs/directory/use-cases/change-membership.use-case';
import {
  membershipChangeSchema,
  membershipEndSchema,
} from '../../../libs/directory/use-cases/membership-rules.service';
import { NameSubstituteUseCase } from '../../../libs/directory/use-cases/name-substitute.use-case';
import { ReadBodiesUseCase } from '../../../libs/directory/use-cases/read-bodies.use-case';
import { newSubstituteSchema } from '../../../libs/directory/use-cases/substitute-rules.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { membershipResponse, substituteResponse } from './bodies.dto';
import { openApiOf, pageOfSchema } from './directory.dto';

/** A seat on a body: its term, and the substitutes the scheme names for it. */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/memberships')
export class MembershipsController {
  constructor(
    private readonly reads: ReadBodiesUseCase,
    private readonly changing: ChangeMembershipUseCase,
    private readonly naming: NameSubstituteUseCase,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read a seat and its term' })
  @ApiOkResponse({ schema: openApiOf(membershipResponse, 'output') })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.reads.membership(id, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a seat’s term (constituency, role, voting, first and last day, source) at the version you read (administrators)',
  })
  @ApiBody({ schema: openApiOf(membershipChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(membershipResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a seat’s term on its last day (administrators)' })
  @ApiBody({ schema: openApiOf(membershipEndSchema) })
  @ApiOkResponse({ schema: openApiOf(membershipResponse, 'output') })
  end(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.end(id, body, actor);
  }

  @Get(':id/substitutes')
  @ApiOperation({ summary: 'List the substitutes the scheme names for a seat' })
  @ApiQuery({ name: 'on', required: false, description: 'only those named on this day' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(substituteResponse), 'output') })
  substitutes(@Param('id') id: string, @Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.substitutesOf(id, query, actor);
  }

  @Post(':id/substitutes')
  @ApiOperation({
    summary:
      'Name a substitute for the seat under the substitution scheme, with where the partners agreed it (administrators)',
  })
  @ApiBody({ schema: openApiOf(newSubstituteSchema) })
  @ApiCreatedResponse({ schema: openApiOf(substituteResponse, 'output') })
  name(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.naming.name(id, body, actor);
  }
}
