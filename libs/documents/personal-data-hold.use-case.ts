import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { CaseNotFoundError, GovernanceRuleError, InvalidInputError } from '../errors/domain.errors';
import { DocumentFactsRepository, type DocumentFactType } from './document-facts.repository';
import { type HeldCase, PersonalDataHoldRepository } from './personal-data-hold.repository';
import { PersonalDataRepository } from './personal-data.repository';
import { tenantScope, type TenantScope } from '../core/tenant-scope';

/** The staff role a hold is placed or released under, as the chain records it. */
export type HoldingRole = 'administrator' | 'governance_lead';

const MAX_REASON = 500;

/**
 * A legal hold on one case's personal data alone (its documents have their own holds): while it is
 * in force retention lists none of the case's personal data as due, so none is erased, whatever
 * its date. Placed with a reason, released with one; each is a row (who, when, why) and a link on
 * the case's audit chain (PERSONAL_DATA_HOLD_PLACED / _RELEASED), in one transaction with the case
 * row locked first, as a disposal takes it, so a hold and a disposal of the same case never cross.
 */
@Injectable()
export class PersonalDataHoldUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly facts: DocumentFactsRepository,
  ) {}

  /** The holds in force in the council, oldest first. */
  async inForce(tenantId: string): Promise<HeldCase[]> {
    return PersonalDataHoldRepository.inForce(tenantScope(tenantId), this.ds.manager);
  }

  /** The council's cases whose personal data could be held (none holds it now). */
  async holdable(tenantId: string) {
    return PersonalDataHoldRepository.holdable(tenantScope(tenantId), this.ds.manager);
  }

  /** The hold in force on one case, or null. */
  async of(tenantId: string, caseId: string): Promise<HeldCase | null> {
    return (
      (
        await PersonalDataHoldRepository.inForce(tenantScope(tenantId), this.ds.manager, caseId)
      )[0] ?? null
    );
  }

  async place(
    tenantId: string,
    caseId: string,
    reason: unknown,
    actor: Actor,
    role: HoldingRole,
  ): Promise<void> {
    const why = reasonOf(reason, 'Say why the personal data of the case is held');
    await this.onLockedCase(tenantId, caseId, actor, role, async (scope, m, hold) => {
      if (!(await PersonalDataHoldRepository.place(scope, m, { ...hold, reason: why })))
        throw new GovernanceRuleError(
          'PERSONAL_DATA_ALREADY_HELD',
          'The personal data of this case is already held.',
          [
            'A case’s personal data is held by one hold at a time, with its reason.',
            'Release the hold in force first if the reason has changed.',
          ],
        );
      return { type: 'PERSONAL_DATA_HOLD_PLACED', payload: { reason: why } };
    });
  }

  async release(
    tenantId: string,
    caseId: string,
    reason: unknown,
    actor: Actor,
    role: HoldingRole,
  ): Promise<void> {
    const why = reasonOf(reason, 'Say why the hold is released');
    await this.onLockedCase(tenantId, caseId, actor, role, async (scope, m, hold) => {
      const held = await PersonalDataHoldRepository.release(scope, m, { ...hold, reason: why });
      if (held === null)
        throw new GovernanceRuleError(
          'PERSONAL_DATA_NOT_HELD',
          'The personal data of this case is not held.',
          ['Only a hold in force can be released: this case has none.'],
        );
      return { type: 'PERSONAL_DATA_HOLD_RELEASED', payload: { reason: why, heldFor: held } };
    });
  }

  /**
   * The one transaction of placing and releasing: the case row locked first (as a disposal takes
   * it), `write` changes the hold or refuses under its rule, and the fact it returns goes on the
   * case's chain, at the same moment, under the role the person acts in.
   */
  private async onLockedCase(
    tenantId: string,
    caseId: string,
    actor: Actor,
    role: HoldingRole,
    write: (
      scope: TenantScope,
      m: EntityManager,
      hold: { caseId: string; by: string; at: Date },
    ) => Promise<{ type: DocumentFactType; payload: Record<string, unknown> }>,
  ): Promise<void> {
    const scope = tenantScope(tenantId);
    await this.ds.transaction(async (m) => {
      if (!(await PersonalDataRepository.lockCase(scope, m, caseId)))
        throw new CaseNotFoundError(caseId);
      const at = this.clock.now();
      const fact = await write(scope, m, { caseId, by: personOf(actor), at });
      await this.facts.append(scope, m, caseId, fact, actor, { kind: 'staff', role }, at);
    });
  }
}

function reasonOf(reason: unknown, missing: string): string {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why)
    throw new InvalidInputError(`${missing}.`, [
      {
        path: 'reason',
        message: `${missing} (a claim, an inquiry, a request for the records)`,
      },
    ]);
  if (why.length > MAX_REASON)
    throw new InvalidInputError(`Keep the reason under ${MAX_REASON} characters.`, [
      { path: 'reason', message: `Keep the reason under ${MAX_REASON} characters` },
    ]);
  return why;
}

function personOf(actor: Actor): string {
  if (actor.kind !== 'person') throw new Error('a hold is placed and released by a person');
  return actor.person.id;
}
