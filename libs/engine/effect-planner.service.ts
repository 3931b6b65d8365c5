import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  endOfLondonDay,
  londonTime,
  WorkingDayCalendar,
} from '../governance/working-day-calendar.service';
import type { RoleHolder } from '../directory/directory.repository';
import { LinkTokens } from '../links/link-token.service';
import type {
  ArmDeadlineParams as ArmParams,
  CancelDeadlineParams,
  NotifyParams,
} from '../workflows/workflow-effects.machine';
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
    const batch = new WriteBatch();
    for (const a of actions) {
      switch (a.type) {
        case 'notify':
          await this.notify(m, a.params as NotifyParams, ctx, batch);
          break;
        case 'armDeadline':
          this.arm(a.params as ArmParams, ctx, batch);
          break;
        case 'cancelDeadline':
          // A row a worker has claimed right now is skipped, not waited for: the worker holds it
          // and waits for this case, so waiting would deadlock. Its send then fails on the new
          // version and the next sweep settles it as stale.
          await m.query(
            `UPDATE deadlines SET status = 'cancelled', settled_at = $3 WHERE id IN (
               SELECT id FROM deadlines WHERE case_id = $1 AND key = $2 AND status = 'pending'
                  FOR UPDATE SKIP LOCKED)`,
            [ctx.caseId, (a.params as CancelDeadlineParams).key, ctx.now],
          );
          // Armed earlier in this same transition: not written yet, so dropped here.
          batch.dropDeadlines((a.params as CancelDeadlineParams).key);
          break;
        default:
          // xstate's own bookkeeping actions (assign and the like) have nothing to carry out.
          break;
      }
    }
    await batch.flush(m, ctx);
  }

  /** Sends requests again (after a document was replaced): new links, new emails. */
  async reissue(
    m: EntityManager,
    requests: { message: string; role: string }[],
    ctx: PlanContext,
  ): Promise<void> {
    const batch = new WriteBatch();
    for (const r of requests)
      await this.notify(m, { message: r.message, to: [r.role] }, ctx, batch);
    await batch.flush(m, ctx);
  }

  private async notify(
    m: EntityManager,
    p: NotifyParams,
    ctx: PlanContext,
    batch: WriteBatch,
  ): Promise<void> {
    const recipients = p.to.flatMap((role) => {
      const person = ctx.holders[role]?.person;
      return person ? [{ role, person, actingAs: ctx.holders[role].actingAs }] : [];
    });
    if (recipients.length === 0) return;
    // The case's current documents, read once per transition, named in every email and link.
    batch.documents ??= await m.query(
      'SELECT name, sha256 FROM documents WHERE case_id = $1 AND replaced_by IS NULL ORDER BY uploaded_at, id',
      [ctx.caseId],
    );
    const documents = batch.documents!;
    const seen = new Set<string>();
    for (const { role, person, actingAs } of recipients) {
      if (seen.has(person.id)) continue;
      seen.add(person.id);
      const linkId = this.maybeLink(p.message, role, person.id, documents, ctx, batch);
      batch.effects.push({
        message: p.message,
        role,
        actingAs,
        to: person,
        caseTitle: ctx.caseTitle,
        caseVersion: ctx.version,
        deadline: ctx.template.deadlineFor(p.message, ctx.context),
        workingDaysLeft: p.workingDaysLeft ?? null,
        documents,
        linkId,
      });
    }
  }

  /** A request gets a one-time link for its recipient; an older open link for the same answer is voided. */
  private maybeLink(
    message: string,
    role: string,
    personId: string,
    documents: { name: string; sha256: string }[],
    ctx: PlanContext,
    batch: WriteBatch,
  ): string | null {
    const responses = ctx.template.linkResponses[role];
    if (!responses || !ctx.template.requestMessages.includes(message)) return null;
    const id = randomUUID();
    const allowed = [
      'approve',
      'approveWithComments',
      'reject',
      ...(responses.declareInterest ? ['declareInterest'] : []),
    ];
    batch.links.push({
      id,
      personId,
      role,
      request: message,
      allowed,
      documents,
      tokenHash: LinkTokens.hash(this.links.tokenFor(id)),
    });
    return id;
  }

  private arm(p: ArmParams, ctx: PlanContext, batch: WriteBatch): void {
    batch.deadlines.push({
      key: p.key,
      kind: 'deadline',
      event: { type: 'DEADLINE_PASSED', key: p.key },
      dueAt: endOfLondonDay(p.date),
    });
    for (const n of p.remindWorkingDaysBefore) {
      const dueAt = londonTime(this.calendar.addWorkingDays(p.date, -n), 9);
      // A reminder whose moment has already gone would only arrive late and confuse.
      if (dueAt > ctx.now)
        batch.deadlines.push({
          key: p.key,
          kind: 'reminder',
          event: { type: 'REMINDER_DUE', key: p.key, workingDaysLeft: n },
          dueAt,
        });
    }
  }
}

/**
 * The rows one transition writes, gathered so that each table gets one multi-row INSERT: fewer
 * round trips on the send path (see docs/benchmarks.md).
 */
class WriteBatch {
  documents: { name: string; sha256: string }[] | undefined;
  readonly effects: Record<string, unknown>[] = [];
  readonly links: {
    id: string;
    personId: string;
    role: string;
    request: string;
    allowed: string[];
    documents: unknown;
    tokenHash: string;
  }[] = [];
  deadlines: { key: string; kind: string; event: unknown; dueAt: Date }[] = [];

  dropDeadlines(key: string): void {
    this.deadlines = this.deadlines.filter((d) => d.key !== key);
  }

  async flush(m: EntityManager, ctx: PlanContext): Promise<void> {
    if (this.links.length > 0) {
      // A newer request supersedes the open link of the same person in the same role.
      await m.query(
        `UPDATE action_links SET status = 'voided', settled_at = $3, outcome = '{"reason":"superseded by a newer request"}'
          WHERE case_id = $1 AND status = 'open' AND (person_id::text || '/' || role) = ANY($2::text[])`,
        [ctx.caseId, this.links.map((l) => `${l.personId}/${l.role}`), ctx.now],
      );
      await insertMany(
        m,
        'action_links (id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, token_hash, status, created_at)',
        this.links.map((l) => [
          l.id,
          ctx.tenantId,
          ctx.caseId,
          l.personId,
          l.role,
          l.request,
          l.allowed,
          JSON.stringify(l.documents),
          l.tokenHash,
          'open',
          ctx.now,
        ]),
      );
    }
    if (this.effects.length > 0) {
      await insertMany(
        m,
        'effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)',
        this.effects.map((e) => [
          ctx.tenantId,
          ctx.caseId,
          'email',
          JSON.stringify(e),
          'pending',
          0,
          ctx.now,
          ctx.now,
        ]),
      );
    }
    if (this.deadlines.length > 0) {
      await insertMany(
        m,
        'deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)',
        this.deadlines.map((d) => [
          ctx.tenantId,
          ctx.caseId,
          d.key,
          d.kind,
          JSON.stringify(d.event),
          d.dueAt,
          'pending',
          ctx.version,
        ]),
      );
    }
  }
}

async function insertMany(m: EntityManager, into: string, rows: unknown[][]): Promise<void> {
  const width = rows[0].length;
  const values = rows
    .map(
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
    )
    .join(', ');
  await m.query(`INSERT INTO ${into} VALUES ${values}`, rows.flat());
}
