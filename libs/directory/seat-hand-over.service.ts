import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { BodySeat } from '../governance/authority.service';
import type { HandedOver } from './office-hand-over.service';

/** A body's chair or vice-chair on a day changed, by a directory change now on the record. */
export interface SeatHolderChange {
  tenantId: string;
  bodyId: string;
  bodyName: string;
  seat: BodySeat;
  /** When the change was made, and the London date on which the seat's holder changed: today. */
  at: Date;
  on: string;
  from: { personId: string; name: string } | null;
  to: { personId: string; name: string };
  /** The directory change that made it (its sequence number in the council's record). */
  directoryChangeSeq: number;
}

/**
 * What happens to open cases when a body's chair or vice-chair changes hands (a seat ended, a new
 * one begun, a member made chair): as for an office (office-hand-over.service.ts), the cases whose
 * roles are bound to the seat hand their awaited requests to its new holder, in the transaction
 * that changed the directory (libs/engine/hand-over-requests.service.ts). Declared here so that
 * the directory does not depend on the engine.
 */
export abstract class SeatHandOver {
  abstract handOverSeat(
    m: EntityManager,
    change: SeatHolderChange,
    actor: Actor,
  ): Promise<HandedOver[]>;
}
