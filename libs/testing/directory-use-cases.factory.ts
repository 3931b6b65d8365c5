import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { ApiKeyRepository } from '../directory/api-key.repository';
import { DirectoryAccess } from '../directory/directory-access.service';
import { AbsenceRepository } from '../directory/absences/absence.repository';
import type { CoverHandOver } from '../directory/absences/cover-hand-over.service';
import { CancelAbsenceUseCase } from '../directory/absences/cancel-absence.use-case';
import { ReadAbsencesUseCase } from '../directory/absences/read-absences.use-case';
import { RecordAbsenceUseCase } from '../directory/absences/record-absence.use-case';
import { RevokeDelegationUseCase } from '../directory/use-cases/revoke-delegation.use-case';
import { BodyRulesRepository } from '../directory/body-rules.repository';
import { BodyRepository } from '../directory/body.repository';
import { DelegationRepository } from '../directory/delegation.repository';
import { DirectoryChangeRepository } from '../directory/directory-change.repository';
import { MembershipSubstituteRepository } from '../directory/membership-substitute.repository';
import { MembershipRepository } from '../directory/membership.repository';
import type { OfficeHandOver } from '../directory/office-hand-over.service';
import { OfficeRepository } from '../directory/office.repository';
import { OrganisationRepository } from '../directory/organisation.repository';
import { PersonRepository } from '../directory/person.repository';
import { TenantRepository } from '../directory/tenant.repository';
import type { SeatHandOver } from '../directory/seat-hand-over.service';
import { AddMembershipUseCase } from '../directory/use-cases/add-membership.use-case';
import { AppointOfficeHolderUseCase } from '../directory/use-cases/appoint-office-holder.use-case';
import { ChangeBodyUseCase } from '../directory/use-cases/change-body.use-case';
import { ChangeMembershipUseCase } from '../directory/use-cases/change-membership.use-case';
import { ChangeOfficeHoldingUseCase } from '../directory/use-cases/change-office-holding.use-case';
import { ChangeOfficeUseCase } from '../directory/use-cases/change-office.use-case';
import { ChangeOrganisationUseCase } from '../directory/use-cases/change-organisation.use-case';
import { ChangePersonUseCase } from '../directory/use-cases/change-person.use-case';
import { CreateBodyUseCase } from '../directory/use-cases/create-body.use-case';
import { CreateOfficeUseCase } from '../directory/use-cases/create-office.use-case';
import { CreateOrganisationUseCase } from '../directory/use-cases/create-organisation.use-case';
import { CreatePersonUseCase } from '../directory/use-cases/create-person.use-case';
import { CreateTenantUseCase } from '../directory/use-cases/create-tenant.use-case';
import { GrantDelegationUseCase } from '../directory/use-cases/grant-delegation.use-case';
import { NameSubstituteUseCase } from '../directory/use-cases/name-substitute.use-case';
import { DemoDirectoryService } from '../demo/demo-directory.service';
import { PasswordLinkRepository } from '../staff/password-link.repository';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { StaffSessionsRepository } from '../staff/staff-sessions.repository';
import { PasswordHashing } from '../staff/password-hashing.service';
import { AmendDelegationUseCase } from '../directory/use-cases/amend-delegation.use-case';
import { ChangeSubstituteUseCase } from '../directory/use-cases/change-substitute.use-case';

/** The directory's repositories, one of each, as DirectoryModule provides them. */
export function directoryRepositories() {
  return {
    apiKeys: new ApiKeyRepository(),
    bodies: new BodyRepository(),
    bodyRules: new BodyRulesRepository(),
    changes: new DirectoryChangeRepository(),
    delegations: new DelegationRepository(),
    memberships: new MembershipRepository(),
    offices: new OfficeRepository(),
    organisations: new OrganisationRepository(),
    people: new PersonRepository(),
    substitutes: new MembershipSubstituteRepository(),
  };
}

/** Who may keep and read the directory, as DirectoryModule provides it. */
export function directoryAccess(): DirectoryAccess {
  return new DirectoryAccess(new PersonRepository());
}

/**
 * The absences' use cases built by hand, as Nest builds them; with `cover`, recording one that
 * begins today hands the person's cases to the deputy.
 */
export function absenceUseCases(ds: DataSource, clock: Clock, cover?: CoverHandOver) {
  const r = directoryRepositories();
  const access = directoryAccess();
  const absences = new AbsenceRepository();
  return {
    record: new RecordAbsenceUseCase(ds, clock, access, r.people, absences, r.changes, cover),
    cancel: new CancelAbsenceUseCase(ds, clock, access, absences, r.changes),
    read: new ReadAbsencesUseCase(ds, clock, access, r.people, absences),
  };
}

/**
 * The directory's write use cases built by hand with their repositories, as Nest builds them (a
 * spec's composition root); the hand-overs only when given, as a spec without the engine has none.
 */
export function directoryUseCases(
  ds: DataSource,
  clock: Clock,
  handOver: { office?: OfficeHandOver; seat?: SeatHandOver } = {},
) {
  const r = directoryRepositories();
  const access = new DirectoryAccess(r.people);
  return {
    createTenant: new CreateTenantUseCase(
      ds,
      clock,
      r.organisations,
      r.people,
      r.changes,
      r.apiKeys,
      new PasswordLinkRepository(),
      new TenantRepository(),
      new StaffAccountsRepository(),
    ),
    createOrganisation: new CreateOrganisationUseCase(
      ds,
      clock,
      access,
      r.organisations,
      r.changes,
    ),
    changeOrganisation: new ChangeOrganisationUseCase(
      ds,
      clock,
      access,
      r.organisations,
      r.changes,
    ),
    createPerson: new CreatePersonUseCase(ds, clock, access, r.people, r.changes, r.organisations),
    changePerson: new ChangePersonUseCase(
      ds,
      clock,
      access,
      r.people,
      r.offices,
      r.changes,
      r.organisations,
    ),
    createOffice: new CreateOfficeUseCase(ds, clock, access, r.offices, r.changes, r.organisations),
    changeOffice: new ChangeOfficeUseCase(ds, clock, access, r.offices, r.changes, r.organisations),
    appointOfficeHolder: new AppointOfficeHolderUseCase(
      ds,
      clock,
      access,
      r.offices,
      r.changes,
      r.people,
      handOver.office,
    ),
    changeOfficeHolding: new ChangeOfficeHoldingUseCase(
      ds,
      clock,
      access,
      r.offices,
      r.changes,
      r.people,
      handOver.office,
    ),
    createBody: new CreateBodyUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.bodyRules,
      r.changes,
      r.organisations,
    ),
    changeBody: new ChangeBodyUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.bodyRules,
      r.changes,
      r.organisations,
    ),
    addMembership: new AddMembershipUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.memberships,
      r.people,
      r.changes,
      handOver.seat,
    ),
    changeMembership: new ChangeMembershipUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.memberships,
      r.people,
      r.changes,
      handOver.seat,
    ),
    nameSubstitute: new NameSubstituteUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.memberships,
      r.substitutes,
      r.changes,
      r.people,
    ),
    grantDelegation: new GrantDelegationUseCase(
      ds,
      clock,
      access,
      r.delegations,
      r.changes,
      r.bodies,
      r.offices,
    ),
    revokeDelegation: new RevokeDelegationUseCase(ds, clock, access, r.delegations, r.changes),
    amendDelegation: new AmendDelegationUseCase(
      ds,
      clock,
      access,
      r.delegations,
      r.changes,
      r.bodies,
      r.offices,
    ),
    changeSubstitute: new ChangeSubstituteUseCase(
      ds,
      clock,
      access,
      r.bodies,
      r.memberships,
      r.substitutes,
      r.changes,
      r.people,
    ),
  };
}

/** The demo's directory writer built by hand, for a spec that seeds the demo without Nest. */
export function demoDirectory(ds: DataSource, clock: Clock): DemoDirectoryService {
  const u = directoryUseCases(ds, clock);
  const r = directoryRepositories();
  return new DemoDirectoryService(
    u.createTenant,
    u.changeOrganisation,
    u.createOrganisation,
    u.createPerson,
    u.createOffice,
    u.appointOfficeHolder,
    u.createBody,
    u.addMembership,
    u.nameSubstitute,
    u.grantDelegation,
    r.organisations,
    r.people,
    r.apiKeys,
    r.changes,
    new PasswordLinkRepository(),
    new StaffAccountsRepository(),
    new StaffSessionsRepository(),
    new PasswordHashing({ PASSWORD_CHECKS_AT_ONCE: 2, REQUEST_TIMEOUT_MS: 30_000 }),
  );
}
