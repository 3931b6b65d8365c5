import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork, withTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { LinkTokens } from '../links/link-token.service';
import { findTemplate, RELEASED_HERE } from '../workflows/template.registry';
import {
  VersionsLeftToNewerBuild,
  type DueOnVersion,
} from '../workflows/newer-build-versions.service';
import { renderEmail } from './email-message.service';
import { OutboxRepository, type ClaimedEmail } from './outbox.repository';

export interface OutboxSettings {
  smtpUrl?: string;
  from: string;
  publicOrigin: string;
  /** How long a claimed batch is reserved for the worker that claimed it. */
  leaseMs?: number;
  maxAttempts?: number;
  /** How many of a council’s due emails one statement claims. */
  batchSize?: number;
  /** SMTP connections kept open and used side by side (nodemailer's pool). */
  maxConnections?: number;
  /** Test-only fault: exit after claiming a batch, before carrying any of it out. */
  crashBeforeEffect?: boolean;
}

/**
 * How a delivery's tries ended, counted as they end: the SMTP server took the email (`sent`), or
 * did not and it waits for a retry or has failed for good (`failed`). A server that refuses
 * every email shows as failures, not as emails going out (issue #21, metrics).
 */
export interface EmailOutcomes {
  sent: number;
  failed: number;
}

/**
 * `write` for each item given, one call at a time: items given while a call runs are written
 * together by the next, which starts as soon as it ends. Each caller's promise settles with the
 * call that wrote its item.
 */
function coalesced<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; done: () => void; failed: (e: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const taken = waiting;
      waiting = [];
      await write(taken.map((w) => w.item)).then(
        () => taken.forEach((w) => w.done()),
        (e: unknown) => taken.forEach((w) => w.failed(e)),
      );
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((done, failed) => {
      waiting.push({ item, done, failed });
      if (!writing) void drain();
    });
}

/**
 * Carries out outbox effects after the transaction that wrote them has committed. A claim is a
 * lease: a worker that dies holding one leaves it to be claimed again when the lease runs out,
 * and the stable Message-ID lets the receiving side recognise a redelivery. The councils with an
 * email due are found across councils; each council's are claimed and sent bound to it (ADR 0015).
 *
 * Emails are claimed a batch at a time (one statement, FOR UPDATE SKIP LOCKED, so that workers
 * side by side never claim the same one) and sent side by side over a pool of SMTP connections
 * kept open between messages, each marked done as soon as it is sent: one connection and three
 * statements per message made a worker send 7 a second (issue #21).
 */
@Injectable()
export class OutboxDeliveryService implements OnApplicationShutdown {
  private readonly log = new Logger('Outbox');
  private readonly transport: Transporter | null;
  private readonly newer = new VersionsLeftToNewerBuild(['email', 'emails'], (m) =>
    this.log.warn(m),
  );

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly links: LinkTokens,
    private readonly outbox: OutboxRepository,
    private readonly settings: OutboxSettings,
  ) {
    this.transport = settings.smtpUrl
      ? createTransport({
          url: settings.smtpUrl,
          pool: true,
          maxConnections: settings.maxConnections ?? 5,
        })
      : null;
  }

  /** Closes the pooled SMTP connections once the worker's jobs have stopped. */
  onApplicationShutdown(): void {
    this.transport?.close();
  }

  /**
   * Claims and sends up to `max` due emails; returns how many it tried (sent or not), and counts
   * in `outcomes` how each try ended. Before each batch it asks `mayClaim`, and stops at the first
   * no: the worker's deadlines come first (apps/worker/deadlines-first.service.ts).
   */
  async deliverDue(
    max = 500,
    mayClaim: () => boolean = () => true,
    outcomes: EmailOutcomes = { sent: 0, failed: 0 },
  ): Promise<number> {
    if (!this.transport) return 0;
    const size = this.settings.batchSize ?? 50;
    let done = 0;
    const due = new Map<string, number>();
    const leftToNewer: DueOnVersion[] = [];
    await forEachCouncilWithWork(
      () => this.councilsWithEmailsDue(due),
      async (tenantId) => {
        let claimed = 0;
        let short = false;
        while (done < max && mayClaim()) {
          const limit = Math.min(size, max - done);
          const batch = await this.claim(tenantId, limit);
          claimed += batch.length;
          short = batch.length < limit;
          if (batch.length === 0) break;
          if (this.settings.crashBeforeEffect) process.exit(137);
          await this.deliverBatch(tenantId, batch, outcomes);
          done += batch.length;
        }
        if (VersionsLeftToNewerBuild.mayHaveLeft(due.get(tenantId) ?? 0, claimed, short))
          leftToNewer.push(
            ...(await this.outbox.emailsDueOnVersionsNotIn(
              tenantScope(tenantId),
              this.ds.manager,
              this.clock.now(),
              RELEASED_HERE,
            )),
          );
      },
    );
    this.newer.tell(leftToNewer);
    return done;
  }

  /**
   * The councils with emails due, each one's count kept in `due`. One of a template version this
   * build lacks would go out in no version's words ("Update on …"), so it is never claimed here but
   * left to a newer build's workers; a council whose claims come back short of its count is asked
   * how many (VersionsLeftToNewerBuild).
   */
  private async councilsWithEmailsDue(due: Map<string, number>): Promise<string[]> {
    const councils = await this.outbox.emailsDueByCouncil(
      acrossCouncils('sweep'),
      this.ds.manager,
      this.clock.now(),
    );
    for (const c of councils) due.set(c.tenant_id, c.due);
    return councils.map((c) => c.tenant_id);
  }

  private claim(tenantId: string, limit: number): Promise<ClaimedEmail[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.settings.leaseMs ?? 60_000));
    const lease = { now, leaseUntil, limit };
    return this.outbox.claim(tenantScope(tenantId), this.ds.manager, lease, RELEASED_HERE);
  }

  /**
   * Sends a claimed batch side by side, each email settled the moment its own send ends: the
   * batch's lease covers them all, so an email marked done only when the slowest had finished
   * would be claimed and sent again by another worker once the lease ran out behind one stalled
   * recipient. A send that ended after its lease ran out still marks its email done (it went), but
   * a failure is recorded only while the claim is this worker's (the attempts it claimed with), so
   * a late failure never sets back an email another worker has sent since.
   */
  private async deliverBatch(
    tenantId: string,
    batch: ClaimedEmail[],
    outcomes: EmailOutcomes,
  ): Promise<void> {
    await Promise.all(
      batch.map((e) =>
        this.send(e).then(
          () => (outcomes.sent++, this.sent(tenantId, e.id)),
          (err: unknown) => (outcomes.failed++, this.failed(tenantId, e, err)),
        ),
      ),
    );
  }

  /** Per council, the coalesced marks of its sent emails (`sent`). */
  private readonly marks = new Map<string, (id: string) => Promise<void>>();

  /**
   * Marks a sent email done: at once when no mark is being written, else with the others sent
   * meanwhile, in one statement as soon as the one being written ends (not when its batch ends).
   * One council's marks at a time, bound to it: a mark written with another council's would be
   * hidden from it by the row policies (ADR 0015), its email left to be sent again.
   */
  private sent(tenantId: string, id: string): Promise<void> {
    let mark = this.marks.get(tenantId);
    if (!mark) {
      mark = coalesced((ids: string[]) =>
        withTenant(tenantId, () =>
          this.outbox.markSent(tenantScope(tenantId), this.ds.manager, ids, this.clock.now()),
        ),
      );
      this.marks.set(tenantId, mark);
    }
    return mark(id);
  }

  private async send(e: ClaimedEmail): Promise<void> {
    // Links are built from the configured public origin, never from a request's Host header.
    const origin = this.settings.publicOrigin;
    // What the email says is its case's template's (the version the case runs on).
    const emails = findTemplate(e.template_id, e.template_version)?.emails;
    const mail = renderEmail(e.id, e.payload, emails, {
      actionUrl: e.payload.linkId
        ? new URL(`/act/${this.links.tokenFor(e.payload.linkId)}`, origin).toString()
        : null,
      caseReference: e.reference,
      caseUrl: new URL(`/cases/by-reference/${e.reference}`, origin).toString(),
      calendarUrl: new URL(this.links.feedPath('people', e.payload.to.id), origin).toString(),
    });
    await this.transport!.sendMail({
      from: this.settings.from,
      to: { name: e.payload.to.name, address: e.payload.to.email },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  private async failed(tenantId: string, e: ClaimedEmail, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { responseCode?: number }).responseCode;
    const permanent =
      (code !== undefined && code >= 500) || e.attempts >= (this.settings.maxAttempts ?? 8);
    const backoffMs = Math.min(2 ** e.attempts * 1000, 3600_000);
    await this.outbox.markFailed(tenantScope(tenantId), this.ds.manager, {
      id: e.id,
      attempts: e.attempts,
      permanent,
      error: message,
      retryAt: new Date(this.clock.now().getTime() + backoffMs),
    });
    this.log.warn(
      `email ${e.id} ${permanent ? 'failed permanently' : 'will be retried'}: ${message}`,
    );
  }
}
