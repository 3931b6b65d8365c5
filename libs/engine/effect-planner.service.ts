import type { EntityManager } from 'typeorm';
import {
  endOfLondonDay,
  londonTime,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import type { RoleHolder } from '../directory/directory.repository';
import { LinkTokens } from '../links/link-token.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';

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
  template: WorkflowTemplate;
  /** The machine's context after the transition. */
  context: unknown;
  /** Roles the case now waits for; open links of other roles are voided. */
  awaiting: string[];
}

interface NotifyParams {
  message: string;
  to: string[];
  workingDaysLeft?: number;
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
  constructor(
    private readonly links: LinkTokens,
    private readonly calendar = new WorkingDayCalendar(),
  ) {}

  async write(m: EntityManager, actions: MachineAction[], ctx: PlanContext): Promise<void> {
    // Links of people the case no longer waits for close with the step they were for.
    await m.query(
      `UPDATE action_links SET status = 'voided', settled_at = $3, outcome = '{"reason":"the step closed"}'
        WHERE case_id = $1 AND status = 'open' AND NOT (role = ANY($2::text[]))`,
      [ctx.caseId, ctx.awaiting, ctx.now],
    );
    for (const a of actions) {
      switch (a.type) {
        case 'notify':
          await this.notify(m, a.params as NotifyParams, ctx);
          break;
        case 'armDeadline':
          await this.arm(m, a.params as ArmParams, ctx);
          break;
        case 'cancelDeadline':
          // A row a worker has claimed right now is skipped, not waited for: the worker holds it
          // and waits for this case, so waiting would deadlock. Its send then fails on the new
          // version and the next sweep settles it as stale.
          await m.query(
            `UPDATE deadlines SET status = 'cancelled', settled_at = $3 WHERE id IN (
               SELECT id FROM deadlines WHERE case_id = $1 AND key = $2 AND status = 'pending'
                  FOR UPDATE SKIP LOCKED)`,
            [ctx.caseId, (a.params as { key: string }).key, ctx.now],
          );
          break;
        default:
          // xstate's own bookkeeping actions (assign and the like) have nothing to carry out.
          break;
      }
    }
  }

  /** Sends requests again (after a document was replaced): new links, new emails. */
  async reissue(
    m: EntityManager,
    requests: { message: string; role: string }[],
    ctx: PlanContext,
  ): Promise<void> {
    for (const r of requests) await this.notify(m, { message: r.message, to: [r.role] }, ctx);
  }

  private async notify(m: EntityManager, p: NotifyParams, ctx: PlanContext): Promise<void> {
    const seen = new Set<string>();
    const documents: { name: string; sha256: string }[] = await m.query(
      'SELECT id, name, sha256 FROM documents WHERE case_id = $1 AND replaced_by IS NULL ORDER BY uploaded_at, id',
      [ctx.caseId],
    );
    for (const role of p.to) {
      const holder = ctx.holders[role];
      if (!holder?.person || seen.has(holder.person.id)) continue;
      seen.add(holder.person.id);
      const linkId = await this.maybeLink(m, p.message, role, holder.person.id, documents, ctx);
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
            deadline: ctx.template.deadlineFor(p.message, ctx.context),
            workingDaysLeft: p.workingDaysLeft ?? null,
            documents,
            linkId,
          }),
          ctx.now,
        ],
      );
    }
  }

  /** A request gets a one-time link for its recipient; an older open link for the same answer is voided. */
  private async maybeLink(
    m: EntityManager,
    message: string,
    role: string,
    personId: string,
    documents: { name: string; sha256: string }[],
    ctx: PlanContext,
  ): Promise<string | null> {
    const responses = ctx.template.linkResponses[role];
    if (!responses || !ctx.template.requestMessages.includes(message)) return null;
    await m.query(
      `UPDATE action_links SET status = 'voided', settled_at = $4, outcome = '{"reason":"superseded by a newer request"}'
        WHERE case_id = $1 AND person_id = $2 AND role = $3 AND status = 'open'`,
      [ctx.caseId, personId, role, ctx.now],
    );
    const allowed = [
      'approve',
      'approveWithComments',
      'reject',
      ...(responses.declareInterest ? ['declareInterest'] : []),
    ];
    const [{ id }]: { id: string }[] = await m.query('SELECT gen_random_uuid() AS id');
    await m.query(
      `INSERT INTO action_links (id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)`,
      [
        id,
        ctx.tenantId,
        ctx.caseId,
        personId,
        role,
        message,
        allowed,
        JSON.stringify(documents),
        LinkTokens.hash(this.links.tokenFor(id)),
        ctx.now,
      ],
    );
    return id;
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
