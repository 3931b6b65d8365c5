import { WebhooksController } from './webhooks/webhooks.controller';
import { AdminWebhooksController } from './pages/webhooks/admin-webhooks.controller';
import { WebhookSubscriptionsUseCase } from '../../libs/webhooks/webhook-subscriptions.use-case';
import { WebhooksModule } from '../../libs/webhooks/webhooks.module';
import { Module } from '@nestjs/common';
import { CasesController } from './cases/cases.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsModule } from '../../libs/meetings/meetings.module';
import { DecisionNoticesController } from './cases/decision-notices.controller';
import { CertificateService } from '../../libs/audit/certificate.service';
import { ResendEmailUseCase } from '../../libs/notifications/resend-email.use-case';
import { AttachDocumentUseCase } from '../../libs/documents/attach-document.use-case';
import { DocumentRetentionUseCase } from '../../libs/documents/document-retention.use-case';
import { PersonalDataRetentionUseCase } from '../../libs/documents/personal-data-retention.use-case';
import { PersonalDataHoldUseCase } from '../../libs/documents/personal-data-hold.use-case';
import { DocumentsModule } from '../../libs/documents/documents.module';
import { DocumentSettings } from '../../libs/documents/document-settings.service';
import { DocumentStore } from '../../libs/documents/document-store.repository';
import { ReadDocumentUseCase } from '../../libs/documents/read-document.use-case';
import { UploadDocumentsUseCase } from '../../libs/documents/upload-documents.use-case';
import { CaseDocumentsController } from './pages/documents/case-documents.controller';
import { RespondToLinkUseCase } from '../../libs/links/respond-to-link.use-case';
import { ActionLinkRepository } from '../../libs/links/action-link.repository';
import { OfficerDashboardService } from '../../libs/engine/officer-dashboard.service';
import { OfficerDashboardRepository } from '../../libs/engine/officer-dashboard.repository';
import { ReadCaseUseCase } from '../../libs/engine/read-case.use-case';
import { ChaseRequestsUseCase } from '../../libs/notifications/chase-requests.use-case';
import { StaffAuthService } from '../../libs/staff/staff-auth.service';
import { CasePageController } from './pages/case-page.controller';
import { CaseByReferenceController } from './pages/case-by-reference.controller';
import { CaseReferenceSettingsController } from './pages/case-reference-settings.controller';
import { DashboardController } from './pages/dashboard.controller';
import { NewCaseController } from './pages/new-case.controller';
import { SignInController } from './pages/sign-in.controller';
import { CouncilChoiceTokens } from '../../libs/staff/council-choice.service';
import { StaffPages } from './pages/staff-pages.service';
import { CalendarFeedRepository } from '../../libs/notifications/calendar-feed.repository';
import { CalendarFeedService } from '../../libs/notifications/calendar-feed.service';
import { CalendarFeedsController } from './calendar/calendar-feeds.controller';
import { DecisionRegisterService } from '../../libs/register/decision-register.service';
import { RegisterController } from './register/register.controller';
import { ForwardPlanController } from './forward-plan/forward-plan.controller';
import { ForwardPlanApiController } from './forward-plan/forward-plan-api.controller';
import { ForwardPlanStaffController } from './forward-plan/forward-plan-staff.controller';
import { ForwardPlanService } from '../../libs/forward-plan/forward-plan.service';
import { PublishForwardPlanUseCase } from '../../libs/forward-plan/publish-forward-plan.use-case';
import { AuditCheckpointController } from './register/audit-checkpoint.controller';
import { DispensationsController } from './meetings/dispensations.controller';
import { CouncilSettingsUseCase } from '../../libs/directory/council-settings.use-case';
import { CouncilSettingsController } from './settings/council-settings.controller';
import { ApiKeyGuard } from './http/api-key.guard';
import { ActionLinksController } from './links/action-links.controller';
import { LinkStepUpController } from './links/link-step-up.controller';
import { LINK_STEP_UP_PROVIDERS } from './links/link-step-up-providers';
import { PageRenderer } from './pages/page-renderer.service';
import { TemplatesController } from './templates/templates.controller';
import { AdminSettingsController } from './pages/admin-settings.controller';
import { AdminExportController } from './pages/admin-export.controller';
import { ExportController } from './export/export.controller';
import { ExportAccess } from '../../libs/export/export-access.service';
import { ExportCouncilUseCase } from '../../libs/export/export-council.use-case';
import { ExportPersonUseCase } from '../../libs/export/export-person.use-case';
import { ExportRunner } from '../../libs/export/export-runner.service';
import { ExportRecordsRepository } from '../../libs/export/export-records.repository';
import { RegisterRepository } from '../../libs/register/register.repository';
import { OfficerCallInSettingsController } from './pages/officer-call-in-settings.controller';
import { RetentionPagesController } from './pages/documents/retention-pages.controller';
import { PersonalDataHoldsController } from './pages/documents/personal-data-holds.controller';
import { AdminStaffController } from './pages/admin-staff.controller';
import { StaffAccountsModule } from '../../libs/staff/staff-accounts.module';
import { MeetingsPageController } from './pages/meetings-page.controller';
import { MeetingPageService } from './pages/meeting-page.service';
import { CasePageService } from './pages/case-page.service';
import { CaseEventFormsService } from './pages/case-event-forms.service';
import { OrganisationsController } from './directory/organisations.controller';
import { DirectoryChangesController } from './directory/changes.controller';
import { PeopleController } from './directory/people.controller';
import { ReadOrganisationsUseCase } from '../../libs/directory/use-cases/read-organisations.use-case';
import { CreateOrganisationUseCase } from '../../libs/directory/use-cases/create-organisation.use-case';
import { ChangeOrganisationUseCase } from '../../libs/directory/use-cases/change-organisation.use-case';
import { ReadPeopleUseCase } from '../../libs/directory/use-cases/read-people.use-case';
import { CreatePersonUseCase } from '../../libs/directory/use-cases/create-person.use-case';
import { ChangePersonUseCase } from '../../libs/directory/use-cases/change-person.use-case';
import { OfficesController } from './directory/offices.controller';
import { ReadOfficesUseCase } from '../../libs/directory/use-cases/read-offices.use-case';
import { CreateOfficeUseCase } from '../../libs/directory/use-cases/create-office.use-case';
import { ChangeOfficeUseCase } from '../../libs/directory/use-cases/change-office.use-case';
import { AppointOfficeHolderUseCase } from '../../libs/directory/use-cases/appoint-office-holder.use-case';
import { ChangeOfficeHoldingUseCase } from '../../libs/directory/use-cases/change-office-holding.use-case';
import { ApiKeysController } from './directory/api-keys.controller';
import { ReadApiKeysUseCase } from '../../libs/directory/use-cases/read-api-keys.use-case';
import { CreateApiKeyUseCase } from '../../libs/directory/use-cases/create-api-key.use-case';
import { RevokeApiKeyUseCase } from '../../libs/directory/use-cases/revoke-api-key.use-case';
import { SetPasswordController } from './pages/set-password.controller';
import { PasswordLinkUseCase } from '../../libs/staff/password-link.use-case';
import { ACCOUNT_CONTROLLERS, SINGLE_SIGN_ON_PROVIDERS } from './pages/account/account-providers';
import { BodiesController } from './directory/bodies.controller';
import { MembershipsController } from './directory/memberships.controller';
import { SubstitutesController } from './directory/substitutes.controller';
import { DelegationsController } from './directory/delegations.controller';
import { AbsencesController } from './directory/absences.controller';
import { AwayPagesController } from './pages/away-pages.controller';
import { ABSENCE_PROVIDERS } from '../../libs/directory/absences/absence.providers';
import { ReadBodiesUseCase } from '../../libs/directory/use-cases/read-bodies.use-case';
import { CreateBodyUseCase } from '../../libs/directory/use-cases/create-body.use-case';
import { ChangeBodyUseCase } from '../../libs/directory/use-cases/change-body.use-case';
import { AddMembershipUseCase } from '../../libs/directory/use-cases/add-membership.use-case';
import { ChangeMembershipUseCase } from '../../libs/directory/use-cases/change-membership.use-case';
import { NameSubstituteUseCase } from '../../libs/directory/use-cases/name-substitute.use-case';
import { ChangeSubstituteUseCase } from '../../libs/directory/use-cases/change-substitute.use-case';
import { ReadDelegationsUseCase } from '../../libs/directory/use-cases/read-delegations.use-case';
import { GrantDelegationUseCase } from '../../libs/directory/use-cases/grant-delegation.use-case';
import { AmendDelegationUseCase } from '../../libs/directory/use-cases/amend-delegation.use-case';
import { RevokeDelegationUseCase } from '../../libs/directory/use-cases/revoke-delegation.use-case';
import { DirectoryPages } from './pages/directory/directory-pages.service';
import { DirectoryIndexController } from './pages/directory/directory-index.controller';
import { OrganisationsPagesController } from './pages/directory/organisations.controller';
import { PeoplePagesController } from './pages/directory/people.controller';

import { BodiesPageController } from './pages/directory/bodies-page.controller';
import { DirectoryChoices } from './pages/directory/directory-choices.service';
import { MembershipsPageController } from './pages/directory/memberships-page.controller';
import { MembershipsPages } from './pages/directory/memberships-pages.service';
import { SubstitutesPageController } from './pages/directory/substitutes-page.controller';
import { DelegationsPageController } from './pages/directory/delegations-page.controller';
import { OfficesPagesController } from './pages/directory/offices.controller';
import { OfficeHoldersPagesController } from './pages/directory/offices-holders.controller';
import { ApiKeysPagesController } from './pages/directory/api-keys.controller';
import { ChangesPagesController } from './pages/directory/changes.controller';
import { ReadDirectoryChangesUseCase } from '../../libs/directory/use-cases/read-directory-changes.use-case';

import { DirectoryImportController } from './directory/directory-import.controller';
import { ImportPagesController } from './pages/directory/import.controller';
import { DirectoryImportUseCase } from '../../libs/directory/import/directory-import.use-case';
import { DirectoryExportUseCase } from '../../libs/directory/import/directory-export.use-case';
import { CaseLifecycleController } from './cases/case-lifecycle.controller';
import { PersonalDataHoldController } from './cases/personal-data-hold.controller';
import { CaseLifecyclePagesController } from './pages/case-lifecycle-pages.controller';
import { ImportPeopleService } from '../../libs/directory/import/import-people.service';
import { ImportBodiesService } from '../../libs/directory/import/import-bodies.service';
import { ImportMembershipsService } from '../../libs/directory/import/import-memberships.service';
import { CreateTenantUseCase } from '../../libs/directory/use-cases/create-tenant.use-case';
import { DemoDirectoryService } from '../../libs/demo/demo-directory.service';
import { DemoMeetingRows } from '../../libs/demo/demo-meeting-rows.service';
import { DemoSeedProviders } from '../../libs/demo/demo-seed-providers.service';
import { DiagramLayoutShutdown } from '../../libs/workflows/diagram-layout.service';

/** HTTP: REST under /api and the server-rendered pages. Wiring only. */
@Module({
  imports: [MeetingsModule, StaffAccountsModule, WebhooksModule, DocumentsModule],
  controllers: [
    WebhooksController,
    AdminWebhooksController,
    ...ACCOUNT_CONTROLLERS,
    CasesController,
    CaseLifecycleController,
    PersonalDataHoldController,
    MeetingsController,
    TemplatesController,
    LinkStepUpController,
    ActionLinksController,
    SignInController,
    NewCaseController,
    // Before the register's /register/:tenant/:caseId, which would take its address.
    AuditCheckpointController,
    RegisterController,
    ForwardPlanController,
    ForwardPlanApiController,
    ForwardPlanStaffController,
    DashboardController,
    CaseByReferenceController,
    CasePageController,
    CaseLifecyclePagesController,
    CaseDocumentsController,
    DecisionNoticesController,
    CalendarFeedsController,
    DispensationsController,
    CouncilSettingsController,
    OfficerCallInSettingsController,
    CaseReferenceSettingsController,
    AdminSettingsController,
    AdminExportController,
    ExportController,
    RetentionPagesController,
    PersonalDataHoldsController,
    AdminStaffController,
    MeetingsPageController,
    OrganisationsController,
    DirectoryChangesController,
    PeopleController,
    OfficesController,
    ApiKeysController,
    SetPasswordController,
    BodiesController,
    MembershipsController,
    SubstitutesController,
    DelegationsController,
    AbsencesController,
    AwayPagesController,
    DirectoryIndexController,
    OrganisationsPagesController,
    PeoplePagesController,
    BodiesPageController,
    MembershipsPageController,
    SubstitutesPageController,
    DelegationsPageController,
    DirectoryImportController,
    ImportPagesController,
    OfficesPagesController,
    OfficeHoldersPagesController,
    ApiKeysPagesController,
    ChangesPagesController,
  ],
  providers: [
    DiagramLayoutShutdown,
    ExportAccess,
    ExportCouncilUseCase,
    ExportPersonUseCase,
    ExportRunner,
    ExportRecordsRepository,
    WebhookSubscriptionsUseCase,
    ...SINGLE_SIGN_ON_PROVIDERS,
    ...LINK_STEP_UP_PROVIDERS,
    ApiKeyGuard,
    DirectoryChoices,
    MembershipsPages,
    PageRenderer,
    RespondToLinkUseCase,
    ActionLinkRepository,
    AttachDocumentUseCase,
    UploadDocumentsUseCase,
    ReadDocumentUseCase,
    DocumentStore,
    DocumentSettings,
    DocumentRetentionUseCase,
    PersonalDataRetentionUseCase,
    PersonalDataHoldUseCase,
    CertificateService,
    ReadCaseUseCase,
    ResendEmailUseCase,
    StaffAuthService,
    CouncilChoiceTokens,
    StaffPages,
    OfficerDashboardService,
    OfficerDashboardRepository,
    ChaseRequestsUseCase,
    CalendarFeedService,
    CalendarFeedRepository,
    DecisionRegisterService,
    RegisterRepository,
    ForwardPlanService,
    PublishForwardPlanUseCase,
    CouncilSettingsUseCase,
    MeetingPageService,
    CasePageService,
    CaseEventFormsService,
    ReadOrganisationsUseCase,
    CreateOrganisationUseCase,
    ChangeOrganisationUseCase,
    ReadPeopleUseCase,
    CreatePersonUseCase,
    ChangePersonUseCase,
    ReadOfficesUseCase,
    CreateOfficeUseCase,
    ChangeOfficeUseCase,
    AppointOfficeHolderUseCase,
    ChangeOfficeHoldingUseCase,
    ReadApiKeysUseCase,
    CreateApiKeyUseCase,
    RevokeApiKeyUseCase,
    PasswordLinkUseCase,
    ReadBodiesUseCase,
    CreateBodyUseCase,
    ChangeBodyUseCase,
    AddMembershipUseCase,
    ChangeMembershipUseCase,
    NameSubstituteUseCase,
    ChangeSubstituteUseCase,
    ReadDelegationsUseCase,
    ...ABSENCE_PROVIDERS,
    GrantDelegationUseCase,
    AmendDelegationUseCase,
    RevokeDelegationUseCase,
    DirectoryImportUseCase,
    ImportPeopleService,
    ImportBodiesService,
    ImportMembershipsService,
    DirectoryExportUseCase,
    CreateTenantUseCase,
    DemoDirectoryService,
    DemoMeetingRows,
    DemoSeedProviders,
    DirectoryPages,
    ReadDirectoryChangesUseCase,
  ],
})
export class ApiModule {}
