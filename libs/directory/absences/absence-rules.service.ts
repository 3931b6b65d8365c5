import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { tenantScope } from '../../core/tenant-scope';
import { GovernanceRuleError, NotAuthorisedError } from '../../errors/domain.errors';
import {
  checkAbsence,
  type AbsenceRule,
  type CoverDelegation,
} from '../../governance/absence-cover.service';
import { londonTime } from '../../governance/working-day-calendar.service';
import type { DirectoryAccess } from '../directory-access.service';
import type { DirectoryActor } from '../directory-change.repository';
import type { PersonRepository } from '../person.repository';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import type { AbsenceRecord, AbsenceRepository } from './absence.repository';

/** The field each rule judges, for the problems a form shows beside it. */
const FIELD: Record<AbsenceRule, string> = {
  ABSENCE_ENDS_BEFORE_IT_STARTS: 'lastDay',
  ABSENCE_STARTS_IN_THE_PAST: 'firstDay',
  DEPUTY_IS_THE_PERSON_AWAY: 'deputyPersonId',
  DEPUTY_HAS_NO_SUITABLE_DELEGATION: 'deputyPersonId',
  DEPUTY_IS_AWAY: 'deputyPersonId',
  ABSENCE_OVERLAPS_ANOTHER: 'firstDay',
  ABSENCE_WHILE_COVERING: 'firstDay',
};

/** An absence as the API shows it. */
export interface AbsenceView {
  id: string;
  person: { id: string; name: string };
  deputy: { id: string; name: string };
  delegation: AbsenceRecord['delegation'];
  firstDay: string;
  lastDay: string;
  note: string | null;
  /** Whether the person's open requests have gone to the deputy (on the first day). */
  covered: boolean;
  cancelled: boolean;
  version: number;
}

export const absenceView = (a: AbsenceRecord): AbsenceView => ({
  id: a.id,
  person: a.person,
  deputy: a.deputy,
  delegation: a.delegation,
  firstDay: a.firstDay,
  lastDay: a.lastDay,
  note: a.note,
  covered: a.coveredAt !== null,
  cancelled: a.cancelledAt !== null,
  version: a.version,
});

/**
 * Who may record or change a person's absence: the person, or an administrator on their behalf.
 * Returns the directory actor the record of changes names.
 */
export async function absenceRecorder(
  access: DirectoryAccess,
  m: EntityManager,
  actor: Actor,
  personId: string,
  today: string,
): Promise<DirectoryActor> {
  if (actor.kind !== 'person')
    throw new NotAuthorisedError('A person records an absence: sign in as yourself.');
  if (actor.person.id === personId)
    return { kind: 'person', personId: actor.person.id, name: actor.person.name };
  try {
    return await access.administrator(m, actor, today);
  } catch {
    throw new NotAuthorisedError(
      'You can record only your own absence; an administrator records one on someone’s behalf.',
    );
  }
}

/** A person of the council who has not left by `day`, or 404. */
export async function personOf(
  people: PersonRepository,
  m: EntityManager,
  tenantId: string,
  id: string,
  day: string,
  subject: string,
): Promise<{ id: string; name: string }> {
  const p = await people.notLeftBy(tenantScope(tenantId), m, id, day);
  if (!p) throw new DirectoryRecordNotFoundError(subject, id);
  return p;
}

/**
 * The days, the deputy and their delegation checked against the directory as it stands (the
 * person's offices and delegations on the first day, the deputy's); the delegation the deputy
 * covers under, or GOVERNANCE_RULE_BROKEN naming the rule, nothing written.
 */
export async function checkedCover(
  absences: AbsenceRepository,
  m: EntityManager,
  tenantId: string,
  a: {
    person: { id: string; name: string };
    deputy: { id: string; name: string };
    firstDay: string;
    lastDay: string;
    delegationId?: string;
    exceptId: string | null;
  },
  today: string,
): Promise<CoverDelegation> {
  const scope = tenantScope(tenantId);
  const ordered = a.lastDay < a.firstDay ? a.firstDay : a.lastDay;
  // One after another: `m` is one connection in a transaction, which runs one query at a time.
  const personOfficeIds = await absences.officesHeld(scope, m, a.person.id, a.firstDay);
  const deputyOfficeIds = await absences.officesHeld(scope, m, a.deputy.id, a.firstDay);
  const overlapping = await absences.overlapping(
    scope,
    m,
    [a.person.id, a.deputy.id],
    a.firstDay,
    ordered,
    a.exceptId,
  );
  const since = londonTime(a.firstDay, 0);
  const personDelegations = await absences.delegationsTo(scope, m, personOfficeIds, since);
  const deputyDelegations = await absences.delegationsTo(scope, m, deputyOfficeIds, since);
  const verdict = checkAbsence(
    {
      today,
      firstDay: a.firstDay,
      lastDay: a.lastDay,
      person: a.person,
      deputy: a.deputy,
      personOfficeIds,
      personDelegations,
      deputyDelegations,
      overlapping,
    },
    a.delegationId,
  );
  if (verdict.ok) return verdict.delegation;
  const [first] = verdict.explanation;
  throw new GovernanceRuleError(
    verdict.code,
    `${first} Nothing was changed.`,
    verdict.explanation,
    {
      problems: [{ path: FIELD[verdict.code], message: first }],
    },
  );
}
