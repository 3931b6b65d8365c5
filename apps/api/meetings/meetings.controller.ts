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
} from '../../../libs/meetings/meeting.errors';
import { AddAgendaItemUseCase } from '../../../libs/meetings/use-cases/add-agenda-item.use-case';
import { ApproveMinutesUseCase } from '../../../libs/meetings/use-cases/approve-minutes.use-case';
import { NameMinutesSignerUseCase } from '../../../libs/meetings/use-cases/name-minutes-signer.use-case';
import { DeclareInterestUseCase } from '../../../libs/meetings/use-cases/declare-interest.use-case';
import { ListMeetingsUseCase } from '../../../libs/meetings/use-cases/list-meetings.use-case';
import { ReadMeetingUseCase } from '../../../libs/meetings/use-cases/read-meeting.use-case';
import { RecordAttendanceUseCase } from '../../../libs/meetings/use-cases/record-attendance.use-case';
import { RecordNoticeRoutesUseCase } from '../../../libs/meetings/use-cases/record-notice-routes.use-case';
import { RecordPublicationUseCase } from '../../../libs/meetings/use-cases/record-publication.use-case';
import { RecordShowOfHandsUseCase } from '../../../libs/meetings/use-cases/record-show-of-hands.use-case';
import { ScheduleMeetingUseCase } from '../../../libs/meetings/use-cases/schedule-meeting.use-case';
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
  constructor(
    private readonly scheduling: ScheduleMeetingUseCase,
    private readonly listing: ListMeetingsUseCase,
    private readonly reading: ReadMeetingUseCase,
    private readonly agendaItems: AddAgendaItemUseCase,
    private readonly publication: RecordPublicationUseCase,
    private readonly attendanceRecord: RecordAttendanceUseCase,
    private readonly noticeRoutesRecord: RecordNoticeRoutesUseCase,
    private readonly declarations: DeclareInterestUseCase,
    private readonly showsOfHands: RecordShowOfHandsUseCase,
    private readonly minutes: ApproveMinutesUseCase,
    private readonly minutesSigner: NameMinutesSignerUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a meeting of a body: {body, meetingDate, title} (officers)' })
  @ApiBody({ schema: MEETING_BODIES.schedule })
  @ApiCreatedResponse({ schema: meetingResponse })
  async schedule(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const id = await this.scheduling.schedule(body, actor);
    return this.reading.view(actor.tenantId, id);
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
    return this.listing.list(actor.tenantId, query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A meeting: agenda with notice verdicts, attendance, live quorum per item, declarations, votes, outcomes; a private (Part 2) item’s content only for officers, staff and the people with a part in its case',
  })
  @ApiOkResponse({ schema: meetingResponse })
  get(@Param('id', meetingId) id: string, @CurrentActor() actor: Actor) {
    return this.reading.viewFor(actor, id);
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
    await this.agendaItems.add(id, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.publication.record(id, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.attendanceRecord.record(id, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.noticeRoutesRecord.record(id, item, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.declarations.declare(id, item, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.showsOfHands.record(id, item, body, actor);
    return this.reading.view(actor.tenantId, id);
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
    await this.minutes.approve(id, body, actor);
    return this.reading.view(actor.tenantId, id);
  }

  @Post(':id/minutes-approval/presiding')
  @ApiOperation({
    summary:
      'Name the member who presided, who signs the minutes this meeting approved when neither the chair nor the vice-chair can: {previousMeetingId, presidingPersonId}',
  })
  @ApiBody({ schema: MEETING_BODIES.minutesSigner })
  @ApiCreatedResponse({ schema: meetingResponse })
  async nameMinutesSigner(
    @Param('id', meetingId) id: string,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ) {
    await this.minutesSigner.name(id, body, actor);
    return this.reading.view(actor.tenantId, id);
  }
}
