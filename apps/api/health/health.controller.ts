import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Settings } from '../../../libs/config/settings.service';
import { SETTINGS } from '../../../libs/config/settings.service';
import { pendingMigrations } from '../../../libs/database/data-source.service';
import {
  BacklogRepository,
  type EmailOutcomesLately,
} from '../../../libs/engine/backlog.repository';
import { acrossCouncils } from '../../../libs/core/across-councils';
import { Clock } from '../../../libs/core/clock.service';
import { databaseFaultInWords, NoAnswerWithin } from './database-fault.service';
import { ShutdownState } from './shutdown-state.service';
import { SmtpProbe } from './smtp-probe.service';

type Check = { status: 'up' | 'down' | 'degraded'; detail?: string } & Record<string, unknown>;

/** The database's checks, and how the emails tried lately ended (when SMTP_URL is set). */
type DatabaseChecks = { checks: Record<string, Check>; emails?: EmailOutcomesLately };

const DATABASE_TIMEOUT_MS = 2_000;

/** `work`, or NoAnswerWithin after `ms`: a probe is answered even when the database never is. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NoAnswerWithin(ms)), ms);
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
  private readonly log = new Logger('Health');
  /** The database's fault at the last answer, so that the log says each new one once. */
  private lastFault: string | null = null;

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
   * The database's checks together answer within 2 s, the SMTP server's beside them.
   */
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const checks: Record<string, Check> = {};
    if (this.shutdown.stopping)
      checks.process = { status: 'down', detail: `stopping (${this.shutdown.why})` };
    const [database, smtp] = await Promise.all([
      within(DATABASE_TIMEOUT_MS, this.databaseChecks()).then(
        (d) => (this.faultIs(null), d),
        (e: unknown): DatabaseChecks => ({
          checks: {
            database: { status: 'down', detail: this.faultIs(databaseFaultInWords(e), e) },
          },
        }),
      ),
      this.smtp.configured ? this.smtp.check() : Promise.resolve(null),
    ]);
    Object.assign(checks, database.checks);
    if (this.smtp.configured) checks.smtp = this.smtpCheck(smtp, database.emails);
    const statuses = Object.values(checks).map((c) => c.status);
    const down = statuses.includes('down');
    res
      .status(down ? 503 : 200)
      .setHeader('Cache-Control', 'no-store')
      .json({
        status: down ? 'unavailable' : statuses.includes('degraded') ? 'degraded' : 'ok',
        checks,
      });
  }

  /**
   * Down when the server does not greet us. One that greets us but refused every email tried
   * within HEALTH_BACKLOG_MAX_AGE_SECONDS (none sent) leaves the process ready, degraded: the API
   * still serves, and taking every API process out of service would not send an email more.
   */
  private smtpCheck(problem: string | null, emails: EmailOutcomesLately | undefined): Check {
    if (problem) return { status: 'down', detail: problem };
    if (!emails || emails.sent || emails.refused === 0) return { status: 'up' };
    const max = this.settings.HEALTH_BACKLOG_MAX_AGE_SECONDS;
    return {
      status: 'degraded',
      refused: emails.refused,
      detail: `the SMTP server greets us but took none of the emails tried in the last ${max} s: ${emails.refused} refused`,
    };
  }

  private async databaseChecks(): Promise<DatabaseChecks> {
    await this.backlog.ping(acrossCouncils('operator'));
    const checks: Record<string, Check> = { database: { status: 'up' } };
    const pending = await pendingMigrations(this.ds);
    checks.migrations = pending.length
      ? {
          status: 'down',
          detail: `${pending.length === 1 ? '1 migration is' : `${pending.length} migrations are`} waiting to be applied: ${pending.join(', ')}`,
        }
      : { status: 'up' };
    const b = await this.backlog.read(acrossCouncils('operator'), this.clock.now());
    const max = this.settings.HEALTH_BACKLOG_MAX_AGE_SECONDS;
    // With no SMTP server, emails wait in the outbox by design: not a fault.
    const outboxAge = Math.round(b.outboxOldestDueSeconds);
    const outboxStuck = this.smtp.configured && b.outboxOldestDueSeconds > max;
    checks.outbox = {
      status: outboxStuck ? 'down' : 'up',
      pending: b.outboxPending,
      oldestDueSeconds: outboxAge,
      ...(outboxStuck
        ? {
            detail: `the oldest email due has waited ${outboxAge} s to be sent, more than ${max} s`,
          }
        : {}),
    };
    const lag = Math.round(b.deadlineLagSeconds);
    const deadlinesStuck = b.deadlineLagSeconds > max;
    checks.deadlines = {
      status: deadlinesStuck ? 'down' : 'up',
      due: b.deadlinesDue,
      lagSeconds: lag,
      ...(deadlinesStuck
        ? { detail: `the oldest due deadline has waited ${lag} s to fire, more than ${max} s` }
        : {}),
    };
    const now = this.clock.now();
    const since = new Date(now.getTime() - max * 1000);
    const emails = this.smtp.configured
      ? await this.backlog.emailOutcomesSince(acrossCouncils('operator'), since, now)
      : undefined;
    return { checks, emails };
  }

  /**
   * The database's fault in words for the answer; the error itself (which may name the host or
   * the database) goes to this process's log, once each time the fault changes, not every probe.
   */
  private faultIs<W extends string | null>(words: W, e?: unknown): W {
    if (words !== this.lastFault) {
      if (words)
        this.log.warn(`not ready: ${words} (${e instanceof Error ? e.message : String(e)})`);
      else this.log.log('the database answers again');
      this.lastFault = words;
    }
    return words;
  }
}
