import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Settings } from '../../../libs/config/settings.service';
import { SETTINGS } from '../../../libs/config/settings.service';
import { BacklogRepository } from '../../../libs/engine/backlog.repository';
import { acrossCouncils } from '../../../libs/core/across-councils';
import { Clock } from '../../../libs/core/clock.service';
import { ShutdownState } from './shutdown-state.service';
import { SmtpProbe } from './smtp-probe.service';

type Check = { status: 'up' | 'down'; detail?: string } & Record<string, unknown>;

const DATABASE_TIMEOUT_MS = 2_000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * For a load balancer or orchestrator, outside /api: no API key, no rate limit, no session.
 * Liveness says the process answers; readiness says it can do its work.
 */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    private readonly backlog: BacklogRepository,
    private readonly clock: Clock,
    private readonly shutdown: ShutdownState,
    private readonly smtp: SmtpProbe,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /** The process is up and its event loop turns; nothing else is asked. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when the database answers, every migration is applied, the workers keep up (the oldest
   * due email and deadline younger than HEALTH_BACKLOG_MAX_AGE_SECONDS) and the SMTP server
   * answers when one is configured; else 503 naming what is wrong. 503 too once SIGTERM arrived.
   */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const checks: Record<string, Check> = {};
    if (this.shutdown.stopping)
      checks.process = { status: 'down', detail: `stopping (${this.shutdown.why})` };
    try {
      await within(DATABASE_TIMEOUT_MS, this.backlog.ping(acrossCouncils('operator')));
      checks.database = { status: 'up' };
      const pending = await within(DATABASE_TIMEOUT_MS, this.ds.showMigrations());
      checks.migrations = pending
        ? { status: 'down', detail: 'migrations are waiting to be applied' }
        : { status: 'up' };
      const b = await within(
        DATABASE_TIMEOUT_MS,
        this.backlog.read(acrossCouncils('operator'), this.clock.now()),
      );
      const max = this.settings.HEALTH_BACKLOG_MAX_AGE_SECONDS;
      // With no SMTP server, emails wait in the outbox by design: not a fault.
      const outboxStuck = this.smtp.configured && b.outboxOldestDueSeconds > max;
      checks.outbox = {
        status: outboxStuck ? 'down' : 'up',
        pending: b.outboxPending,
        oldestDueSeconds: Math.round(b.outboxOldestDueSeconds),
        ...(outboxStuck ? { detail: `an email has waited more than ${max} s to be sent` } : {}),
      };
      const deadlinesStuck = b.deadlineLagSeconds > max;
      checks.deadlines = {
        status: deadlinesStuck ? 'down' : 'up',
        due: b.deadlinesDue,
        lagSeconds: Math.round(b.deadlineLagSeconds),
        ...(deadlinesStuck ? { detail: `a deadline has waited more than ${max} s to fire` } : {}),
      };
    } catch (e) {
      checks.database = {
        status: 'down',
        detail: `database did not answer: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    if (this.smtp.configured) {
      const problem = await this.smtp.check();
      checks.smtp = problem ? { status: 'down', detail: problem } : { status: 'up' };
    }
    const ok = Object.values(checks).every((c) => c.status === 'up');
    res
      .status(ok ? 200 : 503)
      .setHeader('Cache-Control', 'no-store')
      .json({ status: ok ? 'ok' : 'unavailable', checks });
  }
}
