import { OrganisationRepository } from '../organisation.repository';
import { tenantScope, scopeOf } from '../../core/tenant-scope';
import { PersonRepository } from '../person.repository';
import { ChangePersonUseCase } from '../use-cases/change-person.use-case';
import { CreatePersonUseCase } from '../use-cases/create-person.use-case';
import { personEmail, personName } from '../use-cases/person-rules.service';
import { csvDate, csvYesNo, type CsvRow } from './directory-csv.service';
import { FirstSeen, ImportRun, lineWrite } from './directory-import-lines.service';
import { Injectable } from '@nestjs/common';

/** The use cases' fields as the file's columns, for their refusals. */
const COLUMN_OF: Record<string, string> = {
  name: 'name',
  email: 'email',
  organisationId: 'organisation',
  isElectedMember: 'elected_member',
  isOfficer: 'officer',
  on: 'left_on',
};

/**
 * people.csv: a person per line, found by email (any case). A new email adds the person; a known
 * one changes what differs (name, organisation, elected member, officer) and marks them left from
 * `left_on`; a line that matches the directory changes nothing.
 */
@Injectable()
export class ImportPeopleService {
  constructor(
    private readonly people: PersonRepository,
    private readonly organisations: OrganisationRepository,
    private readonly create: CreatePersonUseCase,
    private readonly change: ChangePersonUseCase,
  ) {}

  async import(run: ImportRun, rows: CsvRow[]): Promise<void> {
    const { people, organisations, create, change } = this;
    const emails = new FirstSeen();
    for (const { line, cells } of rows) {
      const problem = (column: string | null, message: string) =>
        run.problems.push({ file: 'people', line, column, message });
      const before = run.problems.length;
      const name = personName.safeParse(cells.name ?? '');
      if (!name.success) problem('name', name.error.issues[0].message);
      const email = personEmail.safeParse(cells.email ?? '');
      if (!email.success) problem('email', email.error.issues[0].message);
      else {
        const first = emails.before(email.data.toLowerCase(), line);
        if (first !== null)
          problem(
            'email',
            `the email ${email.data} is on line ${first} too: give each person one line`,
          );
      }
      let organisationId: string | null = null;
      if (cells.organisation) {
        const org = await organisations.findByName(scopeOf(run), run.m, cells.organisation);
        if (!org)
          problem(
            'organisation',
            `there is no organisation called “${cells.organisation}” in your council’s directory: add it first or use the name it has there`,
          );
        else organisationId = org.id;
      }
      const elected = csvYesNo(cells.elected_member ?? '', 'elected_member');
      if ('error' in elected) problem('elected_member', elected.error);
      const officer = csvYesNo(cells.officer ?? '', 'officer');
      if ('error' in officer) problem('officer', officer.error);
      const left = cells.left_on ? csvDate(cells.left_on) : null;
      if (left && 'error' in left) problem('left_on', left.error);
      if (run.problems.length > before || !name.success || !email.success) continue;
      if ('error' in elected || 'error' in officer || (left && 'error' in left)) continue;

      const wanted = {
        name: name.data,
        email: email.data,
        organisationId,
        isElectedMember: elected.value ?? false,
        isOfficer: officer.value ?? false,
      };
      const leftOn = left?.date ?? null;
      const record = `${wanted.name} (${wanted.email})`;
      const at = { file: 'people' as const, line };
      const known = await people.withEmail(tenantScope(run.tenantId), run.m, wanted.email, null);
      if (!known) {
        await lineWrite(run, at, COLUMN_OF, async () => {
          const created = await create.create(wanted, run.actor, run.m);
          if (leftOn)
            await change.markLeft(
              created.id,
              { expectedVersion: created.version, on: leftOn },
              run.actor,
            );
        });
        if (run.problems.length === before) run.lines.push({ ...at, action: 'added', record });
        continue;
      }
      if (known.leftOn && leftOn === null) {
        problem(
          'left_on',
          `${known.name} left on ${known.leftOn}: a file does not bring a person back, so write ${known.leftOn} here`,
        );
        continue;
      }
      const differs = Object.fromEntries(
        (Object.keys(wanted) as (keyof typeof wanted)[])
          .filter((k) => wanted[k] !== known[k])
          .map((k) => [k, wanted[k]]),
      );
      if (Object.keys(differs).length === 0 && leftOn === known.leftOn) {
        run.lines.push({ ...at, action: 'unchanged', record });
        continue;
      }
      await lineWrite(run, at, COLUMN_OF, async () => {
        let version = known.version;
        if (Object.keys(differs).length > 0)
          version = (
            await change.change(
              known.id,
              { expectedVersion: version, ...differs },
              run.actor,
              run.m,
            )
          ).version;
        if (leftOn !== known.leftOn)
          await change.markLeft(
            known.id,
            { expectedVersion: version, on: leftOn },
            run.actor,
            run.m,
          );
      });
      if (run.problems.length === before) run.lines.push({ ...at, action: 'changed', record });
    }
  }
}
