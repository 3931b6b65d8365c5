import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { InvalidInputError } from '../../errors/domain.errors';
import { londonDate } from '../../governance/working-day-calendar.service';
import { refuseImpossibleDate } from '../meeting-dates.service';
import { parse, publicationBody } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { officerOnly } from '../meeting-refusals.service';
import { MeetingsRepository } from '../meetings.repository';

/** An officer records the day the agenda was published: not after the meeting, nor before it existed. */
@Injectable()
export class RecordPublicationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly loader: MeetingLoader,
    private readonly meetings: MeetingsRepository,
  ) {}

  async record(meetingId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'Publication of the agenda');
    const b = parse(publicationBody, input, 'publication');
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      const scheduled = await this.meetings.scheduledAt(scope, m, meetingId);
      refuseImpossibleDate(
        'agendaPublishedOn',
        'the agenda’s publication',
        b.agendaPublishedOn,
        this.loader.today(),
        [
          {
            what: 'the day the meeting was scheduled',
            on: londonDate(scheduled ?? this.clock.now()),
            rule: 'AGENDA_BEFORE_THE_MEETING_EXISTED',
          },
        ],
      );
      if (b.agendaPublishedOn > meeting.meetingDate)
        throw new InvalidInputError(
          `The agenda cannot be published after the meeting on ${meeting.meetingDate}.`,
          [{ path: 'agendaPublishedOn', message: 'must be on or before the meeting date' }],
        );
      await this.meetings.recordPublication(scope, m, meetingId, b.agendaPublishedOn);
    });
  }
}
