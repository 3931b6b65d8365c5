import { Module } from '@nestjs/common';
import { ForwardPlanRepository } from '../forward-plan/forward-plan.repository';
import { AgendaItemsRepository } from './agenda-items.repository';
import { CaseAgendasRepository } from './case-agendas.repository';
import { DispensationsRepository } from './dispensations.repository';
import { InterestDeclarationsRepository } from './interest-declarations.repository';
import { ItemOutcomesRepository } from './item-outcomes.repository';
import { MeetingAttendanceRepository } from './meeting-attendance.repository';
import { LinkedCasePlanDays } from './linked-case-plan-days.service';
import { MeetingCaseBridge } from './meeting-case-bridge.service';
import { MeetingLoader } from './meeting-loader.service';
import { MeetingRecordReader } from './meeting-record.service';
import { MeetingsRepository } from './meetings.repository';
import { MinutesApprovalsRepository } from './minutes-approvals.repository';
import { MinutesCaseBridge } from './minutes-case-bridge.service';
import { MinutesCasesRepository } from './minutes-cases.repository';
import { AddAgendaItemUseCase } from './use-cases/add-agenda-item.use-case';
import { ApproveMinutesUseCase } from './use-cases/approve-minutes.use-case';
import { NameMinutesSignerUseCase } from './use-cases/name-minutes-signer.use-case';
import { DeclareInterestUseCase } from './use-cases/declare-interest.use-case';
import { GrantDispensationUseCase } from './use-cases/grant-dispensation.use-case';
import { ListDispensationsUseCase } from './use-cases/list-dispensations.use-case';
import { ListMeetingsUseCase } from './use-cases/list-meetings.use-case';
import { ReadMeetingUseCase } from './use-cases/read-meeting.use-case';
import { RecordAttendanceUseCase } from './use-cases/record-attendance.use-case';
import { RecordNoticeRoutesUseCase } from './use-cases/record-notice-routes.use-case';
import { RecordPublicationUseCase } from './use-cases/record-publication.use-case';
import { RecordShowOfHandsUseCase } from './use-cases/record-show-of-hands.use-case';
import { ScheduleMeetingUseCase } from './use-cases/schedule-meeting.use-case';

/** The use cases the apps call; the engine's providers (data source, clock, send) are global. */
export const MEETING_USE_CASES = [
  ScheduleMeetingUseCase,
  ListMeetingsUseCase,
  ReadMeetingUseCase,
  AddAgendaItemUseCase,
  RecordNoticeRoutesUseCase,
  RecordPublicationUseCase,
  RecordAttendanceUseCase,
  DeclareInterestUseCase,
  RecordShowOfHandsUseCase,
  ApproveMinutesUseCase,
  NameMinutesSignerUseCase,
  GrantDispensationUseCase,
  ListDispensationsUseCase,
];

/**
 * Meetings of a body, their records and the register of dispensations, wired once. The directory's
 * repositories and the cases' come from the engine's global module, not from here; the forward
 * plan's is provided here and exported (the API's forward plan pages use it too), and the meetings'
 * and their agendas' (the demo's seed writes its meetings through them).
 */
@Module({
  providers: [
    ...MEETING_USE_CASES,
    MeetingsRepository,
    AgendaItemsRepository,
    MeetingAttendanceRepository,
    InterestDeclarationsRepository,
    ItemOutcomesRepository,
    MinutesApprovalsRepository,
    DispensationsRepository,
    CaseAgendasRepository,
    MeetingRecordReader,
    MeetingLoader,
    MeetingCaseBridge,
    MinutesCaseBridge,
    MinutesCasesRepository,
    LinkedCasePlanDays,
    ForwardPlanRepository,
  ],
  exports: [
    ...MEETING_USE_CASES,
    MeetingsRepository,
    AgendaItemsRepository,
    CaseAgendasRepository,
    MinutesCasesRepository,
    ForwardPlanRepository,
  ],
})
export class MeetingsModule {}
