import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { schemaRef } from '../openapi/openapi-schemas';

/** Loose shapes for the OpenAPI document: a listing's reg 9 particulars are described in words. */
const listing = {
  type: 'object',
  description:
    'a key decision with its reg 9 particulars; one whose case is on a template version this build lacks (a rolling upgrade) has notInThisBuild: true, its reference and title, and its particulars and decisionMaker as the latest edition published them (absent when none has listed it)',
};
const DRAFT = schemaRef('ForwardPlanDraft', {
  type: 'object',
  properties: { keyDecisions: { type: 'array', items: listing } },
});
const EDITION = schemaRef('ForwardPlanEdition', {
  type: 'object',
  description: 'the edition published, with the key decisions it lists',
});
const PUBLICATION = schemaRef('ForwardPlanPublication', {
  type: 'object',
  required: ['publishedOn'],
  properties: { publishedOn: { type: 'string', format: 'date', example: '2025-08-01' } },
});
import type { Actor } from '../../../libs/core/actor.dto';
import { NotAuthorisedError } from '../../../libs/errors/domain.errors';
import { ForwardPlanService } from '../../../libs/forward-plan/forward-plan.service';
import { PublishForwardPlanUseCase } from '../../../libs/forward-plan/publish-forward-plan.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';

/** The forward plan for officers: the draft generated from open cases, and its publication. */
@ApiTags('forward plan')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/forward-plan')
export class ForwardPlanApiController {
  constructor(
    private readonly plan: ForwardPlanService,
    private readonly publisher: PublishForwardPlanUseCase,
  ) {}

  @Get('draft')
  @ApiOperation({
    summary:
      'What publishing the forward plan now would list: every open case that will lead to a key decision, with its reg 9 particulars',
  })
  @ApiOkResponse({ schema: DRAFT })
  async draft(@CurrentActor() actor: Actor) {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError('Only an officer of the council reads the draft forward plan.');
    return { keyDecisions: await this.plan.draft(actor.tenantId) };
  }

  @Post('editions')
  @ApiOperation({
    summary:
      'Publish the forward plan on the date the officer confirms ({publishedOn}): not after today, not before the last edition; each case listed for the first time records the date',
  })
  @ApiBody({ schema: PUBLICATION })
  @ApiCreatedResponse({ schema: EDITION })
  publish(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.publisher.publish(actor, body);
  }
}
