import { Injectable } from '@nestjs/common';
import { tenantScope } from '../../core/tenant-scope';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRulesRepository } from '../body-rules.repository';
import { BodyRepository } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { MembershipRepository } from '../membership.repository';
import { OrganisationRepository } from '../organisation.repository';
import { PersonRepository } from '../person.repository';
import { CSV_FILE_NAMES, writeCsv, yesNo, type CsvFile } from './directory-csv.service';
import { rulesForFile } from './import-bodies.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';

const ALL = { limit: 1_000_000, offset: 0 };

/**
 * An administrator exports the council's people, bodies or memberships as CSV, in the columns the
 * import reads: an exported file imports unchanged, and changes nothing.
 */
@Injectable()
export class DirectoryExportUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly organisations: OrganisationRepository,
    private readonly people: PersonRepository,
    private readonly bodies: BodyRepository,
    private readonly bodyRules: BodyRulesRepository,
    private readonly memberships: MembershipRepository,
  ) {}

  async export(file: string, actor: Actor): Promise<{ fileName: string; csv: string }> {
    if (!(CSV_FILE_NAMES as string[]).includes(file))
      throw new DirectoryRecordNotFoundError('export', `${file}.csv`);
    const kind = file as CsvFile;
    const today = londonDate(this.clock.now());
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      await this.access.administrator(m, actor, today);
      const t = actor.tenantId;
      const organisations = await this.organisations.list(tenantScope(t), m, ALL);
      const orgName = new Map(organisations.map((o) => [o.id, o.name]));
      let rows: Record<string, string>[];
      if (kind === 'people')
        rows = (await this.people.list(tenantScope(t), m, ALL)).map((p) => ({
          name: p.name,
          email: p.email,
          organisation: p.organisationId ? (orgName.get(p.organisationId) ?? '') : '',
          elected_member: yesNo(p.isElectedMember),
          officer: yesNo(p.isOfficer),
          left_on: p.leftOn ?? '',
        }));
      else if (kind === 'bodies') {
        const days = await this.bodyRules.latestDays(tenantScope(t), m);
        rows = (await this.bodies.list(tenantScope(t), m, ALL)).map((b) => ({
          name: b.name,
          kind: b.kind,
          // The latest rules and the day they take effect (none for a body's first rules).
          rules: b.rules ? rulesForFile(b.rules, (id) => orgName.get(id) ?? '') : '',
          rules_in_force_from: (b.rules && days.get(b.id)) || '',
        }));
      } else {
        const bodies = await this.bodies.list(tenantScope(t), m, ALL);
        const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
        const email = new Map(
          (await this.people.list(tenantScope(t), m, ALL)).map((p) => [p.id, p.email]),
        );
        rows = (await this.memberships.list(tenantScope(t), m, ALL))
          .map((s) => ({
            body: bodyName.get(s.bodyId) ?? '',
            person_email: email.get(s.personId) ?? '',
            constituency: s.constituency ?? '',
            role: s.role,
            voting: yesNo(s.voting),
            valid_from: s.validFrom,
            valid_until: s.validUntil ?? '',
            source: s.source ?? '',
          }))
          .sort(
            (a, b) =>
              a.body.localeCompare(b.body) ||
              a.valid_from.localeCompare(b.valid_from) ||
              a.person_email.localeCompare(b.person_email),
          );
      }
      return { fileName: `${kind}.csv`, csv: writeCsv(kind, rows) };
    });
  }
}
