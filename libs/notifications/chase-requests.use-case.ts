import { Injectable } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError } from '../errors/domain.errors';

/** The officer's one-click chase: every open request of the case is sent again, with a new link. */
@Injectable()
export class ChaseRequestsUseCase {
  constructor(private readonly send: SendEventUseCase) {}

  async chase(caseId: string, expectedVersion: number, actor: Actor): Promise<number> {
    let chased = 0;
    await this.send.recordFact(
      caseId,
      { type: 'REQUESTS_CHASED', payload: {} },
      actor,
      { expectedVersion },
      async (m, ctx) => {
        const open: { request: string; role: string }[] = await m.query(
          `WITH v AS (UPDATE action_links SET status = 'voided', settled_at = $2, outcome = '{"reason":"chased: a new link was sent"}'
                     WHERE case_id = $1 AND status = 'open' RETURNING request, role)
         SELECT DISTINCT request, role FROM v`,
          [caseId, ctx.now],
        );
        if (open.length === 0) {
          throw new DomainError(
            'EVENT_NOT_ALLOWED',
            'Nobody to chase',
            'No request of this case is waiting for an answer by email.',
          );
        }
        await ctx.reissue(open.map((o) => ({ message: o.request, role: o.role })));
        chased = open.length;
      },
    );
    return chased;
  }
}
