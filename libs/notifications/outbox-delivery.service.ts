import { Injectable, Logger } from '@nestjs/common';
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
  /** How long a claimed effect is reserved for the worker that claimed it. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Test-only fault: exit after claiming an effect, before carrying it out. */
  crashBeforeEffect?: boolean;
}

/**
 * Carries out outbox effects after the transaction that wrote them has committed. A claim is a
 * lease: a worker that dies holding one leaves it to be claimed again when the lease runs out,
 * and the stable Message-ID lets the receiving side recognise a redelivery. The councils with an
 * email due are found across councils; each council's are claimed and sent bound to it (ADR 0015).
 */
@Injectable()
export class OutboxDeliveryService {
  private readonly log = new Logger('Outbox');
  private readonly transport: Transporter | null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly links: LinkTokens,
    private readonly settings: OutboxSettings,
  ) {
    this.transport = settings.smtpUrl ? createTransport(settings.smtpUrl) : null;
  }

  async deliverDue(max = 50): Promise<number> {
    if (!this.transport) return 0;
    let done = 0;
    await forEachCouncilWithWork(
      () => this.councilsWithEmailsDue(),
      async (tenantId) => {
        for (; done < max; done++) {
          const claimed = await this.claim(tenantId);
          if (!claimed) break;
          if (this.settings.crashBeforeEffect) process.exit(137);
          await this.deliver(claimed);
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

  private async claim(tenantId: string): Promise<{
    id: string;
    case_id: string;
    payload: EmailPayload;
    attempts: number;
    template_id: string;
    template_version: number;
  } | null> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + (this.settings.leaseMs ?? 60_000));
    const rows = await this.ds.query(
      `WITH c AS (
         SELECT id FROM effects WHERE tenant_id = $3 AND status = 'pending' AND available_at <= $1
          ORDER BY available_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE effects e SET available_at = $2, attempts = e.attempts + 1
         FROM c, cases k WHERE e.id = c.id AND k.id = e.case_id AND k.tenant_id = e.tenant_id
       RETURNING e.id, e.case_id, e.payload, e.attempts, k.template_id, k.template_version`,
      [now, leaseUntil, tenantId],
    );
    // A bare UPDATE ... RETURNING comes back from the driver as [rows, count].
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as {
      id: string;
      case_id: string;
      payload: EmailPayload;
      attempts: number;
      template_id: string;
      template_version: number;
    }[];
    return list[0] ?? null;
  }

  private async deliver(e: {
    id: string;
    case_id: string;
    payload: EmailPayload;
    attempts: number;
    template_id: string;
    template_version: number;
  }): Promise<void> {
    // Links are built from the configured public origin, never from a request's Host header.
    const origin = this.settings.publicOrigin;
    try {
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
      await this.ds.query(
        `UPDATE effects SET status = 'done', done_at = $2, last_error = NULL WHERE id = $1`,
        [e.id, this.clock.now()],
      );
    } catch (err) {
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
}
