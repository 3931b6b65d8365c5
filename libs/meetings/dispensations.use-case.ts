import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import {
  DomainError,
  GovernanceRuleError,
  InvalidInputError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { validateDispensation } from '../governance/interests.service';
import { calendarDate } from '../governance/working-day-calendar.service';

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

export interface DispensationView {
  id: string;
  personId: string;
  grantor: string;
  ground: string;
  matters: string[];
  relievesFrom: string[];
  grantedOn: string;
  endsOn: string;
  revokedOn: string | null;
}

/** The register of dispensations; a grant is refused with its rule's code when it breaks one (e.g. over 4 years). */
@Injectable()
export class DispensationsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
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
    const [person]: unknown[] = await this.ds.query(
      'SELECT 1 FROM people WHERE tenant_id = $1 AND id = $2',
      [actor.tenantId, g.personId],
    );
    if (!person)
      throw new DomainError(
        'INVALID_INPUT',
        'No such person',
        `There is no person ${g.personId} in your organisation.`,
      );
    await this.ds.query(
      `INSERT INTO dispensations (id, tenant_id, person_id, grantor, ground, matters, relieves_from, granted_on, ends_on, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        actor.tenantId,
        g.personId,
        g.grantor,
        g.ground,
        g.matters,
        g.relievesFrom,
        g.grantedOn,
        g.endsOn,
        this.clock.now(),
      ],
    );
    return { id, ...g, revokedOn: null };
  }

  async list(tenantId: string, personId?: string): Promise<DispensationView[]> {
    return this.ds.query(
      `SELECT id, person_id AS "personId", grantor, ground, matters, relieves_from AS "relievesFrom", granted_on::text AS "grantedOn",
              ends_on::text AS "endsOn", revoked_on::text AS "revokedOn"
         FROM dispensations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR person_id = $2::uuid) ORDER BY granted_on, id`,
      [tenantId, personId ?? null],
    );
  }
}
