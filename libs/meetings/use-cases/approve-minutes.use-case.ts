import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { GovernanceRuleError } from '../../errors/domain.errors';
import { calendarDayInWords } from '../../governance/working-day-calendar.service';
import { quorumFor } from '../meeting-assessment.service';
import { refuseBeforeTheMeeting } from '../meeting-dates.service';
import { MeetingNotFoundError } from '../meeting.errors';
import { minutesBody, parse } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { MeetingRecordReader } from '../meeting-record.service';
import { officerOnly } from '../meeting-refusals.service';
import { MeetingsRepository } from '../meetings.repository';
import { MinutesApprovalsRepository } from '../minutes-approvals.repository';
import { MinutesCaseBridge } from '../minutes-case-bridge.service';

/** Workflow 7: the previous meeting's minutes approved as a correct record, with amendments. */
@Injectable()
export class ApproveMinutesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly loader: MeetingLoader,
    private readonly reader: MeetingRecordReader,
    private readonly meetings: MeetingsRepository,
    private readonly minutes: MinutesApprovalsRepository,
    private readonly minutesCases: MinutesCaseBridge,
  ) {}

  /**
   * Records the approval; the case that is those minutes (minutes-approval, version 2 on) takes it
   * in the same transaction, with who signs (minutes-case-bridge.service.ts): its id is returned.
   */
  async approve(
    meetingId: string,
    input: unknown,
    actor: Actor,
  ): Promise<{ caseId: string | null }> {
    const by = officerOnly(actor, 'Approval of minutes');
    const b = parse(minutesBody, input, 'minutes approval');
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      refuseBeforeTheMeeting(
        'the approval of the minutes',
        'MINUTES_APPROVED_BEFORE_THE_MEETING',
        meeting,
        this.loader.today(),
      );
      const previous = await this.meetings.meeting(scope, m, b.previousMeetingId);
      if (!previous) throw new MeetingNotFoundError(b.previousMeetingId);
      if (previous.bodyId !== meeting.bodyId)
        throw new GovernanceRuleError(
          'MINUTES_OF_ANOTHER_BODY',
          `A body approves its own minutes: ${previous.title} was a meeting of ${previous.bodyName}.`,
          [
            `${meeting.bodyName} cannot approve the minutes of ${previous.bodyName}`,
            `choose the minutes of an earlier meeting of ${meeting.bodyName}`,
          ],
        );
      if (previous.meetingDate >= meeting.meetingDate)
        throw new GovernanceRuleError(
          'MINUTES_NOT_OF_AN_EARLIER_MEETING',
          'Only the minutes of an earlier meeting can be approved.',
          [
            `${previous.title}, on ${calendarDayInWords(previous.meetingDate)}, is not before this meeting, on ${calendarDayInWords(meeting.meetingDate)}`,
            'choose the minutes of a meeting held before this one',
          ],
        );
      if (await this.minutes.approved(scope, m, previous.id))
        throw new GovernanceRuleError(
          'MINUTES_ALREADY_APPROVED',
          `The minutes of ${previous.title} were already approved as a correct record.`,
          ['minutes are approved once; a later correction is a new minute'],
        );
      const rules = await this.loader.rulesOf(scope, m, meeting);
      const record = await this.reader.record(scope, m, meeting);
      const q = quorumFor(record, rules, null);
      if (!q.quorate)
        throw new GovernanceRuleError(
          'MINUTES_WHEN_INQUORATE',
          'The meeting is not quorate: it cannot approve minutes.',
          q.explanation,
        );
      await this.minutes.insert(scope, m, {
        meetingId,
        previousMeetingId: previous.id,
        amendments: b.amendments,
        quorumExplanation: q.explanation,
        by,
        at: this.clock.now(),
      });
      const carried = await this.minutesCases.carry(m, actor, record, previous, b.amendments);
      return { caseId: carried?.caseId ?? null };
    });
  }
}
