import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../errors/domain.errors';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { SendEventUseCase } from './send-event.use-case';
import { deadlineOutcomeOf } from './lifecycle/lifecycle.rules';

export interface SweepResult {
  fired: number;
  stale: number;
}

/**
 * Fires due deadlines and reminders. Each row is claimed with FOR UPDATE SKIP LOCKED and settled
 * in the same transaction as the event it sends, so any number of workers, and any crash, fire
 * each deadline exactly once in effect.
 */
@Injectable()
export class DeadlineSweepService {
  private readonly log = new Logger('DeadlineSweep');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly sendEvent: SendEventUseCase,
  ) {}

  /**
   * Fires up to `maxRows` due rows, one transaction each. A worker runs this once a tick (1 s by
   * default) and skips ticks while it runs, so the bound caps a worker's rate only when the work
   * takes less than a tick: at 100 it capped three workers at 300 a second, 33 s for 10,000
   * deadlines due at once, whatever the machine (issue #21).
   */
  async sweep(maxRows = 500): Promise<SweepResult> {
    const result: SweepResult = { fired: 0, stale: 0 };
    let left = maxRows;
    await forEachCouncilWithWork(
      () => this.councilsWithDeadlinesDue(),
      async (tenantId) => {
        for (; left > 0; left--) {
          const outcome = await this.fireOne(tenantId);
          if (outcome === 'none' || outcome === 'busy') break;
          result[outcome]++;
        }
      },
    );
    return result;
  }

  private async councilsWithDeadlinesDue(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.ds.query(
      `SELECT DISTINCT tenant_id FROM deadlines WHERE status = 'pending' AND due_at <= $1`,
      [this.clock.now()],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Claims and fires the council's most overdue pending row. */
  private async fireOne(tenantId: string): Promise<'fired' | 'stale' | 'none' | 'busy'> {
    const now = this.clock.now();
    try {
      return await this.ds.transaction(async (m) => {
        const rows: {
          id: string;
          tenant_id: string;
          case_id: string;
          key: string;
          armed_at_version: number;
          event: { type: string } & Record<string, unknown>;
        }[] = await m.query(
          `SELECT id, tenant_id, case_id, key, armed_at_version, event FROM deadlines
              WHERE tenant_id = $2 AND status = 'pending' AND due_at <= $1
              ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now, tenantId],
        );
        const row = rows[0];
        if (!row) return 'none';
        const { type, ...payload } = row.event;
        let status: 'fired' | 'stale' | 'suspended' = 'fired';
        // A row the state's exit could not cancel (a worker held it at that moment) is superseded
        // once the state is re-entered and armed again: only the newest arming may fire.
        const [{ superseded }]: { superseded: boolean }[] = await m.query(
          `SELECT EXISTS (SELECT 1 FROM deadlines WHERE case_id = $1 AND key = $2 AND armed_at_version > $3) AS superseded`,
          [row.case_id, row.key, row.armed_at_version],
        );
        if (superseded) {
          await m.query('UPDATE deadlines SET status = $2, settled_at = $3 WHERE id = $1', [
            row.id,
            'stale',
            now,
          ]);
          return 'stale';
        }
        try {
          await this.sendEvent.send(
            row.case_id,
            { type, payload },
            { kind: 'system', tenantId: row.tenant_id, job: 'deadline-sweep' },
            { manager: m },
          );
        } catch (e) {
          // EVENT_NOT_ALLOWED: the case has left the state that armed it, so the deadline no longer
          // means anything. Any other refusal (a template that no longer accepts the event) would
          // refuse it for ever: settle the row, say so, and let the rest of the queue go on.
          if (!(e instanceof DomainError) || e.code === 'VERSION_CONFLICT') throw e;
          // A paused case's deadline waits for the resume; a withdrawn case's never fires (ADR 0012).
          const lifecycle = deadlineOutcomeOf(e);
          if (lifecycle === 'suspended') {
            await m.query(`UPDATE deadlines SET status = 'suspended' WHERE id = $1`, [row.id]);
            return 'stale';
          }
          if (e.code !== 'EVENT_NOT_ALLOWED' && !lifecycle)
            this.log.error(
              `deadline ${row.id} of case ${row.case_id} refused (${e.code}): ${e.detail}`,
            );
          status = 'stale';
        }
        await m.query('UPDATE deadlines SET status = $2, settled_at = $3 WHERE id = $1', [
          row.id,
          status,
          now,
        ]);
        return status;
      });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') return 'busy'; // a person changed the case meanwhile; next tick retries
      this.log.error(`deadline sweep failed: ${e instanceof Error ? e.message : String(e)}`);
      return 'busy';
    }
  }
}
