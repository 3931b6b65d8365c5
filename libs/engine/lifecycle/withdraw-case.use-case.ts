import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { DirectoryRepository } from '../../directory/directory.repository';
import { londonDate } from '../../governance/working-day-calendar.service';
import { refuseIfFinished, refuseUnlessActive } from './lifecycle.rules';
import { LifecycleRepository } from './lifecycle.repository';
import {
  EXPECTED_VERSION,
  lifecycleBody,
  LifecycleWriter,
  reasonWhy,
} from './lifecycle-writer.service';
import { tenantScope } from '../../core/tenant-scope';

export const WITHDRAW_BODY = z
  .object({
    expectedVersion: EXPECTED_VERSION,
    reason: reasonWhy('withdrawn'),
  })
  .strict();

/**
 * Withdraws a case (ADR 0012): it closes, whatever state its workflow is in, and takes no further
 * events. Its open requests are voided and the people they went to are told by email, with the
 * reason; its deadlines are cancelled. A paused case can be withdrawn; a finished one cannot.
 */
@Injectable()
export class WithdrawCaseUseCase {
  constructor(
    private readonly writer: LifecycleWriter,
    private readonly lifecycle: LifecycleRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async withdraw(caseId: string, body: unknown, actor: Actor) {
    const { expectedVersion, reason } = lifecycleBody(
      WITHDRAW_BODY,
      body,
      'The withdrawal is not valid: fix the fields listed in problems.',
    );
    return this.writer.record(caseId, actor, expectedVersion, 'withdraw', async (c) => {
      if (c.row.lifecycleStatus === 'withdrawn')
        refuseUnlessActive(c.row, 'It cannot be withdrawn again');
      refuseIfFinished(c.row, 'withdrawn');
      const open = await this.lifecycle.openLinks(c.scope, c.m, c.row.id);
      const holders = await this.directory.roleHolders(
        tenantScope(c.row.tenantId),
        c.m,
        c.row.roles,
        c.row.createdBy,
        londonDate(c.now),
        c.template.roleWords,
      );
      // One email to each person whose request closes, whatever number of requests they had.
      const told = [...new Map(open.map((l) => [l.person.id, l])).values()];
      return {
        type: 'CASE_WITHDRAWN',
        payload: {
          reason,
          wasPaused: c.row.lifecycleStatus === 'paused',
          requestsVoided: open.map((l) => ({
            role: l.role,
            message: l.message,
            to: l.person.name,
          })),
          told: told.map((l) => l.person.name),
        },
        closes: true,
        awaitingPersonIds: [],
        apply: async (m, version) => {
          await this.lifecycle.voidLinks(
            c.scope,
            m,
            open.map((l) => l.id),
            c.now,
            'the case was withdrawn',
          );
          await this.lifecycle.cancelDeadlines(c.scope, m, c.row.id, c.now);
          await this.lifecycle.setLifecycle(c.scope, m, c.row.id, {
            status: 'withdrawn',
            since: c.now,
            reason,
          });
          await this.lifecycle.queueEmails(
            c.scope,
            m,
            { caseId: c.row.id, at: c.now },
            told.map((l) => ({
              message: 'case-withdrawn',
              role: l.role,
              actingAs:
                holders[l.role]?.actingAs || c.template.roles[l.role]?.label || 'a role holder',
              to: l.person,
              caseTitle: c.row.title,
              caseVersion: version,
              note: `The reason given: ${reason}`,
            })),
          );
        },
      };
    });
  }
}
