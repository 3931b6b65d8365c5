import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { tenantScope } from '../../core/tenant-scope';
import type { BodySeat } from '../../governance/authority.service';
import type { HandedOver } from '../office-hand-over.service';
import type { MembershipRepository, MembershipRecord } from '../membership.repository';
import type { SeatHandOver } from '../seat-hand-over.service';

export type SeatHolders = Partial<Record<BodySeat, { personId: string; name: string }>>;

const SEATS: BodySeat[] = ['chair', 'vice_chair'];

/** Who holds the body's chair and vice-chair on `day`, as its memberships say. */
export function seatHoldersIn(memberships: MembershipRecord[], day: string): SeatHolders {
  const out: SeatHolders = {};
  for (const ms of memberships)
    if (
      (ms.role === 'chair' || ms.role === 'vice_chair') &&
      ms.validFrom <= day &&
      (ms.validUntil === null || ms.validUntil >= day)
    )
      out[ms.role] = { personId: ms.personId, name: ms.personName };
  return out;
}

/** The body's chair and vice-chair on `day`, read inside the caller's transaction. */
export async function seatHoldersOn(
  memberships: MembershipRepository,
  m: EntityManager,
  tenantId: string,
  bodyId: string,
  day: string,
): Promise<SeatHolders> {
  return seatHoldersIn(await memberships.ofBody(tenantScope(tenantId), m, bodyId), day);
}

/**
 * After a seat was written: for each of the body's chair and vice-chair whose holder today is now
 * someone else, its open cases' awaited requests go to them (SeatHandOver, in the same
 * transaction), as an office's do when it changes holder. A seat that starts on a later day hands
 * over on that day (the worker's scheduled hand-over).
 */
export async function handOverIfSeatsChanged(
  memberships: MembershipRepository,
  m: EntityManager,
  handOver: SeatHandOver | undefined,
  c: {
    tenantId: string;
    body: { id: string; name: string };
    today: string;
    at: Date;
    before: SeatHolders;
    actor: Actor;
    /** The directory change behind it, or per seat the change that began or ended its holder's term. */
    directoryChangeSeq: number | Record<BodySeat, number>;
    /** Hand over whoever holds the seat today, changed or not (the worker catching up a missed day). */
    always?: boolean;
  },
): Promise<HandedOver[]> {
  if (!handOver) return [];
  const after = await seatHoldersOn(memberships, m, c.tenantId, c.body.id, c.today);
  const out: HandedOver[] = [];
  for (const seat of SEATS) {
    const to = after[seat];
    const same = c.before[seat]?.personId === to?.personId;
    if (!to || (same && !c.always)) continue;
    const from = same ? null : (c.before[seat] ?? null);
    out.push(
      ...(await handOver.handOverSeat(
        m,
        {
          tenantId: c.tenantId,
          bodyId: c.body.id,
          bodyName: c.body.name,
          seat,
          at: c.at,
          on: c.today,
          from,
          to,
          directoryChangeSeq:
            typeof c.directoryChangeSeq === 'number'
              ? c.directoryChangeSeq
              : c.directoryChangeSeq[seat],
        },
        c.actor,
      )),
    );
  }
  return out;
}
