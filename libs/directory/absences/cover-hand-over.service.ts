import type { EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import type { AbsenceRecord } from './absence.repository';

/** A case whose roles went to the deputy, each by the engine's reassignment. */
export interface CoveredCase {
  caseId: string;
  title: string;
  roles: string[];
  /** Roles the person holds on the case that the deputy's delegation does not cover: they stay. */
  notCovered: string[];
}

/**
 * What happens to open cases when an absence begins: the directory says who is away and who
 * covers, and whoever keeps the cases (the engine, libs/engine/absence-cover.service.ts) reassigns
 * their roles to the deputy, in the transaction that recorded or began the absence. Declared here
 * so that the directory, which the engine builds on, does not depend on the engine.
 */
export abstract class CoverHandOver {
  abstract cover(
    m: EntityManager,
    absence: AbsenceRecord,
    actor: Actor,
    now: Date,
  ): Promise<CoveredCase[]>;
}
