import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
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
import { MEETING_BODIES, meetingListResponse, meetingResponse } from './meetings.dto';
import type { Actor } from '../../../libs/core/actor.dto';
import {
  AgendaItemNotFoundError,
  MeetingNotFoundError,
  MeetingsUseCase,
} from '../../../libs/meetings/meetings.use-case';
import { ApiKeyGuard, CurrentActor } from '../http/api-key.guard';

const meetingId = new ParseUUIDPipe({
  exceptionFactory: () => new MeetingNotFoundError('(not a UUID)'),
});
const itemId = new ParseUUIDPipe({
  exceptionFactory: () => new AgendaItemNotFoundError('(not a UUID)'),
});

/**
 * REST for meetings of a body: officers write, staff read. Governance refusals leave as
 * GOVERNANCE_RULE_BROKEN (422) with the rule's own code in `rule` and its `explanation` lines.
 */
@ApiTags('meetings')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('api/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a meeting of a body: {body, meetingDate, title} (officers)' })
  @ApiBody({ schema: MEETING_BODIES.schedule })
  @ApiCreatedResponse({ schema: meetingResponse })
  async schedule(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const id = await this.meetings.schedule(body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Get()
  @ApiOperation({
    summary:
      'List meetings, newest first, a page at a time (limit, offset; `next` is the following page’s offset, null on the last); filter by body id',
  })
  @ApiQuery({ name: 'body', required: false, description: 'body id' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'offset', required: false, description: 'meetings to skip (default 0)' })
  @ApiOkResponse({ schema: meetingListResponse })
  list(@Query() query: unknown, @CurrentActor() actor: Actor) {
    return this.meetings.list(actor.tenantId, query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A meeting: agenda with notice verdicts, attendance, live quorum per item, declarations, votes, outcomes; a private (Part 2) item’s content only for officers, staff and the people with a part in its case',
  })
  @ApiOkResponse({ schema: meetingResponse })
  get(@Param('id', meetingId) id: string, @CurrentActor() actor: Actor) {
    return this.meetings.viewFor(actor, id);
  }

  @Post(':id/agenda-items')
  @ApiOperation({
    summary:
      'Add an agenda item: {title, caseId?, keyDecision, forwardPlanPublishedOn?, part2Reasons?, privateNoticePublishedOn?, reportPublishedOn?}',
  })
  @ApiBody({ schema: MEETING_BODIES.agendaItem })
  @ApiCreatedResponse({ schema: meetingResponse })
  async addItem(
    @Param('id', meetingId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.addAgendaItem(id, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Post(':id/publication')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the agenda’s publication: {agendaPublishedOn}' })
  @ApiBody({ schema: MEETING_BODIES.publication })
  @ApiOkResponse({ schema: meetingResponse })
  async publish(
    @Param('id', meetingId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.recordPublication(id, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Put(':id/attendance')
  @ApiOperation({
    summary:
      'Record the whole attendance: [{personId, status, substituteFor?}]; an impossible one is refused whole',
  })
  @ApiBody({ schema: MEETING_BODIES.attendance })
  @ApiOkResponse({ schema: meetingResponse })
  async attendance(
    @Param('id', meetingId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.recordAttendance(id, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Post(':id/agenda-items/:itemId/notice-routes')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the routes taken around a notice that fell short: {generalException?, specialUrgency?, lateItemSpecialCircumstances?, privateUrgency?}',
  })
  @ApiBody({ schema: MEETING_BODIES.noticeRoutes })
  @ApiOkResponse({ schema: meetingResponse })
  async noticeRoutes(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.recordNoticeRoutes(id, item, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Post(':id/agenda-items/:itemId/declarations')
  @ApiOperation({
    summary: 'Record a declaration of interest: {personId, kind, details, dispensation?}',
  })
  @ApiBody({ schema: MEETING_BODIES.declaration })
  @ApiCreatedResponse({ schema: meetingResponse })
  async declare(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.declare(id, item, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Post(':id/agenda-items/:itemId/show-of-hands')
  @ApiOperation({
    summary:
      'Record the show of hands and its outcome: {hands: [{personId, hand}], chairChoice?, expectedCaseVersion?}; on an item linked to a case that takes meeting outcomes (the JCB delegated decision) the case records it too, in the same transaction, or the show of hands is refused whole with the case’s problem',
  })
  @ApiBody({ schema: MEETING_BODIES.showOfHands })
  @ApiCreatedResponse({ schema: meetingResponse })
  async showOfHands(
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.showOfHands(id, item, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }

  @Post(':id/minutes-approval')
  @ApiOperation({
    summary:
      'Approve the previous meeting’s minutes as a correct record: {previousMeetingId, amendments}',
  })
  @ApiBody({ schema: MEETING_BODIES.minutes })
  @ApiCreatedResponse({ schema: meetingResponse })
  async approveMinutes(
    @Param('id', meetingId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.approveMinutes(id, body, actor);
    return this.meetings.view(actor.tenantId, id);
  }
}
