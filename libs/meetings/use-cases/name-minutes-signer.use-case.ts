import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { scopeOf, tenantScope } from '../../core/tenant-scope';
import { CaseRepository } from '../../engine/case.repository';
import { SendEventUseCase } from '../../engine/send-event.use-case';
import { DomainError, GovernanceRuleError } from '../../errors/domain.errors';
import { describeDay } from '../../governance/clear-days.service';
import { linkedCaseRefusal } from '../linked-case-refusal.errors';
import { minutesSignerBody, parse } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { MeetingRecordReader } from '../meeting-record.service';
import { officerOnly } from '../meeting-refusals.service';
import { MeetingNotFoundError } from '../meeting.errors';
import { MeetingsRepository } from '../meetings.repository';
import { MinutesApprovalsRepository } from '../minutes-approvals.repository';
import { MinutesCasesRepository } from '../minutes-cases.repository';

/** The state in which a minutes case (version 3 on) waits for the member who presided to be named. */
export const AWAITING_PRESIDING_MEMBER = 'open.awaitingPresidingMember';

/**
 * Minutes are signed "by the person presiding" at the meeting that approves them (LGA 1972 Sch 12
 * para 41(1)). When the meeting approved an earlier meeting's minutes and neither the chair nor the
 * vice-chair can sign, the case that is those minutes waits for the officer to name who presided:
 * chosen on the meeting page among those recorded present at this meeting (anyone else refused,
 * PRESIDING_MEMBER_NOT_PRESENT), and carried into the case (NAME_PRESIDING_MEMBER, which binds its
 * `presiding` role to them and asks them to sign) in one transaction.
 */
@Injectable()
export class NameMinutesSignerUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly loader: MeetingLoader,
    private readonly reader: MeetingRecordReader,
    private readonly meetings: MeetingsRepository,
    private readonly minutes: MinutesApprovalsRepository,
    private readonly minutesCases: MinutesCasesRepository,
    private readonly cases: CaseRepository,
    private readonly send: SendEventUseCase,
  ) {}

  /** The earlier meetings whose minutes, approved at this meeting, wait for the member who presided. */
  async awaiting(tenantId: string, meetingId: string): Promise<string[]> {
    const scope = tenantScope(tenantId);
    const m = this.ds.manager;
    const out: string[] = [];
    for (const a of await this.minutes.ofMeeting(scope, m, meetingId)) {
      const previous = await this.meetings.meeting(scope, m, a.previousMeetingId);
      if (!previous) continue;
      const [linked] = await this.minutesCases.linkedTo(
        scope,
        m,
        previous.bodyId,
        previous.meetingDate,
      );
      const row = linked && (await this.cases.find(scope, m, linked.id));
      if (row && row.stateKey === AWAITING_PRESIDING_MEMBER) out.push(a.previousMeetingId);
    }
    return out;
  }

  async name(meetingId: string, input: unknown, actor: Actor): Promise<{ caseId: string }> {
    officerOnly(actor, 'Naming the member who presided');
    const b = parse(minutesSignerBody, input, 'member who presided');
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      const approved = (await this.minutes.ofMeeting(scope, m, meetingId)).find(
        (a) => a.previousMeetingId === b.previousMeetingId,
      );
      const previous = await this.meetings.meeting(scope, m, b.previousMeetingId);
      if (!previous) throw new MeetingNotFoundError(b.previousMeetingId);
      const day = describeDay(meeting.meetingDate);
      const [linked] = approved
        ? await this.minutesCases.linkedTo(scope, m, previous.bodyId, previous.meetingDate)
        : [];
      const row = linked && (await this.cases.find(scope, m, linked.id));
      if (!row || row.stateKey !== AWAITING_PRESIDING_MEMBER)
        throw new GovernanceRuleError(
          'MINUTES_SIGNER_NOT_AWAITED',
          `The minutes of ${previous.title} do not wait for the member who presided at the meeting of ${day}: nothing was recorded.`,
          [
            'the member who presided is named only when this meeting approved the minutes and neither the chair nor the vice-chair can sign them (LGA 1972 Sch 12 para 41(1))',
          ],
          {
            problems: [{ path: 'previousMeetingId', message: 'choose minutes that wait for it' }],
            context: `the minutes of ${previous.title} do not wait for the member who presided at the meeting of ${day}`,
          },
        );
      const record = await this.reader.record(scope, m, meeting);
      const present = record.attendance.find(
        (a) => a.personId === b.presidingPersonId && a.status === 'present',
      );
      if (!present) {
        const named = record.attendance.find((a) => a.personId === b.presidingPersonId);
        throw new GovernanceRuleError(
          'PRESIDING_MEMBER_NOT_PRESENT',
          `${named ? named.name : 'The person chosen'} was not recorded present at the meeting of ${day}, so cannot have presided: nothing was recorded.`,
          [
            // The person by name first: the refusal's one sentence reads its lines, not `detail`.
            `${named ? named.name : 'the person chosen'} was not recorded present at the meeting of ${day}`,
            'the minutes are signed by the person presiding at the meeting that approves them (LGA 1972 Sch 12 para 41(1)), a member present at it',
            'choose who presided among the members the attendance records present, or correct the attendance first',
          ],
          {
            problems: [
              {
                path: 'presidingPersonId',
                message: 'choose a member recorded present at the meeting',
              },
            ],
          },
        );
      }
      const type = 'NAME_PRESIDING_MEMBER';
      try {
        await this.send.send(
          row.id,
          {
            type,
            payload: { personId: present.personId, name: present.name, fromMeeting: true },
          },
          actor,
          { manager: m, expectedVersion: row.version, fromMeeting: true },
        );
      } catch (err) {
        if (err instanceof DomainError)
          throw linkedCaseRefusal(row, type, err, 'that is the minutes approved');
        throw err;
      }
      return { caseId: row.id };
    });
  }
}
