import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';

/** What the workers owe at a moment: for readiness, metrics and the operator's alerts. */
export interface Backlog {
  /** Emails (effects) waiting to be sent, due now or later. */
  outboxPending: number;
  /** Seconds since the oldest email that is due now became due (0 when none is due). */
  outboxOldestDueSeconds: number;
  /** Deadlines and reminders due now and not yet fired. */
  deadlinesDue: number;
  /** Seconds the oldest due deadline has waited past its time (0 when none is due). */
  deadlineLagSeconds: number;
}

/** How the emails tried lately ended: for readiness to tell a server that refuses them all. */
export interface EmailOutcomesLately {
  /** Emails refused since then: failed for good, or waiting for a retry after a refusal. */
  refused: number;
  /** Whether any email was sent since then. */
  sent: boolean;
}

/**
 * Reads the outbox and the deadlines as an operator needs them. Both counts use the pending
 * indexes (status, available_at / due_at), so a scrape costs an index range, not a table scan.
 * The operator's view is of the whole service: counted across every council, out loud (ADR 0015),
 * and nothing of any council's rows but the counts and the oldest times.
 */
@Injectable()
export class BacklogRepository {
  constructor(private readonly ds: DataSource) {}

  /** A round trip to the database, reading no council's rows: resolves when it answers. */
  async ping(_operator: AcrossCouncils<'operator'>): Promise<void> {
    await this.ds.query('SELECT 1');
  }

  async read(_operator: AcrossCouncils<'operator'>, now: Date): Promise<Backlog> {
    const [row] = (await acrossTenants(() =>
      this.ds.query(
        `SELECT
         (SELECT count(*) FROM effects WHERE status = 'pending')::int AS outbox_pending,
         (SELECT min(available_at) FROM effects WHERE status = 'pending' AND available_at <= $1)
           AS outbox_oldest_due,
         (SELECT count(*) FROM deadlines WHERE status = 'pending' AND due_at <= $1)::int
           AS deadlines_due,
         (SELECT min(due_at) FROM deadlines WHERE status = 'pending' AND due_at <= $1)
           AS deadline_oldest_due`,
        [now],
      ),
    )) as {
      outbox_pending: number;
      outbox_oldest_due: Date | null;
      deadlines_due: number;
      deadline_oldest_due: Date | null;
    }[];
    const age = (at: Date | null) =>
      at ? Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000) : 0;
    return {
      outboxPending: row.outbox_pending,
      outboxOldestDueSeconds: age(row.outbox_oldest_due),
      deadlinesDue: row.deadlines_due,
      deadlineLagSeconds: age(row.deadline_oldest_due),
    };
  }

  /**
   * The emails refused since `since` and whether any was sent, read as ranges of the pending
   * index (status, available_at), never a scan of the emails queued or sent: a refusal sets an
   * email's available_at to its retry time (the failure's time plus a backoff of at most 256 s),
   * so one refused lately is failed with available_at after `since`, or pending with it after
   * `now` (waiting for its retry); a send leaves available_at at its claim's lease end, a minute
   * after the claim. At 100,000 cases (200,010 pending emails, as ratify_sweep): 0.6 ms, 6 buffers;
   * a single OR of both statuses was planned as a parallel scan of every effect (390 ms).
   */
  async emailOutcomesSince(
    _operator: AcrossCouncils<'operator'>,
    since: Date,
    now: Date,
  ): Promise<EmailOutcomesLately> {
    const [row] = (await acrossTenants(() =>
      this.ds.query(
        `SELECT
         (SELECT count(*) FROM effects WHERE status = 'failed' AND available_at > $1
             AND kind = 'email' AND last_error IS NOT NULL)::int
         + (SELECT count(*) FROM effects WHERE status = 'pending' AND available_at > $2
             AND kind = 'email' AND last_error IS NOT NULL)::int AS refused,
         EXISTS (SELECT 1 FROM effects
                  WHERE status = 'done' AND available_at > $1 AND done_at > $1 AND kind = 'email')
           AS sent`,
        [since, now],
      ),
    )) as { refused: number; sent: boolean }[];
    return row;
  }
}
