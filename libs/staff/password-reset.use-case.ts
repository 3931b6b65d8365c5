import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTINGS, type Settings } from '../config/settings.service';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { acrossTenants, withTenant } from '../core/tenant-context.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { PasswordLinkUseCase, RESET_LINK_MINUTES } from './password-link.use-case';
import { PasswordLinkRepository } from './password-link.repository';
import { SignInAccountsRepository, type ResetAccount } from './sign-in-accounts.repository';
import { StaffMailer } from './staff-mail.service';

/** At most this many reset emails per account an hour: enough for a lost one, too few to flood a mailbox. */
export const RESET_EMAILS_PER_HOUR = 3;

/**
 * "Forgotten your password?": a single-use link by email, as set-password links are (random token
 * kept as its SHA-256, one hour, used once, a newer one voids it; using it ends every session).
 * The answer is the same whether or not the address has an account, and is given before any email
 * is looked up or sent, so that neither words nor timing tell who has one.
 */
@Injectable()
export class PasswordResetUseCase {
  private readonly log = new Logger('PasswordReset');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly mailer: StaffMailer,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly accounts: SignInAccountsRepository,
    private readonly links: PasswordLinkRepository,
  ) {}

  /** Starts the work and returns at once; `sent` settles when it is done (for tests and logs). */
  request(email: string): { sent: Promise<boolean> } {
    const sent = this.send(email.trim()).catch((e: unknown) => {
      this.log.error(`reset request failed: ${e instanceof Error ? e.message : e}`);
      return false;
    });
    return { sent };
  }

  /**
   * One email per council where the address has an account that may use a password (one person
   * may work for several councils, each account with its own password): each names its council
   * and resets that account only. True when any went.
   */
  private async send(email: string): Promise<boolean> {
    const now = this.clock.now();
    // Across councils by name: the email is all there is to find the councils by (ADR 0015).
    const accounts = await acrossTenants(() =>
      this.accounts.forReset(
        acrossCouncils('council look-up'),
        this.ds.manager,
        email,
        londonDate(now),
        new Date(now.getTime() - 3600_000),
      ),
    );
    let sent = false;
    for (const account of accounts)
      if (await withTenant(account.tenant_id, () => this.sendTo(account, now, accounts.length > 1)))
        sent = true;
    return sent;
  }

  private async sendTo(account: ResetAccount, now: Date, nameCouncil: boolean): Promise<boolean> {
    const policy = account.local_passwords ?? 'everyone';
    // A password the council does not let this person use is not offered by email either.
    if (policy === 'nobody' || (policy === 'administrators' && account.role !== 'administrator'))
      return false;
    if (Number(account.recent) >= RESET_EMAILS_PER_HOUR) {
      this.log.warn(`reset emails for an account held back: ${RESET_EMAILS_PER_HOUR} in the hour`);
      return false;
    }
    const token = await this.ds.transaction((m) =>
      PasswordLinkUseCase.issue(this.links, m, {
        tenantId: account.tenant_id,
        accountId: account.id,
        at: now,
        purpose: 'reset',
      }),
    );
    return this.mailer.send({
      to: { name: account.name, email: account.email },
      subject: 'Reset your Ratify password',
      paragraphs: [
        nameCouncil
          ? `Someone, probably you, asked to reset the password of your Ratify account at ${account.council_name}. Your accounts at other councils each have an email of their own.`
          : 'Someone, probably you, asked to reset the password of your Ratify account.',
        '{link}',
        `The link works once, for ${RESET_LINK_MINUTES} minutes. Choosing a new password signs you out everywhere.`,
        'If you did not ask, you do not need to do anything: your password stays as it is.',
      ],
      link: {
        url: new URL(`/set-password/${token}`, this.settings.PUBLIC_ORIGIN).toString(),
        text: 'Choose a new password',
      },
    });
  }
}
