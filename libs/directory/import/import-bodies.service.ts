import { canonicalize } from 'json-canonicalize';
import { tenantScope, scopeOf } from '../../core/tenant-scope';
import { bodyRulesSchema, type BodyRules } from '../../governance/body-rules.schema';
import { BodyRepository } from '../body.repository';
import { OrganisationRepository } from '../organisation.repository';
import { ChangeBodyUseCase } from '../use-cases/change-body.use-case';
import { CreateBodyUseCase } from '../use-cases/create-body.use-case';
import { londonDate } from '../../governance/working-day-calendar.service';
import { csvDate, type CsvRow } from './directory-csv.service';
import { FirstSeen, ImportRun, lineWrite } from './directory-import-lines.service';
import { Injectable } from '@nestjs/common';

const COLUMN_OF: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  rules: 'rules',
  rulesInForceFrom: 'rules_in_force_from',
};

/**
 * A body's rules as the file holds them: as the API takes them, but each constituency names its
 * organisation (`organisation`) instead of giving its id, so that a file reads, and moves between
 * councils, by names.
 */
export function rulesForFile(rules: BodyRules, organisationName: (id: string) => string): string {
  return JSON.stringify({
    ...rules,
    constituencies: rules.constituencies.map(({ organisationId, ...c }) => ({
      ...c,
      organisation: organisationId ? organisationName(organisationId) : null,
    })),
  });
}

/**
 * bodies.csv: a body per line, found by name (any case). A new name adds the body, which needs its
 * rules (as exported: JSON), its first; a known one changes its kind, or its rules from the day in
 * rules_in_force_from (today when empty) when the line gives rules that are not those in force on
 * that day, under the same rules as the Bodies page (never on or before a meeting the body has
 * held); a line that matches the directory changes nothing.
 */
@Injectable()
export class ImportBodiesService {
  constructor(
    private readonly bodies: BodyRepository,
    private readonly organisations: OrganisationRepository,
    private readonly create: CreateBodyUseCase,
    private readonly change: ChangeBodyUseCase,
  ) {}

  async import(run: ImportRun, rows: CsvRow[]): Promise<void> {
    const { bodies, organisations, create, change } = this;
    const names = new FirstSeen();
    for (const { line, cells } of rows) {
      const at = { file: 'bodies' as const, line };
      const problem = (column: string | null, message: string) =>
        run.problems.push({ ...at, column, message });
      const before = run.problems.length;
      const name = (cells.name ?? '').trim();
      if (!name) problem('name', 'give the body’s name');
      else {
        const first = names.before(name.toLowerCase(), line);
        if (first !== null)
          problem('name', `the body ${name} is on line ${first} too: give each body one line`);
      }
      let rules: unknown = undefined;
      if (cells.rules) {
        let given: unknown;
        try {
          given = JSON.parse(cells.rules);
        } catch {
          problem(
            'rules',
            'the rules are not written as exported (JSON): copy them from an export',
          );
        }
        if (given && typeof given === 'object' && !Array.isArray(given)) {
          const g = given as { constituencies?: unknown };
          const constituencies = Array.isArray(g.constituencies) ? g.constituencies : [];
          const named: unknown[] = [];
          for (const c of constituencies as Record<string, unknown>[]) {
            const { organisation, ...rest } = c ?? {};
            if (typeof organisation !== 'string' || organisation === '') {
              named.push({ ...rest, organisationId: null });
              continue;
            }
            const org = await organisations.findByName(scopeOf(run), run.m, organisation);
            if (!org)
              problem(
                'rules',
                `the constituency ${String(rest.key)} names “${organisation}”, which is not an organisation of your council’s directory`,
              );
            named.push({ ...rest, organisationId: org?.id ?? null });
          }
          rules = { ...g, constituencies: named };
        } else if (given !== undefined)
          problem(
            'rules',
            'the rules are not written as exported (JSON): copy them from an export',
          );
      }
      const dayCell = (cells.rules_in_force_from ?? '').trim();
      const day = dayCell ? csvDate(dayCell) : null;
      if (day && 'error' in day) problem('rules_in_force_from', day.error);
      else if (day && !cells.rules)
        problem(
          'rules_in_force_from',
          'give the rules that take effect on that day in the rules column, or leave rules_in_force_from empty',
        );
      const inForceFrom = day && 'date' in day ? day.date : undefined;
      if (run.problems.length > before) continue;

      const known = await bodies.withName(tenantScope(run.tenantId), run.m, name, null);
      const record = name;
      if (!known) {
        if (rules === undefined) {
          problem(
            'rules',
            `${name} is a new body: give its rules (as an export writes them), or add it on the Bodies page`,
          );
          continue;
        }
        if (inForceFrom && inForceFrom > londonDate(run.clock.now())) {
          // A new body's first rules hold from the day it is added, for every meeting it holds. A day
          // already come (another council's export: the day its latest rules took effect there)
          // changes nothing; a day to come would leave the body without rules until then.
          problem(
            'rules_in_force_from',
            `${name} is a new body: its first rules are in force from the day it is added, so leave rules_in_force_from empty or give a day not after today (a later import can change them from a day to come)`,
          );
          continue;
        }
        await lineWrite(run, at, COLUMN_OF, () =>
          create.create({ name, kind: cells.kind, rules }, run.actor, run.m).then(() => undefined),
        );
        if (run.problems.length === before) run.lines.push({ ...at, action: 'added', record });
        continue;
      }
      const body = (await bodies.find(tenantScope(run.tenantId), run.m, known.id))!;
      const parsed = rules === undefined ? null : bodyRulesSchema.safeParse(rules);
      const differs: Record<string, unknown> = {};
      if (body.name !== name) differs.name = name;
      if (body.kind !== cells.kind) differs.kind = cells.kind;
      if (parsed && !parsed.success)
        differs.rules = rules; // the use case says what is wrong
      else if (parsed) {
        // The rules in force on the line's day (today when it gives none): the same rules change nothing.
        const onDay = inForceFrom ?? londonDate(run.clock.now());
        const inForce = await bodies.rulesOf(tenantScope(run.tenantId), run.m, body.id, onDay);
        if (canonicalize(parsed.data) !== canonicalize(inForce?.rules ?? null)) {
          differs.rules = rules;
          if (inForceFrom) differs.rulesInForceFrom = inForceFrom;
        }
      }
      if (Object.keys(differs).length === 0) {
        run.lines.push({ ...at, action: 'unchanged', record });
        continue;
      }
      await lineWrite(run, at, COLUMN_OF, () =>
        change
          .change(body.id, { expectedVersion: body.version, ...differs }, run.actor, run.m)
          .then(() => undefined),
      );
      if (run.problems.length === before) run.lines.push({ ...at, action: 'changed', record });
    }
  }
}
