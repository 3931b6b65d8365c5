import type { EntityManager } from 'typeorm';
import {
  endOfLondonDay,
  londonTime,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import type { RoleHolder } from '../directory/directory.repository';

/** An action as xstate's pure `transition` returns it. */
export interface MachineAction {
  type: string;
  params?: unknown;
}

export interface PlanContext {
  tenantId: string;
  caseId: string;
  caseTitle: string;
  /** The case version the transition produced. */
  version: number;
  now: Date;
  holders: Record<string, RoleHolder>;
}

interface NotifyParams {
  message: string;
  to: string[];
}
interface ArmParams {
  key: string;
  date: string;
  remindWorkingDaysBefore: number[];
}

/**
 * Turns the machine's declared effects into rows in the caller's transaction: emails into the
 * outbox, deadlines and reminders armed or cancelled. Nothing is carried out here.
 */
export class EffectPlanner {
  constructor(private readonly calendar = new WorkingDayCalendar()) {}

  async write(m: EntityManager, actions: MachineAction[], ctx: PlanContext): Promise<void> {
    for (const a of actions) {
      switch (a.type) {
        case 'notify':
          await this.notify(m, a.params as NotifyParams, ctx);
          break;
        case 'armDeadline':
          await this.arm(m, a.params as ArmParams, ctx);
          break;
        case 'cancelDeadline':
          await m.query(
            `UPDATE deadlines SET status = 'cancelled', settled_at = $3 WHERE case_id = $1 AND key = $2 AND status = 'pending'`,
            [ctx.caseId, (a.params as { key: string }).key, ctx.now],
          );
          break;
        default:
          // xstate's own bookkeeping actions (assign and the like) have nothing to carry out.
          break;
      }
    }
  }

  private async notify(m: EntityManager, p: NotifyParams, ctx: PlanContext): Promise<void> {
    const seen = new Set<string>();
    for (const role of p.to) {
      const holder = ctx.holders[role];
      if (!holder?.person || seen.has(holder.person.id)) continue;
      seen.add(holder.person.id);
      await m.query(
        `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
         VALUES ($1, $2, 'email', $3, 'pending', 0, $4, $4)`,
        [
          ctx.tenantId,
          ctx.caseId,
          JSON.stringify({
            message: p.message,
            role,
            actingAs: holder.actingAs,
            to: holder.person,
            caseTitle: ctx.caseTitle,
            caseVersion: ctx.version,
          }),
          ctx.now,
        ],
      );
    }
  }

  private async arm(m: EntityManager, p: ArmParams, ctx: PlanContext): Promise<void> {
    const rows: { kind: string; event: unknown; dueAt: Date }[] = [
      {
        kind: 'deadline',
        event: { type: 'DEADLINE_PASSED', key: p.key },
        dueAt: endOfLondonDay(p.date),
      },
    ];
    for (const n of p.remindWorkingDaysBefore) {
      const dueAt = londonTime(this.calendar.addWorkingDays(p.date, -n), 9);
      // A reminder whose moment has already gone would only arrive late and confuse.
      if (dueAt > ctx.now)
        rows.push({
          kind: 'reminder',
          event: { type: 'REMINDER_DUE', key: p.key, workingDaysLeft: n },
          dueAt,
        });
    }
    for (const r of rows) {
      await m.query(
        `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)`,
        [ctx.tenantId, ctx.caseId, p.key, r.kind, JSON.stringify(r.event), r.dueAt, ctx.version],
      );
    }
  }
}
