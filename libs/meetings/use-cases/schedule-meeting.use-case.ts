import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { BodyRepository } from '../../directory/body.repository';
import { InvalidInputError } from '../../errors/domain.errors';
import { parse, scheduleBody } from '../meeting-input.schema';
import { noRules, officerOnly } from '../meeting-refusals.service';
import { MeetingsRepository } from '../meetings.repository';

/** An officer schedules a meeting of a body with rules in force on its date; returns its id. */
@Injectable()
export class ScheduleMeetingUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly meetings: MeetingsRepository,
    private readonly bodies: BodyRepository,
  ) {}

  async schedule(input: unknown, actor: Actor): Promise<string> {
    const by = officerOnly(actor, 'A meeting');
    const b = parse(scheduleBody, input, 'meeting');
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const body = await this.bodies.rulesOf(scopeOf(actor), m, b.body, b.meetingDate);
      if (!body)
        throw new InvalidInputError('There is no such body in your organisation: check the id.', [
          { path: 'body', message: 'not a body of your organisation' },
        ]);
      if (!body.rules) throw noRules(body.name, b.meetingDate);
      return this.meetings.insert(scope, m, {
        bodyId: body.id,
        meetingDate: b.meetingDate,
        title: b.title,
        by,
        at: this.clock.now(),
      });
    });
  }
}
