import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { scopeOf } from '../../core/tenant-scope';
import { InvalidInputError } from '../../errors/domain.errors';
import { MeetingAttendanceRepository } from '../meeting-attendance.repository';
import { attendanceBody, parse } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { officerOnly, refuseUnlessBodysPeople } from '../meeting-refusals.service';

/** Replaces the meeting's attendance; an impossible attendance is refused whole. */
@Injectable()
export class RecordAttendanceUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly loader: MeetingLoader,
    private readonly attendance: MeetingAttendanceRepository,
  ) {}

  async record(meetingId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'Attendance');
    const entries = parse(attendanceBody, input, 'attendance');
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      await this.loader.rulesOf(scope, m, meeting);
      const body = await this.loader.bodyOn(scope, m, meeting, {
        attendance: entries.map((e) => ({ ...e, name: '' })),
        declarations: [],
        hands: [],
      });
      const names = new Map(body.people.map((p) => [p.id, p.name]));
      const unknown = entries.filter((e) => !names.has(e.personId));
      if (unknown.length > 0)
        throw new InvalidInputError(
          'Some of the people named are not in your council’s directory: choose only people it holds.',
          unknown.map((e) => ({
            path: `[${entries.indexOf(e)}].personId`,
            // The entry by its place in the list, never its id in the words a page may show.
            message: 'not a person in your council’s directory',
          })),
        );
      const attendance = entries.map((e) => ({ ...e, name: names.get(e.personId)! }));
      refuseUnlessBodysPeople(
        body,
        meeting,
        { attendance, declarations: [], hands: [] },
        'The attendance is not possible',
        (i) => `[${i}].${entries[i].substituteFor === undefined ? 'personId' : 'substituteFor'}`,
      );
      await this.attendance.replace(scope, m, meetingId, entries);
    });
  }
}
