import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { councilSettingsResponse, MEETING_BODIES } from '../meetings/meetings.dto';
import { CouncilSettingsUseCase } from '../../../libs/directory/council-settings.use-case';
import type { Actor } from '../../../libs/core/actor.dto';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';

/** The council's settings for the rules: extra closure days, clear days, interests, call-in. */
@ApiTags('settings')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/settings')
export class CouncilSettingsController {
  constructor(private readonly settings: CouncilSettingsUseCase) {}

  @Get()
  @ApiOperation({ summary: 'The council’s settings, with their defaults filled in' })
  @ApiOkResponse({ schema: councilSettingsResponse })
  read(@CurrentActor() actor: Actor) {
    return this.settings.read(actor.tenantId);
  }

  @Put()
  @ApiOperation({
    summary:
      'Replace the settings (administrators): {calendar: {extraClosures: [{date, reason}], weekendsCountAsClearDays}, interests: {dpiMemberMustLeaveRoom}, callIn: {periodWorkingDays}}',
  })
  @ApiBody({ schema: MEETING_BODIES.settings })
  @ApiOkResponse({ schema: councilSettingsResponse })
  replace(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.settings.replace(body, actor);
  }
}
