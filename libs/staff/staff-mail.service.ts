import { Inject, Injectable, Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { SETTINGS, type Settings } from '../config/settings.service';
import { escapeHtml } from '../core/escape-html';

/** An email about a person's own sign-in: plain words, one link or code, never kept in the outbox. */
export interface StaffMail {
  to: { name: string; email: string };
  subject: string;
  /** Paragraphs; `{link}` in one of them stands for the link. */
  paragraphs: string[];
  link?: { url: string; text: string };
}

/**
 * Sends sign-in emails (a password reset link, a one-time code) straight to SMTP_URL. They are not
 * written to the outbox, on purpose: the outbox keeps what it sends, and these carry a secret that
 * must exist only in the person's mailbox (its hash in the database). A lost one is asked for again.
 */
@Injectable()
export class StaffMailer {
  private readonly log = new Logger('StaffMail');
  private readonly transport: Transporter | null;

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {
    this.transport = settings.SMTP_URL ? createTransport(settings.SMTP_URL) : null;
  }

  async send(mail: StaffMail): Promise<boolean> {
    if (!this.transport) {
      this.log.warn(`not sent (SMTP_URL is not set): ${mail.subject}`);
      return false;
    }
    const text = [
      `Dear ${mail.to.name},`,
      ...mail.paragraphs.map((p) =>
        mail.link ? p.replace('{link}', `${mail.link.text}: ${mail.link.url}`) : p,
      ),
    ].join('\n\n');
    const html = [
      `<p>Dear ${escapeHtml(mail.to.name)},</p>`,
      ...mail.paragraphs.map((p) => {
        const safe = escapeHtml(p);
        return `<p>${
          mail.link
            ? safe.replace(
                '{link}',
                `<a href="${escapeHtml(mail.link.url)}">${escapeHtml(mail.link.text)}</a>`,
              )
            : safe
        }</p>`;
      }),
    ].join('\n');
    try {
      await this.transport.sendMail({
        from: this.settings.MAIL_FROM,
        to: { name: mail.to.name, address: mail.to.email },
        subject: mail.subject,
        text,
        html,
      });
      return true;
    } catch (e) {
      // The address and the error only: the message carries a secret.
      this.log.warn(`could not send "${mail.subject}": ${e instanceof Error ? e.message : e}`);
      return false;
    }
  }
}
