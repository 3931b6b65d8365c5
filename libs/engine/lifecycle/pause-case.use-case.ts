import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { londonDate } from '../../governance/working-day-calendar.service';
import { refuseIfFinished, refuseUnlessActive } from './lifecycle.rules';
import { LifecycleRepository } from './lifecycle.repository';
import {
  EXPECTED_VERSION,
  lifecycleBody,
  LifecycleWriter,
  reasonWhy,
} from './lifecycle-writer.service';

export const PAUSE_BODY = z
  .object({
    expectedVersion: EXPECTED_VERSION,
    reason: reasonWhy('paused'),
  })
  .strict();

/**
 * Pauses a case (ADR 0012): until an officer resumes it, it takes no event (a person's, a link's
 * or the deadline worker's) and its deadlines and reminders wait, suspended. Its open links stay
 * open: they answer again once it resumes.
 */
@Injectable()
export class PauseCaseUseCase {
  constructor(
    private readonly writer: LifecycleWriter,
    private readonly lifecycle: LifecycleRepository,
  ) {}

  async pause(caseId: string, body: unknown, actor: Actor) {
    const { expectedVersion, reason } = lifecycleBody(
      PAUSE_BODY,
      body,
      'The pause is not valid: fix the fields listed in problems.',
    );
    return this.writer.record(caseId, actor, expectedVersion, 'pause', async (c) => {
      refuseIfFinished(c.row, 'paused');
      refuseUnlessActive(c.row, 'It cannot be paused');
      return {
        type: 'CASE_PAUSED',
        payload: { reason, pausedOn: londonDate(c.now) },
        apply: async (m) => {
          await this.lifecycle.suspendDeadlines(c.scope, m, c.row.id);
          await this.lifecycle.setLifecycle(c.scope, m, c.row.id, {
            status: 'paused',
            since: c.now,
            reason,
          });
        },
      };
    });
  }
}
