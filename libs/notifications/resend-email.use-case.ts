import { Injectable } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError } from '../errors/domain.errors';

/** The officer resends an email that failed permanently; the resend is on the case's record. */
@Injectable()
export class ResendEmailUseCase {
  constructor(private readonly send: SendEventUseCase) {}

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
        const rows: { id: string }[] = await m.query(
          `WITH r AS (UPDATE effects SET status = 'pending', attempts = 0, available_at = $3, last_error = NULL
                     WHERE id = $1 AND case_id = $2 AND status = 'failed' RETURNING id)
         SELECT id FROM r`,
          [effectId, caseId, ctx.now],
        );
        if (rows.length === 0) {
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
