import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { GovernanceRuleError } from '../../errors/domain.errors';
import { londonDate } from '../../governance/working-day-calendar.service';
import { refuseUnlessActive } from './lifecycle.rules';
import { LifecycleRepository } from './lifecycle.repository';
import { EXPECTED_VERSION, lifecycleBody, LifecycleWriter } from './lifecycle-writer.service';
import { PausedDeadlines } from './paused-deadlines.service';

export const RESUME_BODY = z
  .object({
    expectedVersion: EXPECTED_VERSION,
  })
  .strict();

/**
 * Resumes a paused case (ADR 0012): it takes events again, and each of its suspended deadlines
 * and reminders is pending again, moved on by the working days the case was paused
 * (paused-deadlines.service.ts). The case's record lists every move, from and to which day.
 */
@Injectable()
export class ResumeCaseUseCase {
  private readonly paused = new PausedDeadlines();

  constructor(
    private readonly writer: LifecycleWriter,
    private readonly lifecycle: LifecycleRepository,
  ) {}

  async resume(caseId: string, body: unknown, actor: Actor) {
    const { expectedVersion } = lifecycleBody(
      RESUME_BODY,
      body,
      'Give expectedVersion, the case version you read.',
    );
    return this.writer.record(caseId, actor, expectedVersion, 'resume', async (c) => {
      if (c.row.lifecycleStatus === 'withdrawn') refuseUnlessActive(c.row, 'It cannot be resumed');
      if (c.row.lifecycleStatus !== 'paused' || !c.row.lifecycleSince)
        throw new GovernanceRuleError(
          'CASE_NOT_PAUSED',
          'The case cannot be resumed: it is not paused. Nothing was changed.',
          ['Only a paused case can be resumed.'],
        );
      const pausedAt = new Date(c.row.lifecycleSince);
      const days = this.paused.daysPaused(pausedAt, c.now);
      const moved = this.paused.move(
        await this.lifecycle.suspendedDeadlines(c.scope, c.m, c.row.id),
        days,
      );
      return {
        type: 'CASE_RESUMED',
        payload: {
          pausedOn: londonDate(pausedAt),
          resumedOn: londonDate(c.now),
          workingDaysPaused: days,
          deadlines: moved.map((d) => ({ key: d.key, kind: d.kind, from: d.from, to: d.to })),
        },
        apply: async (m) => {
          await this.lifecycle.reinstateDeadlines(c.scope, m, moved);
          await this.lifecycle.setLifecycle(c.scope, m, c.row.id, {
            status: 'active',
            since: c.now,
            reason: null,
          });
        },
      };
    });
  }
}
