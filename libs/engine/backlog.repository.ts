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
}
