import { Injectable } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError } from '../errors/domain.errors';
import { OutboxRepository } from './outbox.repository';

/** The officer resends an email that failed permanently; the resend is on the case's record. */
@Injectable()
export class ResendEmailUseCase {
  constructor(
    private readonly send: SendEventUseCase,
    private readonly outbox: OutboxRepository,
  ) {}

  async resend(
    caseId: string,
    effectId: string,
    expectedVersion: number,
    actor: Actor,
  ): Promise<void> {
    await this.send.recordFact(
      caseId,
      { type: 'EMAIL_RESENT', payload: { effectId } },
      actor,
      { expectedVersion },
      async (m, ctx) => {
        const retried = await this.outbox.retryFailed(scopeOf(actor), m, {
          caseId,
          effectId,
          at: ctx.now,
        });
        if (!retried) {
          throw new DomainError(
            'INVALID_INPUT',
            'Nothing to resend',
            `Email ${effectId} of this case has not failed: only failed emails are resent.`,
          );
        }
      },
    );
  }
}
