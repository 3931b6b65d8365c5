import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../../../libs/errors/domain.errors';
import { CalendarFeedService } from '../../../libs/notifications/calendar-feed.service';

const notFound = () =>
  new DomainError(
    'ROUTE_NOT_FOUND',
    'No such calendar',
    'Check the calendar address you were given.',
  );
const id = new ParseUUIDPipe({ exceptionFactory: notFound });

/** ICS feeds for calendar clients, which cannot sign in: the address carries the token. */
@ApiTags('calendar')
@Controller('calendar')
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get('people/:id.ics')
  @ApiOperation({
    summary: 'A person’s open requests and the deadlines of the cases waiting for them (ICS)',
  })
  async person(
    @Param('id', id) personId: string,
    @Query('token') token: string | undefined,
    @Res() res: Response,
  ) {
    if (!this.feeds.tokenOk('people', personId, token)) throw notFound();
    res.type('text/calendar; charset=utf-8').send(await this.feeds.personFeed(personId));
  }

  @Get('bodies/:id.ics')
  @ApiOperation({ summary: 'The deadlines of a body’s cases (ICS)' })
  async body(
    @Param('id', id) bodyId: string,
    @Query('token') token: string | undefined,
    @Res() res: Response,
  ) {
    if (!this.feeds.tokenOk('bodies', bodyId, token)) throw notFound();
    res.type('text/calendar; charset=utf-8').send(await this.feeds.bodyFeed(bodyId));
  }
}
