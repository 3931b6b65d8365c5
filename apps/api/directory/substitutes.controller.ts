import { Body, Controller, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangeSubstituteUseCase } from '../../../libs/directory/use-cases/change-substitute.use-case';
import {
  substituteChangeSchema,
  substituteEndSchema,
} from '../../../libs/directory/use-cases/substitute-rules.service';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';
import { substituteResponse } from './bodies.dto';
import { openApiOf } from './directory.dto';

/** A named substitute of the substitution scheme: its days and reference, or its end. */
@ApiTags('directory')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/directory/substitutes')
export class SubstitutesController {
  constructor(private readonly changing: ChangeSubstituteUseCase) {}

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a named substitute’s days or reference at the version you read (administrators)',
  })
  @ApiBody({ schema: openApiOf(substituteChangeSchema) })
  @ApiOkResponse({ schema: openApiOf(substituteResponse, 'output') })
  change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.change(id, body, actor);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a naming on its last day (administrators)' })
  @ApiBody({ schema: openApiOf(substituteEndSchema) })
  @ApiOkResponse({ schema: openApiOf(substituteResponse, 'output') })
  end(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.changing.end(id, body, actor);
  }
}
