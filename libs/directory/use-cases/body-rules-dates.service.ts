import { tenantScope } from '../../core/tenant-scope';
import type { EntityManager } from 'typeorm';
import { GovernanceRuleError } from '../../errors/domain.errors';
import {
  addDays,
  calendarDayInWords as inWords,
} from '../../governance/working-day-calendar.service';
import type { BodyRulesRepository } from '../body-rules.repository';

/**
 * The day a change of a body's rules takes effect. Given, or today (London) when not. A body
 * with no rules before gets its first, undated unless a day is given: no meeting can have been
 * held without rules. A change may take effect on a past day, when the council decided it before
 * anyone recorded it, or a future one (the next municipal year), but never on or before the day
 * of a meeting the body has already held (any meeting dated from that day to today): that meeting
 * was judged by the rules in force on its day, and its record must stay true to them.
 */
export async function dayRulesTakeEffect(
  rules: BodyRulesRepository,
  m: EntityManager,
  tenantId: string,
  body: { id: string; name: string },
  given: string | undefined,
  today: string,
): Promise<string | null> {
  if (!(await rules.any(tenantScope(tenantId), m, body.id))) return given ?? null;
  const from = given ?? today;
  if (from > today) return from;
  const met = await rules.lastMeetingBetween(tenantScope(tenantId), m, body.id, from, today);
  if (met)
    throw new GovernanceRuleError(
      'RULES_CHANGE_BEFORE_A_HELD_MEETING',
      `The ${body.name} met on ${inWords(met)} under the rules in force that day, so a change of its rules cannot take effect on ${inWords(from)}. Nothing was changed.`,
      [
        `the ${body.name} met on ${inWords(met)}: a meeting is judged by the rules in force on its day, and a change taking effect on or before a meeting already held would judge it again by other rules`,
        `choose ${inWords(addDays(met, 1))} or a later day for the new rules to take effect`,
      ],
      {
        problems: [
          { path: 'rulesInForceFrom', message: `choose ${inWords(addDays(met, 1))} or later` },
        ],
      },
    );
  return from;
}
