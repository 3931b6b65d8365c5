import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { zodProblems } from '../../core/zod-problems.service';
import { PersonRepository } from '../../directory/person.repository';
import {
  DomainError,
  GovernanceRuleError,
  InvalidInputError,
  NotAuthorisedError,
} from '../../errors/domain.errors';
import { validateDispensation } from '../../governance/interests.service';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { DispensationsRepository, type DispensationView } from '../dispensations.repository';

const isoDate = calendarDate('use a calendar date such as 2025-09-04');
/** The body of a grant: exported for the OpenAPI document. */
export const grant = z
  .object({
    personId: z.string().uuid('personId is the id of the person relieved'),
    grantor: z.string().trim().min(1, 'say who granted it').max(200),
    ground: z.enum(
      [
        'impedesTransactionOfBusiness',
        'politicalBalance',
        'inhabitantsInterests',
        'wholeExecutiveProhibited',
        'otherwiseAppropriate',
      ],
      {
        message: 'ground is one of the grounds of Localism Act 2011 s33(2)',
      },
    ),
    matters: z
      .array(z.string().trim().min(1).max(200))
      .min(1, 'name the matters (agenda item ids or subject tags) it covers')
      .max(50),
    relievesFrom: z
      .array(z.enum(['discussion', 'vote']))
      .min(1, 'say whether it relieves from discussion, vote or both'),
    grantedOn: isoDate,
    endsOn: isoDate,
  })
  .strict();

const NOT_IN_DIRECTORY = 'not a person in your council’s directory';

/** An officer records a dispensation; a grant that breaks a rule (e.g. over 4 years) is refused with its code. */
@Injectable()
export class GrantDispensationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly dispensations: DispensationsRepository,
    private readonly people: PersonRepository,
  ) {}

  async grant(input: unknown, actor: Actor): Promise<DispensationView> {
    if (actor.kind !== 'person' || !actor.person.isOfficer)
      throw new NotAuthorisedError('Dispensations are recorded by an officer.');
    const parsed = grant.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError(
        'The dispensation is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const g = parsed.data;
    const id = randomUUID();
    const v = validateDispensation({ id, ...g });
    if (!v.ok)
      throw new GovernanceRuleError(
        v.code,
        `The dispensation is not valid: ${v.explanation.join('; ')}.`,
        v.explanation,
      );
    if (!(await this.people.find(scopeOf(actor), this.ds.manager, g.personId)))
      throw new DomainError(
        'INVALID_INPUT',
        'No such person',
        // Its id only at its field: the meeting page shows this sentence.
        'The person named is not in your council’s directory: choose someone it holds.',
        { problems: [{ path: 'personId', message: NOT_IN_DIRECTORY }] },
      );
    await this.dispensations.insert(
      scopeOf(actor),
      this.ds.manager,
      { id, ...g },
      this.clock.now(),
    );
    return { id, ...g, revokedOn: null };
  }
}
