import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';

/** An office's holder on a day changed, by a directory change now on the record. */
export interface HolderChange {
  tenantId: string;
  officeId: string;
  officeTitle: string;
  /** When the change was made, and the London date on which the holder changed: today. */
  at: Date;
  on: string;
  from: { personId: string; name: string } | null;
  to: { personId: string; name: string };
  /** The directory change that made it (its sequence number in the council's record). */
  directoryChangeSeq: number;
}

/** A case whose awaited requests went to the office's new holder. */
export interface HandedOver {
  caseId: string;
  title: string;
  /** The case's roles bound to the office, directly or through a delegation to it. */
  roles: string[];
  requests: { role: string; message: string }[];
  version: number;
}

/**
 * What happens to open cases when an office changes holder: the directory says that it did, and
 * whoever keeps the cases (the engine, libs/engine/hand-over-requests.service.ts) hands their
 * awaited requests to the new holder, in the transaction that changed the directory. Declared
 * here so that the directory, which the engine builds on, does not depend on the engine.
 */
export abstract class OfficeHandOver {
  abstract handOver(m: EntityManager, change: HolderChange, actor: Actor): Promise<HandedOver[]>;
}
