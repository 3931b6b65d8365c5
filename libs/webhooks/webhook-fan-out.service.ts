import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { findTemplate } from '../workflows/template.registry';
import type { WebhookEventType, WebhookMessage } from './webhook-catalogue';
import { WebhookFactsRepository, type AuditFact } from './webhook-facts.repository';
import { WebhookRepository } from './webhook.repository';

/** A webhook a fact gives rise to, and the key that makes it once per subscription. */
export interface WebhookFact {
  sourceKey: string;
  at: Date;
  message: WebhookMessage;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * What an audit record says to the outside world: opened, moved, waiting on people, a deadline at
 * risk (a reminder fell due), a decision published. One record may say several; each has its own
 * key, so each reaches a subscription once.
 */
export function webhooksOf(f: AuditFact): WebhookFact[] {
  const base = {
    caseId: f.caseId,
    reference: f.reference,
    title: f.title,
    template: { id: f.templateId, version: f.templateVersion },
    auditSeq: f.seq,
  };
  const timestamp = iso(f.recordedAt);
  const out: WebhookFact[] = [];
  const add = <T extends WebhookEventType>(type: T, data: WebhookMessage<T>['data']) =>
    out.push({
      sourceKey: `${type}:${f.caseId}:${f.seq}`,
      at: new Date(f.recordedAt),
      message: { type, timestamp, data } as WebhookMessage,
    });
  if (f.fromState === null) add('case.opened', { ...base, state: f.toState });
  else if (f.fromState !== f.toState)
    add('case.moved', {
      ...base,
      event: text(f.event.type),
      fromState: f.fromState,
      toState: f.toState,
    });
  if (f.awaiting.length > 0) add('case.awaiting', { ...base, awaiting: f.awaiting });
  if (f.event.type === 'REMINDER_DUE')
    add('case.deadline_at_risk', {
      ...base,
      deadline: text(f.event.key) ?? '',
      workingDaysLeft: typeof f.event.workingDaysLeft === 'number' ? f.event.workingDaysLeft : null,
      dueAt: f.deadlineDueAt ? iso(f.deadlineDueAt) : null,
    });
  // Both templates that publish decisions (those with a Decision Notice) record it so.
  const publishes = !!findTemplate(f.templateId, f.templateVersion)?.decisionNotice;
  if (publishes && f.event.type === 'RECORD_PUBLICATION' && text(f.event.publishedOn))
    add('decision.published', {
      ...base,
      publishedOn: text(f.event.publishedOn)!,
      callInEndsOn: text(f.event.callInEndsOn),
      implementableFrom: text(f.event.implementableFrom),
    });
  return out;
}

/**
 * Turns new facts into deliveries owed, council by council. Each council's audit records are read
 * after its high-water mark, and in the same transaction the deliveries are queued and the mark
 * moved: a crash before the commit leaves both as they were, and the unique (subscription, key)
 * makes a fact reach a subscription once however often it is read.
 */
@Injectable()
export class WebhookFanOutService {
  private readonly log = new Logger('WebhookFanOut');
  /** The councils and versions whose wait for a newer build this process has said ("council@id@version"). */
  private readonly waitSaid = new Set<string>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly facts: WebhookFactsRepository,
    private readonly deliveries: WebhookRepository,
  ) {}

  /**
   * Queues what every council's new facts owe; returns the deliveries queued. The councils with a
   * mark are found across councils; each is fanned out bound to it (ADR 0015).
   */
  async fanOut(batch = 500): Promise<number> {
    const queued = await forEachCouncilWithWork(
      () => this.facts.councils(acrossCouncils('sweep'), this.ds.manager, 1000),
      (tenantId) => this.ds.transaction((m) => this.fanOutCouncil(m, tenantScope(tenantId), batch)),
    );
    return queued.reduce((a, b) => a + b, 0);
  }

  private async fanOutCouncil(m: EntityManager, scope: TenantScope, batch: number) {
    const mark = await this.facts.lockCursor(scope, m);
    if (!mark) return 0; // another worker is at it
    const now = this.clock.now();
    let queued = 0;
    const read = await this.facts.factsAfter(scope, m, mark, batch);
    // What a case on a template version this build lacks says (a decision published or not) is a
    // newer build's to tell (a rolling upgrade): the mark stops before its first fact, since
    // facts go out in order, and that build's workers go on from there.
    const newer = read.findIndex((r) => !findTemplate(r.templateId, r.templateVersion));
    const records = newer < 0 ? read : read.slice(0, newer);
    if (newer >= 0) this.sayWaiting(scope, read[newer]);
    for (const record of records)
      for (const w of webhooksOf(record)) queued += await this.queue(m, scope, w);
    const last = records.at(-1);
    if (last) await this.facts.moveCursor(scope, m, { txid: last.txid, auditId: last.id }, now);
    for (const e of await this.facts.failedEmails(scope, m, batch))
      queued += await this.queue(m, scope, {
        sourceKey: `email.failed:${e.id}`,
        at: new Date(e.createdAt),
        message: {
          type: 'email.failed',
          timestamp: iso(now),
          data: {
            caseId: e.caseId,
            reference: e.reference,
            title: e.title,
            template: { id: e.templateId, version: e.templateVersion },
            emailId: e.id,
            message: e.message,
            role: e.role,
            problem: e.problem,
          },
        },
      });
    return queued;
  }

  private sayWaiting(scope: TenantScope, f: AuditFact): void {
    const key = `${scope.tenantId}@${f.templateId}@${f.templateVersion}`;
    if (this.waitSaid.has(key)) return;
    this.waitSaid.add(key);
    this.log.warn(
      `council ${scope.tenantId}'s webhooks wait for workers of a newer build from case ` +
        `${f.reference} on, which runs on ${f.templateId} version ${f.templateVersion}, a version ` +
        `this worker's build does not have (webhooks go out in order). Upgrade or stop this worker ` +
        `(docs/operations.md, Upgrades and migrations). Said once for this council and version.`,
    );
  }

  /** A fact's webhook queued for each subscription that chose it and existed when it happened. */
  queue(m: EntityManager, scope: TenantScope, w: WebhookFact): Promise<number> {
    return this.deliveries.enqueue(scope, m, {
      eventType: w.message.type,
      sourceKey: w.sourceKey,
      payload: w.message,
      happenedAt: w.at,
      at: this.clock.now(),
    });
  }

  /**
   * A broken audit chain found by a verification (npm run audit:verify), told once per case and
   * break to the subscriptions that exist now.
   */
  async auditBroken(
    scope: TenantScope,
    caseId: string,
    finding: { problem: string; atSeq: number; detail: string },
  ): Promise<number> {
    const now = this.clock.now();
    const reference = await this.facts.referenceOf(scope, this.ds.manager, caseId);
    return this.queue(this.ds.manager, scope, {
      sourceKey: `audit.verify_failed:${caseId}:${finding.problem}:${finding.atSeq}`,
      at: now,
      message: {
        type: 'audit.verify_failed',
        timestamp: iso(now),
        data: { caseId, reference, ...finding },
      },
    });
  }
}
