import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { checkRevocation } from '../../governance/delegation-scheme.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DelegationRepository } from '../delegation.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { parseInput } from './directory-input.service';
import {
  delegationView,
  refuseScheme,
  revocationInstant,
  revocationSchema,
  type DelegationView,
} from './delegation-rules.service';

/**
 * An administrator revokes a delegation, now or from a later day, with the minute that revoked
 * it. The row stays: acts taken under it before the revocation keep the authority they recorded,
 * and from the instant it takes effect nobody acts under it (the engine checks at each act).
 */
@Injectable()
export class RevokeDelegationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly delegations: DelegationRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  async revoke(id: string, input: unknown, actor: Actor): Promise<DelegationView> {
    const now = this.clock.now();
    const r = parseInput(revocationSchema, input, 'revocation');
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      await this.delegations.lockScheme(scopeOf(actor), m);
      const before = z.uuid().safeParse(id).success
        ? await this.delegations.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('delegation', id);
      if (before.version !== r.expectedVersion)
        throw new DirectoryVersionConflictError(
          'delegation',
          id,
          r.expectedVersion,
          before.version,
        );
      const at = revocationInstant(r.on, now);
      const verdict = checkRevocation(before, at, now);
      if (!verdict.ok) refuseScheme('The delegation cannot be revoked', verdict);
      const written = await this.delegations.update(scopeOf(actor), m, id, before.version, {
        ...before,
        revokedAt: at,
        revocationReference: r.reference,
      });
      if (!written)
        throw new DirectoryVersionConflictError(
          'delegation',
          id,
          r.expectedVersion,
          before.version + 1,
        );
      const revoked = delegationView(written, now);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'delegation',
        subjectId: id,
        action: 'revoked',
        before: delegationView(before, now),
        after: revoked,
      });
      return revoked;
    });
  }
}
