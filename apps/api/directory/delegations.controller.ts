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
import { AmendDelegationUseCase } from '../../../libs/directory/use-cases/amend-delegation.use-case';
import {
  delegationAmendmentSchema,
  newDelegationSchema,
  revocationSchema,
} from '../../../libs/directory/use-cases/delegation-rules.service';
import { GrantDelegationUseCase } from '../../../libs/directory/use-cases/grant-delegation.use-case';
import { ReadDelegationsUseCase } from '../../../libs/directory/use-cases/read-delegations.use-case';
import { RevokeDelegationUseCase } from '../../../libs/directory/use-cases/revoke-delegation.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { delegationResponse } from './bodies.dto';
import { openApiOf, pageOfSchema } from './directory.dto';

/**
 * The scheme of delegation: administrators grant, amend and revoke; staff and officers read it, in
 * force on a day or all of it (revoked ones stay, so that past acts can be checked).
 */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/delegations')
export class DelegationsController {
  constructor(
    private readonly reads: ReadDelegationsUseCase,
    private readonly granting: GrantDelegationUseCase,
    private readonly amending: AmendDelegationUseCase,
    private readonly revoking: RevokeDelegationUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List delegations, latest first, a page at a time' })
  @ApiQuery({
    name: 'inForceOn',
    required: false,
    description: 'in force on this day (YYYY-MM-DD)',
  })
  @ApiQuery({ name: 'delegateOfficeId', required: false })
  @ApiQuery({ name: 'bodyId', required: false, description: 'granted by this body' })
  @ApiQuery({ name: 'officeId', required: false, description: 'granted by this office' })
  @ApiQuery({ name: 'scope', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(delegationResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a delegation' })
  @ApiOkResponse({ schema: openApiOf(delegationResponse, 'output') })
  get(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post()
  @ApiOperation({
    summary:
      'Grant a delegation from a body (whose rules let it delegate) or an office (in its own right: no cascade) to an office (administrators)',
  })
  @ApiBody({ schema: openApiOf(newDelegationSchema) })
  @ApiCreatedResponse({ schema: openApiOf(delegationResponse, 'output') })
  grant(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.granting.grant(body, actor);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Amend a delegation at the version you read (administrators); what was in force when anyone acted stands',
  })
  @ApiBody({ schema: openApiOf(delegationAmendmentSchema) })
  @ApiOkResponse({ schema: openApiOf(delegationResponse, 'output') })
  amend(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.amending.amend(id, body, actor);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke a delegation now or from a later day, with the revoking minute (administrators)',
  })
  @ApiBody({ schema: openApiOf(revocationSchema) })
  @ApiOkResponse({ schema: openApiOf(delegationResponse, 'output') })
  revoke(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.revoking.revoke(id, body, actor);
  }
}
