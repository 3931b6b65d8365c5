import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { tenantScope } from '../core/tenant-scope';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './staff-account-input.schema';
import { PasswordLinkRepository, type WorkingLink } from './password-link.repository';
import { PasswordHashing } from './password-hashing.service';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { councilOfPasswordLink } from './session-council.repository';

/** Long enough to reach a new administrator over a weekend; short enough not to lie about. */
export const PASSWORD_LINK_HOURS = 72;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A forgotten password's link is short-lived: it is asked for by the person, who is waiting for it. */
export const RESET_LINK_MINUTES = 60;

/** Who a working link is for, shown on its page, and whether it sets a first password or resets one. */
export interface PasswordLinkFor {
  name: string;
  email: string;
  purpose: 'set' | 'reset';
}

export type SetPasswordResult =
  | { ok: true; email: string }
  | { ok: false; reason: 'unavailable' }
  | { ok: false; reason: 'invalid'; errors: { field: 'password' | 'confirm'; text: string }[] };

/**
 * One-time links to set a staff account's password: made for a new council's first administrator
 * (tools/tenant-create.ts), answered on /set-password/:token. The token is random and kept only as
 * its SHA-256; a link works once, until it expires, for an account that is not disabled.
 */
@Injectable()
export class PasswordLinkUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly links: PasswordLinkRepository,
    private readonly accounts: StaffAccountsRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly passwords: PasswordHashing,
  ) {}

  /**
   * A new link for the account, in the caller's transaction (tenant creation's, a reset's); any
   * older unused link stops working. The caller's own PasswordLinkRepository (injected) stores it.
   */
  static async issue(
    links: PasswordLinkRepository,
    m: EntityManager,
    a: { tenantId: string; accountId: string; at: Date; purpose?: 'set' | 'reset' },
  ): Promise<string> {
    const purpose = a.purpose ?? 'set';
    const lifetime =
      purpose === 'reset' ? RESET_LINK_MINUTES * 60_000 : PASSWORD_LINK_HOURS * 3600_000;
    const token = randomBytes(32).toString('base64url');
    await links.voidUnused(tenantScope(a.tenantId), m, a.accountId, a.at);
    await links.insert(tenantScope(a.tenantId), m, {
      accountId: a.accountId,
      tokenHash: sha256(token),
      at: a.at,
      expiresAt: new Date(a.at.getTime() + lifetime),
      purpose,
    });
    return token;
  }

  /** Whom the link is for, while it works; null for a link used, expired, voided or unknown. */
  async check(token: string): Promise<PasswordLinkFor | null> {
    const link = await this.working(this.ds.manager, token, false);
    return link && { name: link.name, email: link.email, purpose: link.purpose };
  }

  /**
   * Sets the password from the link, once: the link is used up and the account's sessions end.
   * Refused, changing nothing, when the password is too short or long, or the two do not match.
   */
  async setPassword(token: string, password: string, confirm: string): Promise<SetPasswordResult> {
    const errors: { field: 'password' | 'confirm'; text: string }[] = [];
    if (password.length < MIN_PASSWORD_LENGTH)
      errors.push({
        field: 'password',
        text: `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`,
      });
    else if (password.length > MAX_PASSWORD_LENGTH)
      errors.push({
        field: 'password',
        text: `Enter a password of at most ${MAX_PASSWORD_LENGTH} characters`,
      });
    else if (confirm !== password)
      errors.push({ field: 'confirm', text: 'Enter the same password twice' });
    if (!(await this.check(token))) return { ok: false, reason: 'unavailable' };
    if (errors.length > 0) return { ok: false, reason: 'invalid', errors };
    // Hashing takes a moment; done before the transaction so that no lock waits on it.
    const hash = await this.passwords.hash(password);
    return this.ds.transaction(async (m) => {
      const link = await this.working(m, token, true);
      if (!link) return { ok: false, reason: 'unavailable' } as const;
      await this.accounts.setPasswordHash(tenantScope(link.tenantId), m, link.accountId, hash);
      await this.links.markUsed(tenantScope(link.tenantId), m, link.id, this.clock.now());
      await this.sessions.endAll(tenantScope(link.tenantId), m, link.accountId);
      return { ok: true, email: link.email } as const;
    });
  }

  private async working(
    m: EntityManager,
    token: string,
    lock: boolean,
  ): Promise<WorkingLink | null> {
    if (!TOKEN.test(token)) return null;
    // The token is what names the council: found across councils by its hash alone (ADR 0015),
    // the link is then read scoped to that council.
    const council = await councilOfPasswordLink(acrossCouncils('council look-up'), this.ds, token);
    if (!council) return null;
    return this.links.working(tenantScope(council), m, sha256(token), this.clock.now(), lock);
  }
}
