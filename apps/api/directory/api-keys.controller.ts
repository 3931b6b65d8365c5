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
import {
  CreateApiKeyUseCase,
  newApiKeySchema,
} from '../../../libs/directory/use-cases/create-api-key.use-case';
import { ReadApiKeysUseCase } from '../../../libs/directory/use-cases/read-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../../../libs/directory/use-cases/revoke-api-key.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { apiKeyResponse, newApiKeyResponse, openApiOf, pageOfSchema } from './directory.dto';

/** API keys of the council's people: administrators make, list and revoke them. */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/api-keys')
export class ApiKeysController {
  constructor(
    private readonly reads: ReadApiKeysUseCase,
    private readonly creating: CreateApiKeyUseCase,
    private readonly revoking: RevokeApiKeyUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List API keys, newest first (administrators); never the keys' })
  @ApiQuery({ name: 'personId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'revoked', 'expired'] })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'records to skip (default 0)' })
  @ApiOkResponse({ schema: openApiOf(pageOfSchema(apiKeyResponse), 'output') })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.reads.list(query, actor);
  }

  @Post()
  @ApiOperation({
    summary: 'Make an API key for a person (administrators): the key is in this answer only',
  })
  @ApiBody({ schema: openApiOf(newApiKeySchema) })
  @ApiCreatedResponse({ schema: openApiOf(newApiKeyResponse, 'output') })
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.creating.create(body, actor);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an API key (administrators): it stops working at once' })
  @ApiOkResponse({ schema: openApiOf(apiKeyResponse, 'output') })
  revoke(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.revoking.revoke(id, actor);
  }
}
