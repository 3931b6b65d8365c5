import { Module } from '@nestjs/common';
import { AbsenceRepository } from './absences/absence.repository';
import { ApiKeyRepository } from './api-key.repository';
import { BodyRulesRepository } from './body-rules.repository';
import { BodyRepository } from './body.repository';
import { DelegationRepository } from './delegation.repository';
import { DirectoryAccess } from './directory-access.service';
import { DirectoryChangeRepository } from './directory-change.repository';
import { DirectoryRepository } from './directory.repository';
import { MembershipSubstituteRepository } from './membership-substitute.repository';
import { MembershipRepository } from './membership.repository';
import { OfficeRepository } from './office.repository';
import { OrganisationRepository } from './organisation.repository';
import { PersonNamesRepository } from './person-names.repository';
import { PersonRepository } from './person.repository';
import { TenantDirectoryRepository } from './tenant-directory.repository';
import { TenantRepository } from './tenant.repository';

/** The directory's repositories: each holds all the SQL of its tables (issue #14). */
export const DIRECTORY_REPOSITORIES = [
  AbsenceRepository,
  ApiKeyRepository,
  BodyRulesRepository,
  BodyRepository,
  DelegationRepository,
  DirectoryChangeRepository,
  DirectoryRepository,
  MembershipSubstituteRepository,
  MembershipRepository,
  OfficeRepository,
  OrganisationRepository,
  PersonNamesRepository,
  PersonRepository,
  TenantDirectoryRepository,
  TenantRepository,
];

/**
 * The directory's repositories, provided once and injected wherever they are read or written, and
 * who may keep and read the directory (DirectoryAccess), which every directory use case takes.
 */
const PROVIDED = [...DIRECTORY_REPOSITORIES, DirectoryAccess];

@Module({ providers: PROVIDED, exports: PROVIDED })
export class DirectoryModule {}
