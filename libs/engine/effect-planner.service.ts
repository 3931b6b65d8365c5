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
import { tenantScope } from '../core/tenant-scope';
import { EffectRowsRepository, type CaseDocument } from './effect-rows.repository';

export type { CaseDocument } from './effect-rows.repository';

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
    private readonly rows: EffectRowsRepository,
    private readonly calendar = new WorkingDayCalendar(),
  ) {}

  /** Writes the rows of a transition's actions now, in the caller's transaction (opening a case). */
  async write(m: EntityManager, actions: MachineAction[], ctx: PlanContext): Promise<void> {
    const notices = actions.flatMap((a) => (a.type === 'notify' ? [a.params as NotifyParams] : []));
    const documents = this.hasRecipients(notices, ctx) ? await this.documentsOf(m, ctx) : [];
    await this.flush(m, this.plan(actions, ctx, documents), ctx);
  }

  /** Writes a planned batch's rows now, as one statement of their own (opening a case). */
  async flush(m: EntityManager, batch: WriteBatch, ctx: PlanContext): Promise<void> {
    await this.rows.write(tenantScope(ctx.tenantId), m, batch, ctx);
  }

  private documentsOf(m: EntityManager, ctx: PlanContext): Promise<CaseDocument[]> {
    return this.rows.currentDocuments(tenantScope(ctx.tenantId), m, ctx.caseId);
  }

  /**
   * The rows a transition's actions write, not yet written: `documents` are the case's current
   * documents, named in every email and link.
   */
  plan(actions: MachineAction[], ctx: PlanContext, documents: CaseDocument[]): WriteBatch {
    // Links of people the case no longer waits for close with the step they were for.
    const batch = new WriteBatch(ctx.awaiting);
    for (const a of actions) {
      switch (a.type) {
        case 'notify':
          this.notify(a.params as NotifyParams, ctx, batch, documents);
          break;
        case 'armDeadline':
          this.arm(a.params as ArmParams, ctx, batch);
          break;
        case 'cancelDeadline':
          batch.cancel((a.params as CancelDeadlineParams).key);
          break;
        default:
          // xstate's own bookkeeping actions (assign and the like) have nothing to carry out.
          break;
      }
    }
    return batch;
  }

  /** Sends requests again (after a document was replaced): new links, new emails. */
  async reissue(
    m: EntityManager,
    requests: { message: string; role: string }[],
    ctx: PlanContext,
  ): Promise<void> {
    const notices = requests.map((r) => ({ message: r.message, to: [r.role] }));
    const documents = this.hasRecipients(notices, ctx) ? await this.documentsOf(m, ctx) : [];
    const batch = new WriteBatch(null);
    for (const n of notices) this.notify(n, ctx, batch, documents);
    await this.flush(m, batch, ctx);
  }

  private hasRecipients(notices: NotifyParams[], ctx: PlanContext): boolean {
    return notices.some((n) => n.to.some((role) => ctx.holders[role]?.person));
  }

  private notify(
    p: NotifyParams,
    ctx: PlanContext,
    batch: WriteBatch,
    documents: CaseDocument[],
  ): void {
    const seen = new Set<string>();
    const facts = ctx.template.emails.factsOf?.(ctx.context) ?? {};
    for (const role of p.to) {
      const holder = ctx.holders[role];
      const person = holder?.person;
      if (!person || seen.has(person.id)) continue;
      seen.add(person.id);
      const linkId = this.maybeLink(p.message, role, person.id, documents, ctx, batch);
      batch.effects.push({
        message: p.message,
        role,
        actingAs: holder.actingAs,
        to: person,
        caseTitle: ctx.caseTitle,
        caseVersion: ctx.version,
        deadline: ctx.template.deadlineFor(p.message, ctx.context),
        workingDaysLeft: p.workingDaysLeft ?? null,
        documents,
        linkId,
        ...facts,
      });
    }
  }

  /** A request gets a one-time link for its recipient; an older open link for the same answer is voided. */
  private maybeLink(
    message: string,
    role: string,
    personId: string,
    documents: CaseDocument[],
    ctx: PlanContext,
    batch: WriteBatch,
  ): string | null {
    const responses = ctx.template.linkResponses[role];
    if (!responses || !ctx.template.requestMessages.includes(message)) return null;
    const id = randomUUID();
    const allowed = [
      ...(responses.noteRequired ? [] : ['approve']),
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
 * Everything one transition writes besides the case, its event and its audit link, as
 * data-modifying sub-statements of ONE statement: fewer round trips on the send path (see
 * docs/benchmarks.md). The sub-statements see the tables as they were before the statement, so
 * links inserted here are never voided here, and deadlines armed here are never cancelled here.
 */
export class WriteBatch {
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
  /** The keys of the case's pending deadlines and reminders the transition cancels. */
  readonly cancelled: string[] = [];

  /** `awaiting`: the roles the case now waits for (open links of others close); null leaves links alone. */
  constructor(private readonly awaiting: string[] | null) {}

  /** The people the batch's requests (`requestMessages`) go to. */
  requestRecipients(requestMessages: string[]): string[] {
    const to = this.effects.flatMap((e) =>
      requestMessages.includes(e.message as string) ? [(e.to as { id: string }).id] : [],
    );
    return [...new Set(to)];
  }

  /**
   * Takes out the requests of `roles` to their person (someone away whose deputy takes the role:
   * ADR 0033), links with them, and returns them for the reassignment to send to the deputy.
   */
  withhold(
    roles: { role: string; personId: string }[],
    requestMessages: string[],
  ): { role: string; message: string }[] {
    const held = (role: unknown, personId: unknown) =>
      roles.some((r) => r.role === role && r.personId === personId);
    const out: { role: string; message: string }[] = [];
    for (let i = this.effects.length - 1; i >= 0; i--) {
      const e = this.effects[i];
      if (!requestMessages.includes(e.message as string)) continue;
      if (!held(e.role, (e.to as { id: string }).id)) continue;
      out.unshift({ role: e.role as string, message: e.message as string });
      this.effects.splice(i, 1);
    }
    const links = this.links.filter((l) => !held(l.role, l.personId));
    this.links.splice(0, this.links.length, ...links);
    return out;
  }

  cancel(key: string): void {
    this.cancelled.push(key);
    // Armed earlier in this same transition: not written yet, so dropped here.
    this.deadlines = this.deadlines.filter((d) => d.key !== key);
  }

  /**
   * The sub-statements. With `advanced` (the CTE returning the case row the statement advanced)
   * each writes only if that CTE returns a row: nothing is written for a case that did not move.
   * Inserted rows are then one `INSERT … SELECT … FROM advanced` each, so that PostgreSQL types
   * every parameter from its column, as in a plain `VALUES` list.
   */
  statements(ctx: PlanContext, p: (value: unknown) => string, advanced?: string): string[] {
    const parts: string[] = [];
    // Guarded by the advanced case (of the council the send's scope names), or else kept to the
    // council by a clause of their own (EffectRowsRepository.write).
    const moved = () =>
      advanced ? ` AND EXISTS (SELECT 1 FROM ${advanced})` : ` AND tenant_id = ${p(ctx.tenantId)}`;
    const superseded = this.links.map((l) => `${l.personId}/${l.role}`);
    if (this.awaiting !== null || superseded.length > 0) {
      const closed =
        this.awaiting === null ? 'false' : `NOT (role = ANY(${p(this.awaiting)}::text[]))`;
      const newer =
        superseded.length > 0
          ? `(person_id::text || '/' || role) = ANY(${p(superseded)}::text[])`
          : 'false';
      parts.push(
        `UPDATE action_links SET status = 'voided', settled_at = ${p(ctx.now)},
                outcome = CASE WHEN ${closed} THEN '{"reason":"the step closed"}'::jsonb ELSE '{"reason":"superseded by a newer request"}'::jsonb END
          WHERE case_id = ${p(ctx.caseId)} AND status = 'open' AND (${closed} OR ${newer})${moved()}`,
      );
    }
    if (this.cancelled.length > 0) {
      // A row a worker has claimed right now is skipped, not waited for: the worker holds it and
      // waits for this case, so waiting would deadlock. Its send then fails on the new version
      // and the next sweep settles it as stale.
      parts.push(
        `UPDATE deadlines SET status = 'cancelled', settled_at = ${p(ctx.now)} WHERE id IN (
           SELECT id FROM deadlines WHERE case_id = ${p(ctx.caseId)} AND key = ANY(${p(this.cancelled)}::text[]) AND status = 'pending'${moved()}
              FOR UPDATE SKIP LOCKED)`,
      );
    }
    const insert = (into: string, rows: unknown[][]) => {
      if (rows.length === 0) return;
      if (advanced) {
        for (const r of rows)
          parts.push(`INSERT INTO ${into} SELECT ${r.map(p).join(', ')} FROM ${advanced}`);
      } else {
        parts.push(
          `INSERT INTO ${into} VALUES ${rows.map((r) => `(${r.map(p).join(', ')})`).join(', ')}`,
        );
      }
    };
    insert(
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
    insert(
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
    insert(
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
    return parts;
  }
}
