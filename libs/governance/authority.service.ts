/**
 * Who may act, and under what. A person acts in a role on a case because they hold the office
 * bound to the role, or hold the office a delegation names (valid now, in scope, not revoked), or
 * are a democratic support officer. The authority found is what the audit records.
 */

export type RoleBinding =
  | { kind: 'office'; officeId: string }
  | { kind: 'delegation'; delegationId: string }
  | { kind: 'officers' }
  /** Whoever holds the seat (chair or vice-chair) on the body on the day: the directory's members. */
  | { kind: 'seat'; bodyId: string; seat: BodySeat }
  /**
   * A member of the body named on the case after it opened (the member who presided at the
   * meeting that approved the minutes, who signs them): that person, whatever their seat.
   */
  | { kind: 'member'; bodyId: string; personId: string };

/** The seats a role may be bound to: a body's chair and its vice-chair (memberships' roles). */
export type BodySeat = 'chair' | 'vice_chair';

export const SEAT_NAMES: Record<BodySeat, string> = { chair: 'Chair', vice_chair: 'Vice-chair' };

/** Who holds a body's chair or vice-chair on the day, as the directory's memberships say. */
export interface SeatFact {
  bodyId: string;
  bodyName: string;
  seat: BodySeat;
  personId: string;
  personName: string;
}

export interface OfficeFact {
  id: string;
  title: string;
  holderPersonId: string | null;
  /** The organisation the office is of, by name and kind (the directory's `OrganisationKind`). */
  organisationName?: string;
  organisationKind?: string;
}

export interface DelegationFact {
  id: string;
  /** The most that may be committed under it, in pounds; null: no limit. */
  amountLimit?: number | null;
  /** Conditions on acting under it, as the delegation-limits rules take them. */
  conditions?: unknown[];
  delegateOfficeId: string;
  delegateOfficeTitle: string;
  delegatorBodyName: string;
  scope: string;
  reference: string;
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
}

export interface ActorFacts {
  personId: string;
  isOfficer: boolean;
  offices: OfficeFact[];
  delegations: DelegationFact[];
  /** The chairs and vice-chairs of the bodies the case's roles name (absent: none). */
  seats?: SeatFact[];
}

export type Authority =
  | { kind: 'office'; role: string; officeId: string; officeTitle: string }
  | {
      kind: 'delegation';
      role: string;
      delegationId: string;
      delegatorBody: string;
      officeTitle: string;
      scope: string;
      reference: string;
    }
  | { kind: 'officer'; role: string }
  | {
      kind: 'seat';
      role: string;
      bodyId: string;
      bodyName: string;
      seat: BodySeat;
      /** For the vice-chair: the chair on the day, in whose place the vice-chair acts. */
      inPlaceOf?: string;
    }
  | { kind: 'member'; role: string; bodyId: string }
  | { kind: 'system'; role: 'system'; job: string };

export function isDelegationInForce(d: DelegationFact, at: Date, scope: string): boolean {
  if (d.scope !== scope) return false;
  if (d.revokedAt && d.revokedAt <= at) return false;
  if (d.validFrom > at) return false;
  return !(d.validUntil && d.validUntil <= at);
}

/** The authority under which `actor` may act in `role`, or null when they have none. */
export function authorityFor(
  role: string,
  binding: RoleBinding | undefined,
  actor: ActorFacts,
  at: Date,
  delegationScope: string | undefined,
): Authority | null {
  if (!binding) return null;
  switch (binding.kind) {
    case 'officers':
      return actor.isOfficer ? { kind: 'officer', role } : null;
    case 'office': {
      const office = actor.offices.find(
        (o) => o.id === binding.officeId && o.holderPersonId === actor.personId,
      );
      return office
        ? { kind: 'office', role, officeId: office.id, officeTitle: office.title }
        : null;
    }
    case 'seat': {
      const seats = actor.seats ?? [];
      const held = seats.find(
        (s) =>
          s.bodyId === binding.bodyId && s.seat === binding.seat && s.personId === actor.personId,
      );
      if (!held) return null;
      const chair = seats.find((s) => s.bodyId === binding.bodyId && s.seat === 'chair');
      return {
        kind: 'seat',
        role,
        bodyId: held.bodyId,
        bodyName: held.bodyName,
        seat: held.seat,
        ...(held.seat === 'vice_chair' && chair ? { inPlaceOf: chair.personName } : {}),
      };
    }
    case 'member':
      return binding.personId === actor.personId
        ? { kind: 'member', role, bodyId: binding.bodyId }
        : null;
    case 'delegation': {
      const d = actor.delegations.find((x) => x.id === binding.delegationId);
      if (!d || !delegationScope || !isDelegationInForce(d, at, delegationScope)) return null;
      const holds = actor.offices.some(
        (o) => o.id === d.delegateOfficeId && o.holderPersonId === actor.personId,
      );
      return holds
        ? {
            kind: 'delegation',
            role,
            delegationId: d.id,
            delegatorBody: d.delegatorBodyName,
            officeTitle: d.delegateOfficeTitle,
            scope: d.scope,
            reference: d.reference,
          }
        : null;
    }
  }
}
