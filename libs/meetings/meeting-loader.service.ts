import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../core/clock.service';
import type { TenantScope } from '../core/tenant-scope';
import { bodySeatsOn, BodyRepository } from '../directory/body.repository';
import {
  personIdsNamedIn,
  type BodyOnDate,
  type MeetingPeopleClaim,
} from '../governance/meeting-people.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { MeetingNotFoundError } from './meeting.errors';
import { meetingRulesOf, type MeetingRules } from './meeting-record.service';
import { noRules } from './meeting-refusals.service';
import { MeetingsRepository, type MeetingRow } from './meetings.repository';

/** What the meeting use cases read before they decide: the meeting, its body's rules and people. */
@Injectable()
export class MeetingLoader {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly bodies: BodyRepository,
    private readonly clock: Clock,
  ) {}

  /** Today in London, by the engine's clock. */
  today(): string {
    return londonDate(this.clock.now());
  }

  /** The meeting, locked for this transaction's write; refused when there is none. */
  async lock(scope: TenantScope, m: EntityManager, id: string): Promise<MeetingRow> {
    const meeting = await this.meetings.meeting(scope, m, id, true);
    if (!meeting) throw new MeetingNotFoundError(id);
    return meeting;
  }

  /**
   * The meeting's body's own stored rules in force on the meeting's date: every body's meetings
   * are held under its rules, and each by those of its day.
   */
  async rulesOf(scope: TenantScope, m: EntityManager, meeting: MeetingRow): Promise<MeetingRules> {
    const body = await this.bodies.rulesOf(scope, m, meeting.bodyId, meeting.meetingDate);
    if (!body?.rules) throw noRules(meeting.bodyName, meeting.meetingDate);
    return meetingRulesOf(body.name, body.rules);
  }

  /** The meeting's body on its date, from the directory, with the people `claim` names. */
  async bodyOn(
    scope: TenantScope,
    m: EntityManager,
    meeting: MeetingRow,
    claim: Omit<MeetingPeopleClaim, 'meetingDate'>,
  ): Promise<BodyOnDate> {
    const dir = await this.bodies.onDate(
      scope,
      m,
      { bodyId: meeting.bodyId },
      meeting.meetingDate,
      personIdsNamedIn(claim),
    );
    if (!dir) throw new MeetingNotFoundError(meeting.id);
    return bodySeatsOn(dir);
  }
}
