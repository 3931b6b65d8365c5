import { ForwardPlanRepository } from '../forward-plan/forward-plan.repository';
import { CaseReadersRepository } from '../engine/case-readers.repository';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../core/clock.service';
import { BodyRepository } from '../directory/body.repository';
import { PersonRepository } from '../directory/person.repository';
import { CaseReadPolicy } from '../engine/case-read-policy.service';
import { CaseRepository } from '../engine/case.repository';
import { sendEventUseCase } from './engine-harness.service';
import { AgendaItemsRepository } from '../meetings/agenda-items.repository';
import { DispensationsRepository } from '../meetings/dispensations.repository';
import { InterestDeclarationsRepository } from '../meetings/interest-declarations.repository';
import { ItemOutcomesRepository } from '../meetings/item-outcomes.repository';
import { MeetingAttendanceRepository } from '../meetings/meeting-attendance.repository';
import { MeetingCaseBridge } from '../meetings/meeting-case-bridge.service';
import { MeetingLoader } from '../meetings/meeting-loader.service';
import { LinkedCasePlanDays } from '../meetings/linked-case-plan-days.service';
import { MeetingRecordReader } from '../meetings/meeting-record.service';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { MinutesApprovalsRepository } from '../meetings/minutes-approvals.repository';
import { AddAgendaItemUseCase } from '../meetings/use-cases/add-agenda-item.use-case';
import { ApproveMinutesUseCase } from '../meetings/use-cases/approve-minutes.use-case';
import { MinutesCaseBridge } from '../meetings/minutes-case-bridge.service';
import { MinutesCasesRepository } from '../meetings/minutes-cases.repository';
import { DeclareInterestUseCase } from '../meetings/use-cases/declare-interest.use-case';
import { GrantDispensationUseCase } from '../meetings/use-cases/grant-dispensation.use-case';
import { ListMeetingsUseCase } from '../meetings/use-cases/list-meetings.use-case';
import { ReadMeetingUseCase } from '../meetings/use-cases/read-meeting.use-case';
import { RecordAttendanceUseCase } from '../meetings/use-cases/record-attendance.use-case';
import { RecordNoticeRoutesUseCase } from '../meetings/use-cases/record-notice-routes.use-case';
import { RecordPublicationUseCase } from '../meetings/use-cases/record-publication.use-case';
import { RecordShowOfHandsUseCase } from '../meetings/use-cases/record-show-of-hands.use-case';
import { ScheduleMeetingUseCase } from '../meetings/use-cases/schedule-meeting.use-case';

/** Repositories a medium test may replace (e.g. one that fails, to see the transaction undone). */
export interface MeetingsRepositories {
  meetings: MeetingsRepository;
  items: AgendaItemsRepository;
  attendance: MeetingAttendanceRepository;
  declarations: InterestDeclarationsRepository;
  outcomes: ItemOutcomesRepository;
  minutes: MinutesApprovalsRepository;
  dispensations: DispensationsRepository;
}

/**
 * The meeting use cases wired by hand on a test database, as MeetingsModule wires them, with a
 * clock the test drives and the engine's send for items linked to cases. No HTTP.
 */
export function meetingsHarness(
  ds: DataSource,
  start = '2025-08-01T09:00:00Z',
  replace: Partial<MeetingsRepositories> = {},
) {
  const clock = new ManualClock(new Date(start));
  const r: MeetingsRepositories = {
    meetings: new MeetingsRepository(),
    items: new AgendaItemsRepository(),
    attendance: new MeetingAttendanceRepository(),
    declarations: new InterestDeclarationsRepository(),
    outcomes: new ItemOutcomesRepository(),
    minutes: new MinutesApprovalsRepository(),
    dispensations: new DispensationsRepository(),
    ...replace,
  };
  const bodies = new BodyRepository();
  const send = sendEventUseCase(ds, clock);
  const loader = new MeetingLoader(r.meetings, bodies, clock);
  const reader = new MeetingRecordReader(
    r.meetings,
    r.items,
    r.attendance,
    r.declarations,
    r.outcomes,
    r.minutes,
    bodies,
    new LinkedCasePlanDays(new ForwardPlanRepository()),
  );
  const bridge = new MeetingCaseBridge(send, new CaseRepository());
  return {
    clock,
    send,
    repositories: r,
    schedule: new ScheduleMeetingUseCase(ds, clock, r.meetings, bodies),
    list: new ListMeetingsUseCase(ds, r.meetings, bodies),
    read: new ReadMeetingUseCase(
      ds,
      loader,
      reader,
      r.meetings,
      new CaseReadPolicy(ds, new CaseReadersRepository()),
    ),
    addItem: new AddAgendaItemUseCase(ds, loader, r.items, new CaseRepository()),
    noticeRoutes: new RecordNoticeRoutesUseCase(ds, loader, r.items),
    publication: new RecordPublicationUseCase(ds, clock, loader, r.meetings),
    attendance: new RecordAttendanceUseCase(ds, loader, r.attendance),
    declare: new DeclareInterestUseCase(ds, clock, loader, reader, r.dispensations, r.declarations),
    showOfHands: new RecordShowOfHandsUseCase(ds, clock, loader, reader, r.outcomes, bridge),
    approveMinutes: new ApproveMinutesUseCase(
      ds,
      clock,
      loader,
      reader,
      r.meetings,
      r.minutes,
      new MinutesCaseBridge(send, new CaseRepository(), new MinutesCasesRepository()),
    ),
    grantDispensation: new GrantDispensationUseCase(
      ds,
      clock,
      r.dispensations,
      new PersonRepository(),
    ),
  };
}
