import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { LinkTokens } from '../links/link-token.service';
import { findTemplate } from '../workflows/template.registry';
import { EmailPayload, renderEmail } from './email-message.service';

export interface OutboxSettings {
  smtpUrl?: string;
  from: string;
  publicOrigin: string;
  /** How long a claimed batch is reserved for the worker that claimed it. */
  leaseMs?: number;
  maxAttempts?: number;
  /** How many of a council's due emails one statement claims (and one statement settles). */
  batchSize?: number;
  /** SMTP connections kept open and used side by side (nodemailer's pool). */
  maxConnections?: number;
  /** Test-only fault: exit after claiming a batch, before carrying any of it out. */
  crashBeforeEffect?: boolean;
}

interface ClaimedEmail {
  id: string;
  case_id: string;
  payload: EmailPayload;
  attempts: number;
  template_id: string;
  template_version: number;
}

/**
 * Carries out outbox effects after the transaction that wrote them has committed. A claim is a
 * lease: a worker that dies holding one leaves it to be claimed again when the lease runs out,
 * and the stable Message-ID lets the receiving side recognise a redelivery. The councils with an
 * email due are found across councils; each council's are claimed and sent bound to it (ADR 0015).
 *
 * Emails are claimed a batch at a time (one statement, FOR UPDATE SKIP LOCKED, so that workers
 * side by side never claim the same one), sent side by side over a pool of SMTP connections kept
 * open between messages, and the batch's sent ones marked done in one statement: one connection
 * and three statements per message made a worker send 7 a second (issue #21).
 */
@Injectable()
export class OutboxDeliveryService implements OnApplicationShutdown {
  private readonly log = new Logger('Outbox');
  private readonly transport: Transporter | null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly links: LinkTokens,
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

  /** Claims and sends up to `max` due emails; returns how many it tried (sent or not). */
  async deliverDue(max = 500): Promise<number> {
    if (!this.transport) return 0;
    const size = this.settings.batchSize ?? 50;
    let done = 0;
    await forEachCouncilWithWork(
      () => this.councilsWithEmailsDue(),
      async (tenantId) => {
        while (done < max) {
          const batch = await this.claim(tenantId, Math.min(size, max - done));
          if (batch.length === 0) break;
          if (this.settings.crashBeforeEffect) process.exit(137);
          await this.deliverBatch(batch);
          done += batch.length;
        }
      },
    );
    return done;
  }

  private async councilsWithEmailsDue(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.ds.query(
      `SELECT DISTINCT tenant_id FROM effects WHERE status = 'pending' AND available_at <= $1`,
      [this.clock.now()],
    );
    return rows.map((r) => r.tenant_id);
  }

  private async claim(tenantId: string, limit: number): Promise<ClaimedEmail[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.settings.leaseMs ?? 60_000));
    const rows = await this.ds.query(
      `WITH c AS (
         SELECT id FROM effects WHERE tenant_id = $3 AND status = 'pending' AND available_at <= $1
          ORDER BY available_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE effects e SET available_at = $2, attempts = e.attempts + 1
         FROM c, cases k WHERE e.id = c.id AND k.id = e.case_id AND k.tenant_id = e.tenant_id
       RETURNING e.id, e.case_id, e.payload, e.attempts, k.template_id, k.template_version`,
      [now, leaseUntil, tenantId, limit],
    );
    // A bare UPDATE ... RETURNING comes back from the driver as [rows, count].
    return (Array.isArray(rows[0]) ? rows[0] : rows) as ClaimedEmail[];
  }

  /** Sends a claimed batch side by side; the sent are marked done together, the rest one by one. */
  private async deliverBatch(batch: ClaimedEmail[]): Promise<void> {
    const outcomes = await Promise.allSettled(batch.map((e) => this.send(e)));
    const sent = batch.filter((_, i) => outcomes[i].status === 'fulfilled').map((e) => e.id);
    if (sent.length > 0) {
      await this.ds.query(
        `UPDATE effects SET status = 'done', done_at = $2, last_error = NULL WHERE id = ANY($1::uuid[])`,
        [sent, this.clock.now()],
      );
    }
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') await this.failed(batch[i], outcome.reason);
    }
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
      caseUrl: new URL(`/api/cases/${e.case_id}`, origin).toString(),
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

  private async failed(e: ClaimedEmail, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { responseCode?: number }).responseCode;
    const permanent =
      (code !== undefined && code >= 500) || e.attempts >= (this.settings.maxAttempts ?? 8);
    const backoffMs = Math.min(2 ** e.attempts * 1000, 3600_000);
    await this.ds.query(
      `UPDATE effects SET status = $2, last_error = $3, available_at = $4 WHERE id = $1`,
      [
        e.id,
        permanent ? 'failed' : 'pending',
        message,
        new Date(this.clock.now().getTime() + backoffMs),
      ],
    );
    this.log.warn(
      `email ${e.id} ${permanent ? 'failed permanently' : 'will be retried'}: ${message}`,
    );
  }
}
