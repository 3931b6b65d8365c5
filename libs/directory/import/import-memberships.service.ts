import { BodyRepository } from '../body.repository';
import { tenantScope, scopeOf } from '../../core/tenant-scope';
import { MembershipRepository } from '../membership.repository';
import { PersonRepository } from '../person.repository';
import { AddMembershipUseCase } from '../use-cases/add-membership.use-case';
import { ChangeMembershipUseCase } from '../use-cases/change-membership.use-case';
import { MEMBERSHIP_ROLES } from '../use-cases/membership-rules.service';
import { csvDate, csvYesNo, type CsvRow } from './directory-csv.service';
import { FirstSeen, ImportRun, lineWrite } from './directory-import-lines.service';
import { Injectable } from '@nestjs/common';

const COLUMN_OF: Record<string, string> = {
  personId: 'person_email',
  constituency: 'constituency',
  role: 'role',
  voting: 'voting',
  validFrom: 'valid_from',
  validUntil: 'valid_until',
  source: 'source',
};

/**
 * memberships.csv: a seat per line, found by body (its name), person (their email) and first day.
 * A new one seats the person; a known one changes what differs (constituency, role, voting, last
 * day, source); a line that matches the directory changes nothing. People and bodies may be new in the
 * same import: their files are imported first, in the same transaction.
 */
@Injectable()
export class ImportMembershipsService {
  constructor(
    private readonly bodies: BodyRepository,
    private readonly people: PersonRepository,
    private readonly seats: MembershipRepository,
    private readonly add: AddMembershipUseCase,
    private readonly change: ChangeMembershipUseCase,
  ) {}

  async import(run: ImportRun, rows: CsvRow[]): Promise<void> {
    const { bodies, people, seats, add, change } = this;
    const terms = new FirstSeen();
    for (const { line, cells } of rows) {
      const at = { file: 'memberships' as const, line };
      const problem = (column: string | null, message: string) =>
        run.problems.push({ ...at, column, message });
      const before = run.problems.length;
      const body = cells.body
        ? await bodies.withName(tenantScope(run.tenantId), run.m, cells.body, null)
        : null;
      if (!cells.body) problem('body', 'give the body’s name');
      else if (!body)
        problem(
          'body',
          `there is no body called “${cells.body}” in your council’s directory: add it first (in bodies.csv or on the Bodies page)`,
        );
      const person = cells.person_email
        ? await people.withEmail(tenantScope(run.tenantId), run.m, cells.person_email, null)
        : null;
      if (!cells.person_email) problem('person_email', 'give the email of the person who sits');
      else if (!person)
        problem(
          'person_email',
          `nobody in your council’s directory has the email ${cells.person_email}: add them first (in people.csv or on the People page)`,
        );
      const from = cells.valid_from ? csvDate(cells.valid_from) : null;
      if (!from) problem('valid_from', 'give the first day of the term');
      else if ('error' in from) problem('valid_from', from.error);
      const until = cells.valid_until ? csvDate(cells.valid_until) : null;
      if (until && 'error' in until) problem('valid_until', until.error);
      const role = (cells.role || 'member').toLowerCase().replace(/[\s-]+/g, '_');
      if (!(MEMBERSHIP_ROLES as readonly string[]).includes(role))
        problem('role', `role is one of ${MEMBERSHIP_ROLES.join(', ')}, not “${cells.role}”`);
      const voting = csvYesNo(cells.voting ?? '', 'voting');
      if ('error' in voting) problem('voting', voting.error);
      if (body && person && from && 'date' in from) {
        const first = terms.before(`${body.id}|${person.id}|${from.date}`, line);
        if (first !== null)
          problem(
            null,
            `line ${first} seats ${person.name} on ${body.name} from the same day: give each seat one line`,
          );
      }
      if (run.problems.length > before || !body || !person || !from || 'error' in from) continue;
      if ((until && 'error' in until) || 'error' in voting) continue;

      const wanted = {
        constituency: cells.constituency || null,
        role,
        voting: voting.value ?? role !== 'non_voting',
        validUntil: until?.date ?? null,
        // A file without the column (one exported before it was kept) leaves each seat's source alone.
        ...(cells.source === undefined ? {} : { source: cells.source.trim() || null }),
      };
      const record = `${person.name} on ${body.name} from ${from.date}`;
      const known = (await seats.ofBody(scopeOf(run), run.m, body.id)).find(
        (s) => s.personId === person.id && s.validFrom === from.date,
      );
      if (!known) {
        await lineWrite(run, at, COLUMN_OF, () =>
          add
            .add(
              body.id,
              { personId: person.id, validFrom: from.date, ...wanted },
              run.actor,
              run.m,
            )
            .then(() => undefined),
        );
        if (run.problems.length === before) run.lines.push({ ...at, action: 'added', record });
        continue;
      }
      const differs = Object.fromEntries(
        (Object.keys(wanted) as (keyof typeof wanted)[])
          .filter((k) => wanted[k] !== known[k])
          .map((k) => [k, wanted[k]]),
      );
      if (Object.keys(differs).length === 0) {
        run.lines.push({ ...at, action: 'unchanged', record });
        continue;
      }
      await lineWrite(run, at, COLUMN_OF, () =>
        change
          .change(known.id, { expectedVersion: known.version, ...differs }, run.actor, run.m)
          .then(() => undefined),
      );
      if (run.problems.length === before) run.lines.push({ ...at, action: 'changed', record });
    }
  }
}
