import type { RoleBinding } from './authority.service';
import { refuse, type Refusal } from './governance.errors';
import { calendarDayInWords, endOfLondonDay, londonTime } from './working-day-calendar.service';

/**
 * Absence cover (issue #15, docs/adr/0033): who may cover for whom, on which days, and which of a
 * case's roles the cover takes. Pure rules over the directory's facts; each refusal names its rule
 * and says in words what to change.
 */

export type AbsenceRule =
  | 'ABSENCE_ENDS_BEFORE_IT_STARTS'
  | 'ABSENCE_STARTS_IN_THE_PAST'
  | 'DEPUTY_IS_THE_PERSON_AWAY'
  | 'DEPUTY_HAS_NO_SUITABLE_DELEGATION'
  | 'DEPUTY_IS_AWAY'
  | 'ABSENCE_OVERLAPS_ANOTHER'
  | 'ABSENCE_WHILE_COVERING';

/** A delegation as cover reads it: who granted it, to which office, for what, and when in force. */
export interface CoverDelegation {
  id: string;
  delegatorBodyId: string | null;
  delegatorOfficeId: string | null;
  grantorName: string;
  delegateOfficeId: string;
  delegateOfficeTitle: string;
  scope: string;
  reference: string;
  validFrom: Date;
  /** Exclusive: not in force from this instant. */
  validUntil: Date | null;
  revokedAt: Date | null;
}

/** Another absence, of the person away or of the deputy, already on the record. */
export interface OtherAbsence {
  personId: string;
  deputyPersonId: string;
  firstDay: string;
  lastDay: string;
}

export interface AbsenceFacts {
  today: string;
  firstDay: string;
  lastDay: string;
  person: { id: string; name: string };
  deputy: { id: string; name: string };
  /** Offices the person away holds on the first day. */
  personOfficeIds: string[];
  /** Delegations to those offices in force on the first day. */
  personDelegations: CoverDelegation[];
  /** Delegations to offices the deputy holds on the first day. */
  deputyDelegations: CoverDelegation[];
  /** Absences not cancelled of either of them that overlap the days asked for (this one excluded). */
  overlapping: OtherAbsence[];
}

const inWords = calendarDayInWords;

/** In force from the start of the first day to the end of the last (London). */
export function inForceThroughout(d: CoverDelegation, firstDay: string, lastDay: string): boolean {
  const from = londonTime(firstDay, 0);
  const until = endOfLondonDay(lastDay);
  return (
    d.validFrom <= from &&
    (d.validUntil === null || d.validUntil >= until) &&
    (d.revokedAt === null || d.revokedAt >= until)
  );
}

/** In force at the instant `at`: begun, not expired, not revoked. */
export function inForceAt(d: CoverDelegation, at: Date): boolean {
  return (
    d.validFrom <= at &&
    (d.validUntil === null || d.validUntil > at) &&
    (d.revokedAt === null || d.revokedAt > at)
  );
}

const sameGrantor = (a: CoverDelegation, b: CoverDelegation) =>
  (a.delegatorBodyId !== null && a.delegatorBodyId === b.delegatorBodyId) ||
  (a.delegatorOfficeId !== null && a.delegatorOfficeId === b.delegatorOfficeId);

/**
 * Whether `d` lets its delegate cover for the person: granted by an office the person holds, or
 * by the same grantor for the same scope as a delegation the person holds (the Board delegating
 * the plan's approval to its Chair and to its Vice-Chair).
 */
export function coversFor(
  d: CoverDelegation,
  personOfficeIds: string[],
  personDelegations: CoverDelegation[],
): boolean {
  if (d.delegatorOfficeId && personOfficeIds.includes(d.delegatorOfficeId)) return true;
  return personDelegations.some((p) => p.id !== d.id && p.scope === d.scope && sameGrantor(p, d));
}

/** The deputy's delegations that are suitable for the whole absence, best first (by reference). */
export function suitableDelegations(f: AbsenceFacts): CoverDelegation[] {
  return f.deputyDelegations
    .filter((d) => inForceThroughout(d, f.firstDay, f.lastDay))
    .filter((d) => coversFor(d, f.personOfficeIds, f.personDelegations))
    .sort((a, b) => a.reference.localeCompare(b.reference) || a.id.localeCompare(b.id));
}

/**
 * An absence checked: the days, the deputy, and the delegation the deputy covers under (the one
 * asked for, or the first suitable). The first rule broken refuses it; nothing is written.
 */
export function checkAbsence(
  f: AbsenceFacts,
  delegationId?: string,
): { ok: true; delegation: CoverDelegation } | Refusal<AbsenceRule> {
  const days = `from ${inWords(f.firstDay)} to ${inWords(f.lastDay)}`;
  if (f.lastDay < f.firstDay)
    return refuse('ABSENCE_ENDS_BEFORE_IT_STARTS', [
      `The last day away, ${inWords(f.lastDay)}, is before the first, ${inWords(f.firstDay)}: give a last day on or after the first.`,
    ]);
  if (f.firstDay < f.today)
    return refuse('ABSENCE_STARTS_IN_THE_PAST', [
      `The first day away, ${inWords(f.firstDay)}, has passed: give today, ${inWords(f.today)}, or a later day.`,
    ]);
  if (f.deputy.id === f.person.id)
    return refuse('DEPUTY_IS_THE_PERSON_AWAY', [
      `${f.person.name} cannot cover their own absence: choose someone else as deputy.`,
    ]);
  const mine = f.overlapping.find((a) => a.personId === f.person.id);
  if (mine)
    return refuse('ABSENCE_OVERLAPS_ANOTHER', [
      `${f.person.name} is already away from ${inWords(mine.firstDay)} to ${inWords(mine.lastDay)}: change or cancel that absence, or choose other days.`,
    ]);
  const deputyAway = f.overlapping.find((a) => a.personId === f.deputy.id);
  if (deputyAway)
    return refuse('DEPUTY_IS_AWAY', [
      `${f.deputy.name} is away themselves from ${inWords(deputyAway.firstDay)} to ${inWords(deputyAway.lastDay)}: choose a deputy who is at work ${days}.`,
    ]);
  const covering = f.overlapping.find((a) => a.deputyPersonId === f.person.id);
  if (covering)
    return refuse('ABSENCE_WHILE_COVERING', [
      `${f.person.name} covers for someone else from ${inWords(covering.firstDay)} to ${inWords(covering.lastDay)}: that absence needs another deputy first, or choose other days.`,
    ]);
  const suitable = suitableDelegations(f).filter((d) => !delegationId || d.id === delegationId);
  if (suitable.length === 0)
    return refuse('DEPUTY_HAS_NO_SUITABLE_DELEGATION', [
      `${f.deputy.name} holds no delegation in force ${days} from an office ${f.person.name} holds, or from the same grantor for the same work as one ${f.person.name} holds.`,
      'Choose a deputy who does, or ask an administrator to grant one in the scheme of delegation.',
    ]);
  return { ok: true, delegation: suitable[0] };
}

/** What a case's role becomes while its holder is away: the binding the deputy holds it by. */
export function coverBinding(
  binding: RoleBinding | undefined,
  roleBinds: 'office' | 'delegation',
  cover: CoverDelegation,
  personOfficeIds: string[],
  caseDelegations: CoverDelegation[],
): RoleBinding | null {
  if (!binding) return null;
  if (binding.kind === 'office' && roleBinds === 'office') {
    const granted = personOfficeIds.includes(binding.officeId);
    return granted && cover.delegatorOfficeId === binding.officeId
      ? { kind: 'office', officeId: cover.delegateOfficeId }
      : null;
  }
  if (binding.kind === 'delegation' && roleBinds === 'delegation') {
    const held = caseDelegations.find((d) => d.id === binding.delegationId);
    if (!held || !personOfficeIds.includes(held.delegateOfficeId)) return null;
    return held.scope === cover.scope && sameGrantor(held, cover)
      ? { kind: 'delegation', delegationId: cover.id }
      : null;
  }
  return null;
}
