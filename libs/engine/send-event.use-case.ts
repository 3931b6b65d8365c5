import { Inject, Injectable, Optional } from '@nestjs/common';
import { BodyRepository } from '../directory/body.repository';
import { CaseRecord } from './case-record.service';
import { scopeOf, tenantScope } from '../core/tenant-scope';
import { DataSource, EntityManager } from 'typeorm';
import type { EventObject } from 'xstate';
import { AuditRepository } from '../audit/audit.repository';
import { DirectoryRepository, roleHoldersIn } from '../directory/directory.repository';
import { CaseNotFoundError, VersionConflictError } from '../errors/domain.errors';
import { observed, observedThrow, reported, type SendSeen } from './send-observed';
import { londonDate } from '../governance/working-day-calendar.service';
import { templateOfCase } from '../workflows/case-template.service';
import { Actor, actorRecord } from '../core/actor.dto';
import { CaseRepository, type CaseForSend, type SendState } from './case.repository';
import { LinkTokens } from '../links/link-token.service';
import { Clock } from '../core/clock.service';
import { RoleRebinding } from './role-rebinding.service';
import { eventSpecOf, parsedPayload } from './event-payload.check';
import { EffectPlanner, PlanContext } from './effect-planner.service';
import { EffectRowsRepository } from './effect-rows.repository';
import { persist, restore, stateKey, transitionOf } from '../workflows/machine-snapshot.service';
import { MeetingPeopleCheck } from './meeting-people.check';
import { RecordedDatesCheck } from './recorded-dates.check';
import { authoritiesHeld, usableAuthority } from './event-authority.service';
import type { IncomingEvent } from './incoming-event';
import { CaseFactRecorder, type FactContext } from './case-fact-recorder.service';
import { NamedStatementPool } from './named-statement-pool.service';
import { SETTINGS, type Settings } from '../config/settings.service';
import { refuseUnlessActive } from './lifecycle/lifecycle.rules';
import { AbsenceCoverService } from './absence-cover.service';
import { KeptCases } from './kept-cases.service';
import { replyColumns, writtenCase } from './case-reply.service';
import { inTransaction, type SendDb, type SendOptions } from './send-event.options';
import type { SendResult } from './send-event.options';

export type { IncomingEvent } from './incoming-event';
export type { SendOptions, SendResult } from './send-event.options';
export type { FactContext } from './case-fact-recorder.service';

/**
 * The one path every change to a case takes: version check, authority check, a pure xstate
 * transition, and one transaction that saves the snapshot, the event, the audit link and the
 * effect rows.
 */
@Injectable()
export class SendEventUseCase {
  private readonly meetingPeople: MeetingPeopleCheck;
  private readonly recordedDates: RecordedDatesCheck;
  private readonly roles: RoleRebinding;
  private readonly planner: EffectPlanner;
  private readonly pooled: NamedStatementPool;
  private readonly facts: CaseFactRecorder;
  private readonly kept = new KeptCases();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryRepository,
    private readonly audit: AuditRepository,
    bodies: BodyRepository,
    private readonly cover: AbsenceCoverService,
    effectRows: EffectRowsRepository,
    @Optional() links?: LinkTokens,
    @Optional() @Inject(SETTINGS) settings?: Pick<Settings, 'DATABASE_NAMED_STATEMENTS'>,
  ) {
    this.planner = new EffectPlanner(links ?? LinkTokens.ephemeral(), effectRows);
    this.pooled = new NamedStatementPool(ds, settings?.DATABASE_NAMED_STATEMENTS !== 'false');
    this.meetingPeople = new MeetingPeopleCheck(bodies);
    this.recordedDates = new RecordedDatesCheck(cases);
    this.roles = new RoleRebinding(cases, directory);
    this.facts = new CaseFactRecorder(
      ds,
      clock,
      this.planner,
      new CaseRecord(cases, audit),
      directory,
    );
  }

  async send(
    caseId: string,
    event: IncomingEvent,
    actor: Actor,
    opts: SendOptions = {},
  ): Promise<SendResult> {
    const seen: SendSeen = { started: process.hrtime.bigint() };
    const m = opts.manager;
    // Outside a caller's transaction, two statements straight on the pool: a read, and a write
    // atomic by itself (the version check inside it). A transaction's read would see no more at READ
    // COMMITTED; round trips and Node CPU, not work, bound throughput here (docs/benchmarks.md).
    const pool = m ? null : this.pooled.queryable();
    const sendOn = (db: SendDb) => this.sendIn(db, caseId, event, actor, opts, seen);
    return reported(seen, event, m, () =>
      m
        ? sendOn(inTransaction(m, this.pooled.within(m)))
        : pool
          ? sendOn({ q: pool, m: this.ds.manager, inTransaction: false })
          : this.ds.transaction((t) => sendOn(inTransaction(t))),
    );
  }

  private async sendIn(
    db: SendDb,
    caseId: string,
    event: IncomingEvent,
    actor: Actor,
    opts: SendOptions,
    seen: SendSeen,
    keptMayServe = true,
  ): Promise<SendResult> {
    const now = this.clock.now();
    const today = londonDate(now);
    const { read, manager } = opts;
    const { tenantId } = scopeOf(actor);
    // Straight on the pool, a case this process's last write left is sent from as it was left, with
    // no read: the write checks that nothing a read would bring has changed since (its send state).
    // Anything but a write decided on it (a refusal, a changed case) is decided again on a read, so
    // that no event is refused, nor applied, on a kept case that is no longer the case.
    const kept =
      keptMayServe && !db.inTransaction && !read
        ? this.kept.take(tenantId, caseId, today)
        : undefined;
    if (kept && (opts.expectedVersion === undefined || opts.expectedVersion === kept.row.version)) {
      const writing = { started: false };
      try {
        const sent = await this.decide(db, caseId, event, actor, opts, now, kept.row, seen, {
          kept: kept.state,
          writing,
        });
        if (sent) return sent;
      } catch (e) {
        if (writing.started) throw e;
      }
      return this.sendIn(db, caseId, event, actor, opts, seen, false);
    }
    if (db.inTransaction) this.kept.forget(tenantId, caseId);
    const row =
      (manager || !db.inTransaction) && read?.row.id === caseId && read.on === today
        ? read.row
        : await this.cases.findForSend(scopeOf(actor), db.q, caseId, today);
    if (!row) throw new CaseNotFoundError(caseId);
    // A case the caller read on the pool (the API's, with the key) is kept too (sendFromKept).
    const sent = await this.decide(db, caseId, event, actor, opts, now, row, seen, {
      keep: !db.inTransaction,
    });
    // Only a kept case's write comes back without a result; this one was read.
    if (!sent) throw new VersionConflictError(caseId, row.version, row.version);
    return sent;
  }

  /**
   * The send decided on `row` (told `seen`) and written. From a kept case (`from.kept`, its send
   * state): null when the write found the case changed since, nothing written; `writing` marks the
   * moment past which an error may follow a write and must not be retried.
   */
  private async decide(
    db: SendDb,
    caseId: string,
    event: IncomingEvent,
    actor: Actor,
    opts: SendOptions,
    now: Date,
    row: CaseForSend,
    seen: SendSeen,
    from: {
      kept?: SendState;
      writing?: { started: boolean };
      keep?: boolean;
      /** The sender judged from a kept key (sendFromKept): never sent on in a transaction. */
      senderKept?: boolean;
    },
  ): Promise<SendResult | null> {
    seen.row = row;
    const afresh = (m: EntityManager) =>
      this.sendIn(inTransaction(m), caseId, event, actor, opts, seen);
    const writes = () => {
      if (from.writing) from.writing.started = true;
    };
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== row.version)
      throw new VersionConflictError(caseId, opts.expectedVersion, row.version);
    // Around the machine (ADR 0012): a paused or withdrawn case takes no event, whatever its state.
    refuseUnlessActive(row);
    const template = templateOfCase(caseId, row.templateId, row.templateVersion);

    const spec = eventSpecOf(template, event, opts.fromMeeting);
    if (RoleRebinding.bindsRoles(template, event.type) && !db.inTransaction) {
      // Rebinding a role writes before the case advances: that takes a transaction, read afresh.
      // It would not judge a kept key again: such a send goes the long way, nothing written.
      if (from.senderKept) return null;
      writes();
      return this.ds.transaction(afresh);
    }
    // Cached under the tenant's directory version read with the case (docs/benchmarks.md).
    let directory = await this.directory.caseDirectory(
      tenantScope(row.tenantId),
      db.m,
      row.roles,
      row.createdBy,
      londonDate(now),
      row.directoryVersion,
    );
    // A meeting's facts name only the body's members and allowed substitutes, whatever else holds.
    const meetingBody = template.meetingPeople
      ? await this.meetingPeople.check(db.m, row, template, event.type, event.payload)
      : undefined;
    const snapshot = restore(template.machine, row.snapshot);
    const payload = parsedPayload(template, spec, event, {
      row,
      directory,
      snapshot,
      today: londonDate(now),
      meetingBody,
    });

    const stateBefore = stateKey(snapshot.value);
    const held = authoritiesHeld(template, row, directory, event, actor, now);
    // The dates it records could have happened, whichever state the case is in: a refusal names
    // its rule (a call-in out of time), where the machine would only say "not allowed now".
    await this.recordedDates.check(
      db.q,
      { tenantId: row.tenantId, caseId: row.id, templateId: template.id },
      event.type,
      payload,
      snapshot.context,
      now,
    );
    const authority = usableAuthority(template, event, payload, held, snapshot);
    directory =
      (await this.roles.bind(db.m, caseId, row, template, event.type, payload, now)) ?? directory;
    const machineEvent = { ...payload, type: event.type, role: authority.role };

    const [next, actions] = transitionOf(template.machine, snapshot, machineEvent as EventObject);
    const nextKey = stateKey(next.value);
    const described = template.describe(next.value, next.context);
    const holders = roleHoldersIn(directory, template.roleWords);
    const awaitingPersonIds = [
      ...new Set(
        described.awaiting.flatMap((r) => (holders[r]?.person ? [holders[r].person.id] : [])),
      ),
    ];

    const version = row.version + 1;
    const recordedEvent = {
      type: event.type,
      ...payload,
      ...(opts.evidence ? { evidence: opts.evidence } : {}),
    };
    const link = {
      tenantId: row.tenantId,
      caseId: row.id,
      seq: version,
      recordedAt: now,
      actor: actorRecord(actor),
      authority,
      event: recordedEvent,
      fromState: stateBefore,
      toState: nextKey,
    };
    // The case row keeps its chain's head, so the next link's hash needs no extra read.
    const prevHash =
      row.auditHead || (await this.audit.head(tenantScope(row.tenantId), db.m, row.id));
    const auditHead = AuditRepository.hashOf(link, prevHash);
    const plan: PlanContext = {
      tenantId: row.tenantId,
      caseId: row.id,
      caseTitle: row.title,
      version,
      now,
      holders,
      template,
      context: next.context,
      awaiting: described.awaiting,
    };
    const effects = this.planner.plan(actions, plan, row.documents);
    // A request to someone already away goes to their deputy, not to them (ADR 0033).
    const away = effects
      .requestRecipients(template.requestMessages)
      .filter((id) => row.awayPersonIds.includes(id));
    if (away.length > 0 && !db.inTransaction) {
      if (from.senderKept) return null;
      writes();
      return this.ds.transaction(afresh);
    }
    const covers =
      away.length > 0
        ? await this.cover.coverForRequests(db.m, { ...row, template }, away, now)
        : [];
    const withheld = effects.withhold(covers, template.requestMessages);
    // The snapshot, the event, the audit link and the effect rows: one statement, so one
    // transaction even on the pool, and nothing at all written unless the version check passes.
    const change = {
      snapshot: persist(template.machine, next),
      stateKey: nextKey,
      summary: described.summary,
      awaitingPersonIds,
      at: now,
      closed: next.status === 'done',
      auditHead,
    };
    const today = londonDate(now);
    const state = from.kept || from.keep ? { expected: from.kept } : undefined;
    writes();
    const saved = await this.cases.advance(
      tenantScope(row.tenantId),
      db.q,
      { id: row.id, expectedVersion: row.version },
      change,
      {
        type: event.type,
        payload,
        actorPersonId: actor.kind === 'person' ? actor.person.id : null,
        authority,
      },
      (advanced, p) => [
        AuditRepository.appendAfter(advanced, link, prevHash, auditHead, p),
        ...effects.statements(plan, p, advanced),
      ],
      opts.reply ? (p) => replyColumns(p(row.id)) : undefined,
      state,
    );
    if (!saved && from.kept) {
      // Nothing written: the case changed since it was kept. Decided again on a read.
      if (from.writing) from.writing.started = false;
      return null;
    }
    if (!saved) {
      const current = await this.cases.find(tenantScope(row.tenantId), db.q, row.id);
      throw new VersionConflictError(caseId, row.version, current?.version ?? row.version);
    }
    if (covers.length > 0)
      await this.cover.reassignNow(db.m, { tenantId: row.tenantId, caseId }, covers, withheld, now);
    // A read case is kept only if nothing around it changed between the read and the write.
    if (state && covers.length === 0 && (from.kept || saved.around === row.around))
      this.kept.keepWritten(row, change, saved, today, from.kept);
    const sent = { caseId: row.id, version: version + covers.length, stateKey: nextKey, authority };
    // Straight on the pool (no role rebound, no absence covered), the write has the whole reply.
    if (!opts.reply || db.inTransaction) return sent;
    return { ...sent, written: writtenCase(row, change, saved, effects, holders) };
  }

  /**
   * The send from the case as this process's last write left it, and only from it (issue #21), its
   * sender judged from that case by `actorFor` (the API key kept under its directory version). Null,
   * nothing written, when no case is kept for the day, `actorFor` names nobody, the version is not
   * the kept one, the event would be refused on it or sent on in a transaction of its own (a role
   * rebound, a request to someone away: that reads the case again but would not judge the key), or
   * the write finds the case or what is around it changed: the caller then reads key and case
   * afresh, so nothing is refused or applied on a kept case or key no longer so. An error once
   * the write has started is thrown.
   */
  async sendFromKept(
    tenantId: string,
    caseId: string,
    event: IncomingEvent,
    actorFor: (row: CaseForSend, now: Date) => Actor | undefined,
    opts: Pick<SendOptions, 'expectedVersion' | 'reply'> = {},
  ): Promise<{ actor: Actor; sent: SendResult } | null> {
    const pool = this.pooled.queryable();
    if (!pool) return null;
    const now = this.clock.now();
    const kept = this.kept.take(tenantId, caseId, londonDate(now));
    if (!kept) return null;
    const actor = actorFor(kept.row, now);
    if (!actor || actor.tenantId !== tenantId || opts.expectedVersion !== kept.row.version) {
      // Nothing awaited since it was taken: it is as it was, for the caller's own send to use.
      this.kept.keep(kept);
      return null;
    }
    const writing = { started: false };
    const db = { q: pool, m: this.ds.manager, inTransaction: false };
    const seen: SendSeen = { started: process.hrtime.bigint(), row: kept.row };
    try {
      const sent = await this.decide(db, caseId, event, actor, opts, now, kept.row, seen, {
        kept: kept.state,
        writing,
        senderKept: true,
      });
      if (sent) observed(seen, event, 'accepted'); // else the caller's own send, counted there
      return sent ? { actor, sent } : null;
    } catch (e) {
      if (writing.started) throw observedThrow(seen, event, e);
      return null;
    }
  }

  /**
   * Records a fact about a case that is not a workflow step (a document attached or replaced) on
   * the same path (case-fact-recorder.service.ts). The state does not change.
   */
  async recordFact(
    caseId: string,
    fact: { type: string; payload: Record<string, unknown> },
    actor: Actor,
    opts: { expectedVersion: number; manager?: EntityManager },
    apply: (m: EntityManager, ctx: FactContext) => Promise<void>,
  ): Promise<SendResult> {
    return this.facts.record(caseId, fact, actor, opts, apply);
  }
}
