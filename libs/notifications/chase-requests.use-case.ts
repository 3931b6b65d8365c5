import { Injectable } from '@nestjs/common';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError } from '../errors/domain.errors';
import { ActionLinkRepository } from '../links/action-link.repository';

/** The officer's one-click chase: every open request of the case is sent again, with a new link. */
@Injectable()
export class ChaseRequestsUseCase {
  constructor(
    private readonly send: SendEventUseCase,
    private readonly links: ActionLinkRepository,
  ) {}

  async chase(caseId: string, expectedVersion: number, actor: Actor): Promise<number> {
    let chased = 0;
    await this.send.recordFact(
      caseId,
      { type: 'REQUESTS_CHASED', payload: {} },
      actor,
      { expectedVersion },
      async (m, ctx) => {
        const open = await this.links.voidOpenChased(scopeOf(actor), m, caseId, ctx.now);
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
