import { Body, Controller, Get, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { dispensationListResponse, dispensationResponse, MEETING_BODIES } from './meetings.dto';
import type { Actor } from '../../../libs/core/actor.dto';
import { InvalidInputError } from '../../../libs/errors/domain.errors';
import { GrantDispensationUseCase } from '../../../libs/meetings/use-cases/grant-dispensation.use-case';
import { ListDispensationsUseCase } from '../../../libs/meetings/use-cases/list-dispensations.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';

/** The register of dispensations (Localism Act 2011 s33) that declarations rely on. */
@ApiTags('meetings')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/dispensations')
export class DispensationsController {
  constructor(
    private readonly granting: GrantDispensationUseCase,
    private readonly register: ListDispensationsUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Record a dispensation: {personId, grantor, ground, matters, relievesFrom, grantedOn, endsOn} (at most 4 years)',
  })
  @ApiBody({ schema: MEETING_BODIES.dispensation })
  @ApiCreatedResponse({ schema: dispensationResponse })
  grant(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.granting.grant(body, actor);
  }

  @Get()
  @ApiOperation({ summary: 'The register of dispensations, optionally of one person' })
  @ApiQuery({ name: 'person', required: false, description: 'person id' })
  @ApiOkResponse({ schema: dispensationListResponse })
  list(@Query('person') person: string | undefined, @CurrentActor() actor: Actor) {
    if (person !== undefined && !/^[0-9a-f-]{36}$/i.test(person)) {
      throw new InvalidInputError('person must be a person id.', [
        { path: 'person', message: 'give a person id (UUID)' },
      ]);
    }
    return this.register.list(actor.tenantId, person);
  }
}
