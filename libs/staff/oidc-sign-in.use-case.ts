import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Settings } from '../config/settings.service';
import { SETTINGS } from '../config/settings.service';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { withTenant } from '../core/tenant-context.service';
import { scopeOf, tenantScope, type TenantScope } from '../core/tenant-scope';
import { IdentityProviderRepository, ProviderRow } from './identity-provider.repository';
import {
  OidcClientConfig,
  OidcClients,
  OidcProviderUnavailable,
  OidcTokenRefused,
} from './oidc-client.service';
import { StaffAuthService } from './staff-auth.service';

/** The look-ups that find a council's sign-in before any council is bound (ADR 0015). */
const LOOK_UP = acrossCouncils('council look-up');

/** Long enough to sign in at the provider, with its second factor; short enough not to linger. */
export const OIDC_SIGN_IN_MINUTES = 10;
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/** Why a sign-in through a provider was refused, as the page explains it (sign-in-refused.njk). */
export type OidcRefusal =
  | 'no_provider' // no provider speaks for the email's domain, or the one chosen is off
  | 'provider_unavailable' // the provider could not be reached or its secret is not set
  | 'not_started' // no sign-in under way in this browser: expired, used already, or started elsewhere
  | 'state_mismatch' // the answer is not to the request this browser sent (forged or replayed)
  | 'cancelled' // the provider answered with an error: the person stopped, or it refused them
  | 'token_refused' // the ID token failed a check: signature, issuer, audience, expiry or nonce
  | 'email_unverified' // the provider does not say the email is verified
  | 'email_outside_domains' // the email is not of a domain the provider speaks for
  | 'no_account' // no active staff account of the provider's organisation has that email
  | 'linked_to_another'; // the account is already linked to another subject at this provider

export type OidcStart =
  | { ok: true; url: string; browserKey: string; providerName: string }
  | { ok: false; refusal: 'no_provider' | 'provider_unavailable' };

/**
 * One council a sign-in through a provider may go on to: the account there, the council's provider
 * for the same issuer, and the council (slug). Carried, signed, in the choice of council.
 */
export interface OidcCouncilOption {
  accountId: string;
  providerId: string;
  council: string;
}

/** What the person proved at the provider, for the council they then choose. */
export interface OidcChoice {
  subject: string;
  email: string;
  options: OidcCouncilOption[];
}

export type OidcFinish =
  | { ok: true; sessionToken: string; next: string }
  | { ok: 'choose'; choice: OidcChoice; next: string }
  | { ok: false; refusal: OidcRefusal; providerName?: string };

/** An account a provider's claims match, and whether its subject is still to be linked. */
interface Matched {
  accountId: string;
  link: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** How to speak to a provider, with its secret read from the setting it names; null when unset. */
export function clientConfigOf(p: ProviderRow): OidcClientConfig | null {
  const secret = process.env[p.clientSecretSetting];
  if (!secret) return null;
  return {
    id: p.id,
    version: p.version,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecret: secret,
  };
}

/**
 * Sign-in through an organisation's OpenID Connect provider (authorization code with PKCE). It
 * only ever signs in to an existing staff account: the one the provider's subject was linked to,
 * or else, once, the one of the provider's organisation whose email the provider says it verified
 * (the subject is linked then). It never creates an account. Refusals are logged by reason and
 * provider, never with a code, token or claim.
 */
@Injectable()
export class OidcSignInUseCase {
  private readonly log = new Logger('OidcSignIn');

  constructor(
    private readonly providers: IdentityProviderRepository,
    private readonly clients: OidcClients,
    private readonly auth: StaffAuthService,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  /**
   * Starts a sign-in at the provider that speaks for the email's domain. Several councils may
   * share a domain (an ICB's staff serve the boards of several councils, docs/adr/0029): when each
   * has one provider for it and all are the same issuer, the person signs in there once and then
   * chooses the council (`finish`). Providers of different issuers for one domain, or two in one
   * council, cannot all be right: none is chosen. The councils are found across councils, each
   * one's providers read bound to it (ADR 0015).
   */
  async startForEmail(email: string, next: string): Promise<OidcStart> {
    const domain = email.trim().toLowerCase().split('@')[1] ?? '';
    const found = domain ? await this.providersFor(domain) : null;
    if (!found || new Set(found.map((p) => p.issuer)).size !== 1)
      return { ok: false, refusal: 'no_provider' };
    const first = found[0];
    return withTenant(first.tenantId, () => this.start(first, next, email.trim()));
  }

  /** Each council's one enabled provider for the domain, by id; null if a council has several. */
  private async providersFor(domain: string): Promise<ProviderRow[] | null> {
    const found: ProviderRow[] = [];
    for (const council of await this.providers.councilsClaimingDomain(LOOK_UP, domain)) {
      const own = await withTenant(council, () =>
        this.providers.forEmailDomain(tenantScope(council), domain),
      );
      if (own.length > 1) return null;
      found.push(...own);
    }
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Starts a sign-in at a provider chosen by its id (the button of a council's page). */
  async startWith(providerId: string, next: string): Promise<OidcStart> {
    const council = await this.providers.councilOfProvider(LOOK_UP, providerId);
    if (!council) return { ok: false, refusal: 'no_provider' };
    return withTenant(council, () => this.startWithBound(tenantScope(council), providerId, next));
  }

  private async startWithBound(
    scope: TenantScope,
    providerId: string,
    next: string,
  ): Promise<OidcStart> {
    const p = await this.providers.byId(scope, providerId);
    if (!p || !p.enabled) return { ok: false, refusal: 'no_provider' };
    return this.start(p, next);
  }

  private async start(p: ProviderRow, next: string, loginHint?: string): Promise<OidcStart> {
    const config = this.config(p);
    if (!config) return this.unavailable(p, 'its client secret setting is not set');
    try {
      const a = await this.clients.authorization(config, this.redirectUri(), loginHint);
      const browserKey = randomBytes(32).toString('base64url');
      const at = this.clock.now();
      await this.providers.recordStart(scopeOf(p), {
        providerId: p.id,
        browserKeyHash: sha256(browserKey),
        state: a.state,
        nonce: a.nonce,
        codeVerifier: a.codeVerifier,
        next,
        at,
        expiresAt: new Date(at.getTime() + OIDC_SIGN_IN_MINUTES * 60_000),
      });
      return { ok: true, url: a.url, browserKey, providerName: p.name };
    } catch (e) {
      if (e instanceof OidcProviderUnavailable) return this.unavailable(p, e.message);
      throw e;
    }
  }

  /** Finishes the sign-in this browser started, with what the provider sent back. */
  async finish(
    browserKey: string | undefined,
    params: Record<string, string>,
    userAgent?: string,
  ): Promise<OidcFinish> {
    const now = this.clock.now();
    // The sign-in's council is found across councils, the rest done bound to it (ADR 0015).
    const council =
      browserKey && /^[A-Za-z0-9_-]{43}$/.test(browserKey)
        ? await this.providers.councilOfSignIn(LOOK_UP, sha256(browserKey), now)
        : null;
    if (!council || !browserKey) return this.refuse('not_started');
    return withTenant(council, () =>
      this.finishBound(tenantScope(council), browserKey, params, now, userAgent),
    );
  }

  private async finishBound(
    scope: TenantScope,
    browserKey: string,
    params: Record<string, string>,
    now: Date,
    userAgent?: string,
  ): Promise<OidcFinish> {
    const started = await this.providers.takeStarted(scope, sha256(browserKey), now);
    if (!started) return this.refuse('not_started');
    const p = await this.providers.byId(scope, started.providerId);
    if (!p || !p.enabled) return this.refuse('no_provider');
    if (typeof params.state !== 'string' || !same(params.state, started.state))
      return this.refuse('state_mismatch', p);
    if (params.error) return this.refuse('cancelled', p);
    const config = this.config(p);
    if (!config) return this.unavailable(p, 'its client secret setting is not set');
    let claims: Record<string, unknown>;
    try {
      claims = await this.clients.callback(config, this.redirectUri(), params, started);
    } catch (e) {
      if (e instanceof OidcTokenRefused) return this.refuse('token_refused', p, e.message);
      if (e instanceof OidcProviderUnavailable) return this.unavailable(p, e.message);
      throw e;
    }
    const subject = typeof claims.sub === 'string' ? claims.sub : '';
    if (!subject) return this.refuse('token_refused', p, 'no subject');
    const elsewhere = await this.otherCouncils(p, claims, subject, now);
    // Refused here is logged only when there is nowhere else to go.
    const here = await this.match(p, claims, subject, now, elsewhere.length > 0);
    if (elsewhere.length === 0) {
      if (!('accountId' in here)) return here;
      return this.signInAt(p, here, subject, now, started.next, userAgent);
    }
    const email = (claims.email as string).trim();
    const options = [
      ...('accountId' in here
        ? [{ accountId: here.accountId, providerId: p.id, council: p.tenantSlug }]
        : []),
      ...elsewhere,
    ];
    // One council with an account: signed in there, through its own provider for this issuer.
    if (options.length === 1) {
      const only = await this.finishChosen(
        { subject, email, options },
        options[0].council,
        userAgent,
      );
      return only
        ? { ok: true, sessionToken: only, next: started.next }
        : this.refuse('no_account', p);
    }
    return { ok: 'choose', choice: { subject, email, options }, next: started.next };
  }

  /** Links the subject if it is the first sign-in, and starts the session in the provider's council. */
  private async signInAt(
    p: ProviderRow,
    matched: Matched,
    subject: string,
    now: Date,
    next: string,
    userAgent?: string,
  ): Promise<OidcFinish> {
    if (matched.link) {
      if (!(await this.providers.link(scopeOf(p), p, matched.accountId, subject, now)))
        return this.refuse('linked_to_another', p);
      this.log.log(`linked a staff account to provider ${p.id} at its first sign-in`);
    }
    const sessionToken = await this.auth.startSession(
      tenantScope(p.tenantId),
      matched.accountId,
      `oidc:${p.id}`,
      userAgent,
    );
    return { ok: true, sessionToken, next };
  }

  /**
   * The accounts in other councils the same person has, when their email's domain is shared (this
   * provider claims it, and so does another council's): each other council claiming it with one
   * provider of the same issuer, matched there as here (its
   * linked subject, else the verified email of a person of that provider's organisation). Nothing
   * is linked or signed in to until the person chooses.
   */
  private async otherCouncils(
    p: ProviderRow,
    claims: Record<string, unknown>,
    subject: string,
    now: Date,
  ): Promise<OidcCouncilOption[]> {
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (!email || claims[p.verifiedEmailClaim] !== true) return [];
    const domain = email.toLowerCase().split('@')[1] ?? '';
    // Only a domain this provider speaks for is shared: any other email is refused here as before.
    if (!p.emailDomains.includes(domain)) return [];
    const options: OidcCouncilOption[] = [];
    for (const council of await this.providers.councilsClaimingDomain(LOOK_UP, domain)) {
      if (council === p.tenantId) continue;
      const option = await withTenant(council, async () => {
        const own = await this.providers.forEmailDomain(tenantScope(council), domain);
        const q = own.length === 1 && own[0].issuer === p.issuer ? own[0] : null;
        const matched = q ? await this.match(q, claims, subject, now, true) : null;
        return q && matched && 'accountId' in matched
          ? { accountId: matched.accountId, providerId: q.id, council: q.tenantSlug }
          : null;
      });
      if (option) options.push(option);
    }
    return options;
  }

  /**
   * The session in the council chosen after the provider (null when it can no longer be signed in
   * to): matched again there through that council's provider, linked if it is the first time.
   */
  async finishChosen(
    choice: OidcChoice,
    council: string,
    userAgent?: string,
  ): Promise<string | null> {
    const option = choice.options.find((o) => o.council === council);
    const tenantId = option
      ? await this.providers.councilOfProvider(LOOK_UP, option.providerId)
      : null;
    if (!option || !tenantId) return null;
    return withTenant(tenantId, async () => {
      const q = await this.providers.byId(tenantScope(tenantId), option.providerId);
      if (!q || !q.enabled || q.tenantSlug !== council) return null;
      const now = this.clock.now();
      const claims = { sub: choice.subject, email: choice.email, [q.verifiedEmailClaim]: true };
      const matched = await this.match(q, claims, choice.subject, now, true);
      if (!('accountId' in matched) || matched.accountId !== option.accountId) return null;
      const done = await this.signInAt(q, matched, choice.subject, now, '', userAgent);
      return done.ok === true ? done.sessionToken : null;
    });
  }

  /** The account the claims are for at provider `p` (its subject to link, the first time), or the refusal. */
  private async match(
    p: ProviderRow,
    claims: Record<string, unknown>,
    subject: string,
    now: Date,
    quiet = false,
  ): Promise<Matched | OidcFinish> {
    const refuse = (r: OidcRefusal) =>
      quiet ? ({ ok: false, refusal: r } as const) : this.refuse(r, p);
    const bySubject = await this.providers.accountBySubject(scopeOf(p), p.id, subject, now);
    // A linked subject is who it is: never matched again by email, even when its account is closed.
    if (bySubject.linked)
      return bySubject.accountId
        ? { accountId: bySubject.accountId, link: false }
        : refuse('no_account');
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (!email || claims[p.verifiedEmailClaim] !== true) return refuse('email_unverified');
    const domain = email.toLowerCase().split('@')[1] ?? '';
    if (p.emailDomains.length > 0 && !p.emailDomains.includes(domain))
      return refuse('email_outside_domains');
    const account = await this.providers.accountByEmail(scopeOf(p), p, email, now);
    if (!account) return refuse('no_account');
    if (account.linkedSubject !== null) return refuse('linked_to_another');
    return { accountId: account.accountId, link: true };
  }

  private config(p: ProviderRow): OidcClientConfig | null {
    return clientConfigOf(p);
  }

  redirectUri(): string {
    return new URL(OIDC_CALLBACK_PATH, this.settings.PUBLIC_ORIGIN).toString();
  }

  private unavailable(
    p: ProviderRow,
    why: string,
  ): { ok: false; refusal: 'provider_unavailable'; providerName: string } {
    this.log.warn(`sign-in through provider ${p.id} unavailable: ${why}`);
    return { ok: false, refusal: 'provider_unavailable', providerName: p.name };
  }

  private refuse(refusal: OidcRefusal, p?: ProviderRow, detail?: string): OidcFinish {
    this.log.warn(
      `sign-in refused: ${refusal}${p ? ` (provider ${p.id})` : ''}${detail ? `: ${detail}` : ''}`,
    );
    return { ok: false, refusal, providerName: p?.name };
  }
}
