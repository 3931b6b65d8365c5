import { AddWebhooks1796369825855 } from '../../migrations/1796369825855-add-webhooks';
import {
  WebhookAttempt,
  WebhookCursor,
  WebhookDelivery,
  WebhookSubscription,
} from '../webhooks/webhook.entity';
import { AuditRecord } from '../audit/audit-record.entity';
import { Body } from '../directory/body.entity';
import { Delegation } from '../directory/delegation.entity';
import { Membership } from '../directory/membership.entity';
import { Office } from '../directory/office.entity';
import { Organisation } from '../directory/organisation.entity';
import { Person } from '../directory/person.entity';
import { Tenant } from '../directory/tenant.entity';
import { CaseEvent } from '../engine/case-event.entity';
import { Case } from '../engine/case.entity';
import { Deadline } from '../engine/deadline.entity';
import { Effect } from '../engine/effect.entity';
import { CaseDocument } from '../documents/document.entity';
import { DocumentChunk } from '../documents/document-chunk.entity';
import { ActionLinkView } from '../links/action-link-view.entity';
import { ActionLink } from '../links/action-link.entity';
import { StaffAccount } from '../staff/staff-account.entity';
import { StaffSession } from '../staff/staff-session.entity';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { InterestDeclaration } from '../meetings/interest-declaration.entity';
import { ItemOutcome } from '../meetings/item-outcome.entity';
import { MeetingAttendance } from '../meetings/meeting-attendance.entity';
import { Meeting } from '../meetings/meeting.entity';
import { MinutesApproval } from '../meetings/minutes-approval.entity';
import { Vote } from '../meetings/vote.entity';
import { DispensationRecord } from '../meetings/dispensation.entity';
import { ForwardPlanEdition } from '../forward-plan/forward-plan-edition.entity';
import { ForwardPlanEntry } from '../forward-plan/forward-plan-entry.entity';
import { InitialSchema1795599600000 } from '../../migrations/1795599600000-initial-schema';
import { AddDocumentsAndActionLinks1795600577582 } from '../../migrations/1795600577582-add-documents-and-action-links';
import { AddStaffAccountsAndSessions1795602437982 } from '../../migrations/1795602437982-add-staff-accounts-and-sessions';
import { KeepAuditHeadOnCases1795603528562 } from '../../migrations/1795603528562-keep-audit-head-on-cases';
import { VersionTheDirectory1795605477477 } from '../../migrations/1795605477477-version-the-directory';
import { AddDispensations1795606065481 } from '../../migrations/1795606065481-add-dispensations';
import { StoreCouncilSettings1795606336438 } from '../../migrations/1795606336438-store-council-settings';
import { RecordNoticeRoutes1795606560628 } from '../../migrations/1795606560628-record-notice-routes';
import { StoreDelegationTerms1795606957800 } from '../../migrations/1795606957800-store-delegation-terms';
import { DirectoryVersionFromASequence1795607500000 } from '../../migrations/1795607500000-directory-version-from-a-sequence';
import { AddMeetings1795604369914 } from '../../migrations/1795604369914-add-meetings';
import { RecordDirectoryChanges1795608100000 } from '../../migrations/1795608100000-record-directory-changes';
import { DirectoryChange } from '../directory/directory-change.entity';
import { OfficeHolder } from '../directory/office-holder.entity';
import { ApiKey } from '../directory/api-key.entity';
import { PasswordLink } from '../staff/password-link.entity';
import { AddPasswordSettingLinks1795608552718 } from '../../migrations/1795608552718-add-password-setting-links';
import { KeepApiKeys1795608441093 } from '../../migrations/1795608441093-keep-api-keys';
import { KeepOfficeHolders1795608327561 } from '../../migrations/1795608327561-keep-office-holders';
import { StoreBodyRules1795608263519 } from '../../migrations/1795608263519-store-body-rules';
import { KeepMembershipTerms1795608419273 } from '../../migrations/1795608419273-keep-membership-terms';
import { MembershipSubstitute } from '../directory/membership-substitute.entity';
import { KeepSubstitutionSchemes1795608517386 } from '../../migrations/1795608517386-keep-substitution-schemes';
import { KeepTheSchemeOfDelegation1795608724591 } from '../../migrations/1795608724591-keep-the-scheme-of-delegation';
import { KeepOrganisationsAndPeople1795608213847 } from '../../migrations/1795608213847-keep-organisations-and-people';
import { IdentityProvider } from '../staff/identity-provider.entity';
import { StaffIdentity } from '../staff/staff-identity.entity';
import { OidcSignIn } from '../staff/oidc-sign-in.entity';
import { SignInPolicy } from '../staff/sign-in-policy.entity';
import { AddSingleSignOn1795609016000 } from '../../migrations/1795609016000-add-single-sign-on';
import { ResetPasswordsAndKnowSessions1795609116000 } from '../../migrations/1795609116000-reset-passwords-and-know-sessions';
import { KeepSecondFactors1795609316000 } from '../../migrations/1795609316000-keep-second-factors';
import { StaffRecoveryCode, StaffSecondFactor } from '../staff/second-factor.entity';
import { RecordDefinitionHashes1795608652847 } from '../../migrations/1795608652847-record-definition-hashes';
import { StreamDocumentsInChunks1795608800000 } from '../../migrations/1795608800000-stream-documents-in-chunks';
import { IndexCasesByLastChange1795609200000 } from '../../migrations/1795609200000-index-cases-by-last-change';
import { IndexEffectsByCase1795609300000 } from '../../migrations/1795609300000-index-effects-by-case';
import { GiveCasesALifecycle1796355597991 } from '../../migrations/1796355597991-give-cases-a-lifecycle';
import { RuntimeRole1796356381593 } from '../../migrations/1796356381593-runtime-role';
import { PublishTheForwardPlan1796358211692 } from '../../migrations/1796358211692-publish-the-forward-plan';
import { SignAuditCheckpoints1796360567755 } from '../../migrations/1796360567755-sign-audit-checkpoints';
import { SayWhereDocumentContentIs1796374950630 } from '../../migrations/1796374950630-say-where-document-content-is';
import { KeepARetentionSchedulePerCouncil1796374950631 } from '../../migrations/1796374950631-keep-a-retention-schedule-per-council';
import { BindRetentionRulesToTheirCouncil1796376311823 } from '../../migrations/1796376311823-bind-retention-rules-to-their-council';
import { NameWhereEachSeatComesFrom1796384170924 } from '../../migrations/1796384170924-name-where-each-seat-comes-from';
import { DateBodyRules1796394184000 } from '../../migrations/1796394184000-date-body-rules';
import { BodyRulesChange } from '../directory/body-rules-change.entity';
import { DocumentRetentionRule } from '../documents/retention-rule.entity';
import { AuditCheckpoint } from '../audit/audit-checkpoint.entity';
import { WebhookCursors1796370580878 } from '../../migrations/1796370580878-webhook-cursors';
import { LinkStepUp } from '../links/link-step-up.entity';
import { EncryptSecondFactorSeeds1796375161369 } from '../../migrations/1796375161369-encrypt-second-factor-seeds';
import { StepUpBeforeAnsweringLinks1796373687631 } from '../../migrations/1796373687631-step-up-before-answering-links';
import { DataExport } from '../audit/data-export.entity';
import { RecordDataExports1796374413745 } from '../../migrations/1796374413745-record-data-exports';
import { BindRowsToTheirCouncil1796376036387 } from '../../migrations/1796376036387-bind-rows-to-their-council';
import { ResponseEvidence } from '../audit/response-evidence.entity';
import { KeepAnswerEvidenceOutsideTheChain1796394236896 } from '../../migrations/1796394236896-keep-answer-evidence-outside-the-chain';
import { PersonalDataHold } from '../documents/personal-data-hold.entity';
import { HoldACasePersonalData1796395979396 } from '../../migrations/1796395979396-hold-a-case-personal-data';
import { AuditRedaction } from '../audit/audit-redaction.entity';
import { RedactAnswerEvidenceInOldLinks1796398000000 } from '../../migrations/1796398000000-redact-answer-evidence-in-old-links';
import { IndexOverdueCases1796408464217 } from '../../migrations/1796408464217-index-overdue-cases';
import { IndexPublishedDecisions1796412000000 } from '../../migrations/1796412000000-index-published-decisions';
import { KeepAbsences1796416000000 } from '../../migrations/1796416000000-keep-absences';
import { Absence } from '../directory/absences/absence.entity';
import { GiveCasesReferences1796427097620 } from '../../migrations/1796427097620-give-cases-references';
import { KeepCastingVotes1796430000000 } from '../../migrations/1796430000000-keep-casting-votes';
import { IndexCasesByCreation1796433000000 } from '../../migrations/1796433000000-index-cases-by-creation';
import { VersionApiKeysWithTheDirectory1796436000000 } from '../../migrations/1796436000000-version-api-keys-with-the-directory';
import { BumpBothCouncilsOfAMovedRow1796436500000 } from '../../migrations/1796436500000-bump-both-councils-of-a-moved-row';
import { BumpEveryCouncilOnTruncate1796437100000 } from '../../migrations/1796437100000-bump-every-council-on-truncate';
import { SearchTheRegisterByTrigrams1796440000000 } from '../../migrations/1796440000000-search-the-register-by-trigrams';
import { IndexTheRegister1796440100000 } from '../../migrations/1796440100000-index-the-register';
import { IndexTheRegisterByKeyDecision1796440200000 } from '../../migrations/1796440200000-index-the-register-by-key-decision';
import { IndexTheRegisterWords1796440300000 } from '../../migrations/1796440300000-index-the-register-words';
import { KeepWhomPendingDeadlinesConcern1796440700000 } from '../../migrations/1796440700000-keep-whom-pending-deadlines-concern';
import { KeepWhomCasesAwait1796440800000 } from '../../migrations/1796440800000-keep-whom-cases-await';
import { KeepTheRegisterInColumns1796441000000 } from '../../migrations/1796441000000-keep-the-register-in-columns';
import { IndexTheRegisterByItsDate1796441100000 } from '../../migrations/1796441100000-index-the-register-by-its-date';
import { IndexTheRegisterByItsKeyDecision1796441200000 } from '../../migrations/1796441200000-index-the-register-by-its-key-decision';
import { DropTheRegisterSnapshotIndexes1796441300000 } from '../../migrations/1796441300000-drop-the-register-snapshot-indexes';
import { RegisterWord } from '../register/register-word.entity';
import { IndexOpenCasesByState1796441400000 } from '../../migrations/1796441400000-index-open-cases-by-state';
import { KeepTheWordsOfCases1796441500000 } from '../../migrations/1796441500000-keep-the-words-of-cases';
import { KeepDeadlineConcernsOfThePeopleWhoChanged1796441600000 } from '../../migrations/1796441600000-keep-deadline-concerns-of-the-people-who-changed';
import { KeepDeadlineConcernsUnderTheCaseLock1796441700000 } from '../../migrations/1796441700000-keep-deadline-concerns-under-the-case-lock';
import { CountTheChangesToACouncilsAbsences1796441800000 } from '../../migrations/1796441800000-count-the-changes-to-a-councils-absences';
import { OrderTheWordsOfCases1796441900000 } from '../../migrations/1796441900000-order-the-words-of-cases';
import { IndexTheWordsOfCasesInOrder1796441950000 } from '../../migrations/1796441950000-index-the-words-of-cases-in-order';
import { KeepTheTopStateOfCases1796442000000 } from '../../migrations/1796442000000-keep-the-top-state-of-cases';
import { IndexTheOpenCasesByTopState1796442050000 } from '../../migrations/1796442050000-index-the-open-cases-by-top-state';
import { KeepTheStatesOfCases1796442100000 } from '../../migrations/1796442100000-keep-the-states-of-cases';
import { DropTheCaseIndexesNoReadUses1796442500000 } from '../../migrations/1796442500000-drop-the-case-indexes-no-read-uses';
import { KeepWhomCasesName1796442600000 } from '../../migrations/1796442600000-keep-whom-cases-name';
import { LockTheCasesBeforeNamingAHolder1796442700000 } from '../../migrations/1796442700000-lock-the-cases-before-naming-a-holder';
import { LockEachCaseAsItsHolderIsNamed1796443100000 } from '../../migrations/1796443100000-lock-each-case-as-its-holder-is-named';
import { CaseReferenceCounter } from '../engine/case-reference-counter.entity';

/**
 * The schema in one place. Listed explicitly rather than globbed so that the app, the tests (under
 * ts-jest) and the compiled build load exactly the same classes.
 */
export const ENTITIES = [
  Tenant,
  Organisation,
  Person,
  Office,
  Body,
  Membership,
  Delegation,
  Case,
  CaseEvent,
  Deadline,
  Effect,
  AuditRecord,
  CaseDocument,
  DocumentChunk,
  ActionLink,
  ActionLinkView,
  AuditCheckpoint,
  DocumentRetentionRule,
  StaffAccount,
  StaffSession,
  Meeting,
  AgendaItem,
  MeetingAttendance,
  InterestDeclaration,
  Vote,
  ItemOutcome,
  MinutesApproval,
  DispensationRecord,
  DirectoryChange,
  OfficeHolder,
  ApiKey,
  PasswordLink,
  MembershipSubstitute,
  IdentityProvider,
  StaffIdentity,
  OidcSignIn,
  SignInPolicy,
  StaffSecondFactor,
  StaffRecoveryCode,
  ForwardPlanEdition,
  ForwardPlanEntry,
  WebhookSubscription,
  WebhookDelivery,
  WebhookAttempt,
  WebhookCursor,
  LinkStepUp,
  DataExport,
  BodyRulesChange,
  ResponseEvidence,
  PersonalDataHold,
  AuditRedaction,
  Absence,
  CaseReferenceCounter,
  RegisterWord,
];

/**
 * Every migration ever landed, oldest first. Never change what one that has landed does: add another
 * (how an index-only migration builds may change, the index staying the same: ADR 0044).
 */
export const MIGRATIONS = [
  InitialSchema1795599600000,
  AddDocumentsAndActionLinks1795600577582,
  AddStaffAccountsAndSessions1795602437982,
  KeepAuditHeadOnCases1795603528562,
  AddMeetings1795604369914,
  VersionTheDirectory1795605477477,
  AddDispensations1795606065481,
  StoreCouncilSettings1795606336438,
  RecordNoticeRoutes1795606560628,
  StoreDelegationTerms1795606957800,
  DirectoryVersionFromASequence1795607500000,
  RecordDirectoryChanges1795608100000,
  KeepOrganisationsAndPeople1795608213847,
  KeepOfficeHolders1795608327561,
  KeepApiKeys1795608441093,
  KeepSubstitutionSchemes1795608517386,
  AddPasswordSettingLinks1795608552718,
  StoreBodyRules1795608263519,
  KeepMembershipTerms1795608419273,
  RecordDefinitionHashes1795608652847,
  KeepTheSchemeOfDelegation1795608724591,
  StreamDocumentsInChunks1795608800000,
  AddSingleSignOn1795609016000,
  ResetPasswordsAndKnowSessions1795609116000,
  IndexCasesByLastChange1795609200000,
  IndexEffectsByCase1795609300000,
  KeepSecondFactors1795609316000,
  GiveCasesALifecycle1796355597991,
  RuntimeRole1796356381593,
  PublishTheForwardPlan1796358211692,
  SignAuditCheckpoints1796360567755,
  AddWebhooks1796369825855,
  WebhookCursors1796370580878,
  StepUpBeforeAnsweringLinks1796373687631,
  RecordDataExports1796374413745,
  EncryptSecondFactorSeeds1796375161369,
  BindRowsToTheirCouncil1796376036387,
  SayWhereDocumentContentIs1796374950630,
  KeepARetentionSchedulePerCouncil1796374950631,
  BindRetentionRulesToTheirCouncil1796376311823,
  NameWhereEachSeatComesFrom1796384170924,
  DateBodyRules1796394184000,
  KeepAnswerEvidenceOutsideTheChain1796394236896,
  HoldACasePersonalData1796395979396,
  RedactAnswerEvidenceInOldLinks1796398000000,
  IndexOverdueCases1796408464217,
  IndexPublishedDecisions1796412000000,
  KeepAbsences1796416000000,
  GiveCasesReferences1796427097620,
  KeepCastingVotes1796430000000,
  IndexCasesByCreation1796433000000,
  VersionApiKeysWithTheDirectory1796436000000,
  BumpBothCouncilsOfAMovedRow1796436500000,
  BumpEveryCouncilOnTruncate1796437100000,
  SearchTheRegisterByTrigrams1796440000000,
  IndexTheRegister1796440100000,
  IndexTheRegisterByKeyDecision1796440200000,
  IndexTheRegisterWords1796440300000,
  KeepWhomPendingDeadlinesConcern1796440700000,
  KeepWhomCasesAwait1796440800000,
  KeepTheRegisterInColumns1796441000000,
  IndexTheRegisterByItsDate1796441100000,
  IndexTheRegisterByItsKeyDecision1796441200000,
  DropTheRegisterSnapshotIndexes1796441300000,
  IndexOpenCasesByState1796441400000,
  KeepTheWordsOfCases1796441500000,
  KeepDeadlineConcernsOfThePeopleWhoChanged1796441600000,
  KeepDeadlineConcernsUnderTheCaseLock1796441700000,
  CountTheChangesToACouncilsAbsences1796441800000,
  OrderTheWordsOfCases1796441900000,
  IndexTheWordsOfCasesInOrder1796441950000,
  KeepTheTopStateOfCases1796442000000,
  IndexTheOpenCasesByTopState1796442050000,
  KeepTheStatesOfCases1796442100000,
  DropTheCaseIndexesNoReadUses1796442500000,
  KeepWhomCasesName1796442600000,
  LockTheCasesBeforeNamingAHolder1796442700000,
  LockEachCaseAsItsHolderIsNamed1796443100000,
];
