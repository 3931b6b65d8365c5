import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, secondFactorForAdministrators, type Settings } from '../config/settings.service';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import type { Queryable } from '../core/queryable';
import { acrossTenants, withTenant } from '../core/tenant-context.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { DomainError } from '../errors/domain.errors';
import type { StaffRole } from './staff-account.entity';
import { SignInAccountsRepository, type PasswordAccount } from './sign-in-accounts.repository';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { hashPasswordNow, PasswordHashing } from './password-hashing.service';

/** The look-ups that find a council's sign-in before any council is bound (ADR 0015). */
const LOOK_UP = acrossCouncils('council look-up');

export interface SignedInStaff {
  sessionId: string;
  accountId: string;
  tenantId: string;
  role: StaffRole;
  csrfToken: string;
  person: { id: string; tenantId: string; name: string; email: string; isOfficer: boolean };
  /**
   * Whether the pages offer this person forms that record steps: a democratic services officer in
   * the directory (what the use cases check), and not a governance lead, who changes nothing.
   */
  mayRecord: boolean;
  /** An administrator signed in with a password and no authenticator yet: pages send them to set one up. */
  mustEnrolSecondFactor: boolean;
  /** The council this session is signed in to (a session is of one council only). */
  council: { slug: string; name: string };
  /** How many other councils the same email has an account in: the header offers to switch. */
  otherCouncils: number;
}

/** A session signed in with a password that still owes the authenticator's code. */
export interface PendingSecondFactor {
  tenantId: string;
  sessionId: string;
  accountId: string;
  csrfToken: string;
}

/** What a session cookie names: its council, and who is signed in or owes a second factor. */
export interface SessionFound {
  tenantId: string;
  staff: SignedInStaff | null;
  pending: PendingSecondFactor | null;
}

/** Several councils whose accounts one email and password opened: the person chooses one. */
export interface CouncilChoice {
  councils: { slug: string; name: string }[];
  accountIds: string[];
}

const passwordsAllowed = (a: PasswordAccount) => {
  const policy = a.local_passwords ?? 'everyone';
  return policy === 'everyone' || (policy === 'administrators' && a.role === 'administrator');
};

const SESSION_HOURS = 8;
/** Compared against when the email is unknown, so that a wrong email takes as long as a wrong password. */
let dummyHash: Promise<string> | null = null;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Local sign-in: argon2id password hashes, sessions in PostgreSQL (the cookie carries a random
 * token, stored only as its SHA-256) with a CSRF token of their own. An identity provider
 * calls `startSession` for the account it resolved, with its own `method`
 * (libs/staff/oidc-sign-in.use-case.ts: `oidc:<provider id>`).
 */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly sessions: StaffSessionsRepository,
    private readonly accounts: SignInAccountsRepository,
    private readonly passwords: PasswordHashing,
    private readonly staffAccounts: StaffAccountsRepository,
  ) {}

  /** A hash for seeding and tests (no turn waited for); requests go through PasswordHashing. */
  static hashPassword(password: string): Promise<string> {
    return hashPasswordNow(password);
  }

  /**
   * Gives a person a local sign-in with a role (the demo's seed and the tests' worlds; an
   * administrator's goes through CreateStaffAccountUseCase). The row is stored by the caller's
   * StaffAccountsRepository (the demo's from Nest; the tests' and benchmarks' their own).
   */
  static async createAccount(
    accounts: StaffAccountsRepository,
    m: Queryable,
    a: { tenantId: string; personId: string; role: StaffRole; password: string; at: Date },
  ): Promise<void> {
    await accounts.insert(tenantScope(a.tenantId), m, {
      personId: a.personId,
      role: a.role,
      passwordHash: await StaffAuthService.hashPassword(a.password),
      at: a.at,
    });
  }

  /**
   * The session token for a correct email and password; 'single_sign_on_only' when the password
   * is right but the council has turned passwords off for the account (said only then, so that it
   * tells nobody without the password which accounts exist); null otherwise, taking as long.
   * One email may hold a staff account in several councils, each with its own password: `council`
   * (a slug, from the sign-in page's address) keeps to one; without it, when the password opens
   * the accounts of more than one, the person chooses (`signInChosen`), and is told only then.
   */
  async signIn(
    email: string,
    password: string,
    userAgent?: string,
    council?: string,
  ): Promise<string | 'single_sign_on_only' | CouncilChoice | null> {
    // Across councils by name: the email is all there is to find the council by (ADR 0015).
    const rows = await acrossTenants(() =>
      this.accounts.withEmail(
        LOOK_UP,
        this.ds.manager,
        email.trim(),
        londonDate(this.clock.now()),
        council?.trim() || null,
      ),
    );
    dummyHash ??= hashPasswordNow(randomBytes(16).toString('hex'));
    if (rows.length === 0) await this.passwords.verify(await dummyHash, password);
    const opened: PasswordAccount[] = [];
    for (const r of rows)
      if (r.password_hash && (await this.passwords.verify(r.password_hash, password)))
        opened.push(r);
    if (opened.length === 0) return null;
    for (const r of opened) await this.rehashIfOld(r, password);
    const allowed = opened.filter((r) => passwordsAllowed(r));
    if (allowed.length === 0) return 'single_sign_on_only';
    if (allowed.length > 1)
      return {
        councils: allowed.map((r) => ({ slug: r.slug, name: r.council_name })),
        accountIds: allowed.map((r) => r.id),
      };
    return this.startPasswordSession(allowed[0], userAgent);
  }

  /** The session in the council chosen from those a password opened; null if it may no longer sign in. */
  async signInChosen(
    accountIds: string[],
    council: string,
    userAgent?: string,
  ): Promise<string | null> {
    const [account] = await acrossTenants(() =>
      this.accounts.withIds(
        LOOK_UP,
        this.ds.manager,
        accountIds,
        londonDate(this.clock.now()),
        council,
      ),
    );
    if (!account?.password_hash || !passwordsAllowed(account)) return null;
    return this.startPasswordSession(account, userAgent);
  }

  /** The councils of a choice, to ask again when none was chosen. */
  async councilsOf(accountIds: string[]): Promise<{ slug: string; name: string }[]> {
    const rows = await acrossTenants(() =>
      this.accounts.withIds(
        LOOK_UP,
        this.ds.manager,
        accountIds,
        londonDate(this.clock.now()),
        null,
      ),
    );
    return rows.map((r) => ({ slug: r.slug, name: r.council_name }));
  }

  /**
   * The other councils the signed-in person's email has an account in today, to switch to: each
   * is then signed in to through its own sign-in page (never this session carried over).
   */
  async otherCouncilsOf(staff: SignedInStaff): Promise<{ slug: string; name: string }[]> {
    return acrossTenants(() =>
      this.accounts.otherCouncils(
        LOOK_UP,
        this.ds.manager,
        staff.person.email,
        staff.tenantId,
        londonDate(this.clock.now()),
      ),
    );
  }

  /** The name of the council a sign-in page's address names; null for none. */
  async councilNamed(slug: string): Promise<string | null> {
    return this.accounts.councilNamed(LOOK_UP, this.ds.manager, slug);
  }

  /**
   * A hash made with older parameters, made again now that the password is known (ADR 0043); only
   * if it is still the one checked, so that a password changed meanwhile is not put back.
   */
  private async rehashIfOld(account: PasswordAccount, password: string): Promise<void> {
    const was = account.password_hash;
    if (!was || !this.passwords.needsRehash(was)) return;
    let hash: string;
    try {
      hash = await this.passwords.hash(password);
    } catch (e) {
      // The password was right: with no turn free now, the next sign-in makes it again.
      if (e instanceof DomainError && e.code === 'SIGN_IN_BUSY') return;
      throw e;
    }
    const scope = tenantScope(account.tenant_id);
    await withTenant(account.tenant_id, () =>
      this.staffAccounts.replacePasswordHash(scope, this.ds.manager, account.id, was, hash),
    );
  }

  private startPasswordSession(account: PasswordAccount, userAgent?: string): Promise<string> {
    return withTenant(account.tenant_id, () =>
      this.startSession(
        tenantScope(account.tenant_id),
        account.id,
        'password',
        userAgent,
        account.second_factor,
      ),
    );
  }

  async startSession(
    scope: TenantScope,
    accountId: string,
    method: string,
    userAgent?: string,
    secondFactorPending = false,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const at = this.clock.now();
    await this.sessions.start(scope, this.ds.manager, {
      accountId,
      tokenHash: sha256(token),
      csrfToken: randomBytes(32).toString('base64url'),
      method,
      at,
      expiresAt: new Date(at.getTime() + SESSION_HOURS * 3600_000),
      userAgent: userAgent ? userAgent.slice(0, 400) : null,
      secondFactorPending,
    });
    return token;
  }

  /**
   * The session a cookie carries, read once for the whole request (ADR 0024): its council, and
   * who is signed in or which session still owes its second factor (each null when it is not
   * that). Found across councils by the token alone, as the council is not known before it; the
   * "last seen" it writes is bound to the session's council. Null for a cookie that is malformed
   * or names no session.
   */
  async lookUp(token: string | undefined): Promise<SessionFound | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const now = this.clock.now();
    const r = await acrossTenants(() =>
      this.sessions.byToken(LOOK_UP, this.ds.manager, sha256(token), now, londonDate(now)),
    );
    if (!r) return null;
    const found: SessionFound = { tenantId: r.tenantId, staff: null, pending: null };
    if (!r.open || !r.accountId || !r.role) return found;
    if (r.secondFactorPending) {
      found.pending = {
        tenantId: r.tenantId,
        sessionId: r.sessionId,
        accountId: r.accountId,
        csrfToken: r.csrfToken,
      };
      return found;
    }
    if (!r.personId) return found;
    // Written at most once a minute: "last seen" is for people, not an access log.
    if (!r.lastSeenAt || now.getTime() - r.lastSeenAt.getTime() >= 60_000)
      await withTenant(r.tenantId, () =>
        this.sessions.markSeen(tenantScope(r.tenantId), this.ds.manager, r.sessionId, now),
      );
    const mustEnrol = r.role === 'administrator' && r.method === 'password' && !r.hasSecondFactor;
    found.staff = {
      sessionId: r.sessionId,
      accountId: r.accountId,
      tenantId: r.tenantId,
      role: r.role,
      csrfToken: r.csrfToken,
      person: {
        id: r.personId,
        tenantId: r.tenantId,
        name: r.name ?? '',
        email: r.email ?? '',
        isOfficer: r.isOfficer === true,
      },
      mayRecord: r.isOfficer === true && r.role !== 'governance_lead',
      mustEnrolSecondFactor:
        mustEnrol && secondFactorForAdministrators(this.settings) === 'required',
      council: { slug: r.councilSlug, name: r.councilName },
      otherCouncils: r.otherCouncils ?? 0,
    };
    return found;
  }

  /** The signed-in member of staff behind the cookie (a request has it read once: lookUp). */
  async resolve(token: string | undefined): Promise<SignedInStaff | null> {
    return (await this.lookUp(token))?.staff ?? null;
  }

  /** The session behind the cookie when it still owes its second factor. */
  async resolvePending(token: string | undefined): Promise<PendingSecondFactor | null> {
    return (await this.lookUp(token))?.pending ?? null;
  }

  /**
   * The second factor given: the pending session is replaced by a new one with a new token, so
   * that a token seen before the code was typed never becomes a signed-in one.
   */
  async completeSecondFactor(pending: PendingSecondFactor, userAgent?: string): Promise<string> {
    const scope = tenantScope(pending.tenantId);
    await this.sessions.end(scope, this.ds.manager, pending.sessionId);
    return this.startSession(scope, pending.accountId, 'password', userAgent);
  }

  /** Ends the signed-in session. */
  async signOut(staff: Pick<SignedInStaff, 'tenantId' | 'sessionId'>): Promise<void> {
    await this.sessions.end(tenantScope(staff.tenantId), this.ds.manager, staff.sessionId);
  }
}
