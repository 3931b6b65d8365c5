import { Inject, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { SETTINGS, type Settings } from '../config/settings.service';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { withTenant } from '../core/tenant-context.service';
import { scopeOf, tenantScope, type TenantScope } from '../core/tenant-scope';
import { IdentityProviderRepository } from '../staff/identity-provider.repository';
import {
  OidcClients,
  OidcProviderUnavailable,
  OidcTokenRefused,
} from '../staff/oidc-client.service';
import { clientConfigOf } from '../staff/oidc-sign-in.use-case';
import { LinkStepUpRepository, StepUpLink } from './link-step-up.repository';
import { browserKeyHash, isBrowserKey, LinkStepUps } from './link-step-up.service';
import { LinkTokens } from './link-token.service';

/** Where the provider sends the browser back after a step-up (a second redirect URI to register). */
export const LINK_STEP_UP_CALLBACK_PATH = '/act/verify/callback';
/** Long enough to sign in at the provider, with its own second factor. */
export const LINK_SIGN_IN_MINUTES = 10;

/** Why a step-up through the organisation's sign-in was refused, as its page explains. */
export type LinkSignInRefusal =
  | 'form_expired' // the form did not come from the link's page
  | 'not_needed' // the request needs no step-up, or the link is closed
  | 'no_provider' // the person's organisation has no provider set up (a code is offered instead)
  | 'provider_unavailable' // the provider could not be reached
  | 'not_started' // no sign-in under way in this browser: expired, used, or started elsewhere
  | 'state_mismatch' // the answer is not to the request this browser sent (forged or replayed)
  | 'cancelled' // the provider answered with an error
  | 'token_refused' // the ID token failed a check (signature, issuer, audience, expiry, nonce)
  | 'email_unverified' // the provider does not say the email is verified
  | 'email_mismatch'; // signed in as someone other than the person the link was sent to

export type LinkSignInStart =
  | { ok: true; url: string; providerName: string }
  | { ok: false; refusal: LinkSignInRefusal; providerName?: string };

export type LinkSignInFinish =
  | { ok: true; linkPath: string }
  | {
      ok: false;
      refusal: LinkSignInRefusal;
      providerName?: string;
      /** The link's page, when the sign-in was for a link this browser had. */
      linkPath?: string;
    };

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Step-up through the person's organisation's OpenID Connect provider (ADR 0016): the same
 * authorization code flow with PKCE, state and nonce as staff sign-in (libs/staff/oidc-client.service.ts),
 * its own redirect URI, and one more check: the email the provider signed in, verified, must be the
 * email of the person the link was sent to. It signs nobody in to Ratify: it marks the link's
 * step-up proven for the browser that started it. Refusals are logged by reason, never with a claim.
 */
@Injectable()
export class LinkStepUpSignInUseCase {
  private readonly log = new Logger('LinkStepUp');

  constructor(
    private readonly repo: LinkStepUpRepository,
    private readonly stepUps: LinkStepUps,
    private readonly providers: IdentityProviderRepository,
    private readonly clients: OidcClients,
    private readonly tokens: LinkTokens,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async start(
    token: string,
    csrf: string | undefined,
    browserKey: string,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<LinkSignInStart> {
    const link = await this.link(token);
    if (!link || link.status !== 'open' || !LinkStepUps.requirementOf(link))
      return { ok: false, refusal: 'not_needed' };
    if (!same(csrf ?? '', this.tokens.csrfFor(link.id)))
      return { ok: false, refusal: 'form_expired' };
    const p = await this.stepUps.providerFor(link);
    const config = p && clientConfigOf(p);
    if (!p || !config) return { ok: false, refusal: 'no_provider' };
    try {
      const a = await this.clients.authorization(
        config,
        this.redirectUri(),
        link.personEmail ?? undefined,
      );
      const at = this.clock.now();
      await this.repo.startSignIn(scopeOf(link), {
        linkId: link.id,
        providerId: p.id,
        browserKeyHash: browserKeyHash(browserKey),
        state: a.state,
        nonce: a.nonce,
        codeVerifier: a.codeVerifier,
        at,
        expiresAt: new Date(at.getTime() + LINK_SIGN_IN_MINUTES * 60_000),
      });
      await this.repo.logOnLink(
        scopeOf(link),
        link,
        `step-up: sign-in started at ${p.name}`,
        at,
        client,
      );
      return { ok: true, url: a.url, providerName: p.name };
    } catch (e) {
      if (!(e instanceof OidcProviderUnavailable)) throw e;
      this.log.warn(`step-up through provider ${p.id} unavailable: ${e.message}`);
      return { ok: false, refusal: 'provider_unavailable', providerName: p.name };
    }
  }

  /** The provider's answer, for the sign-in this browser started. */
  async finish(
    browserKey: string | undefined,
    params: Record<string, string>,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<LinkSignInFinish> {
    const now = this.clock.now();
    // The callback's council is found across councils from the browser's sign-in under way; the
    // rest is read and written bound to it (ADR 0015).
    const council = isBrowserKey(browserKey)
      ? await this.repo.councilOfSignIn(
          acrossCouncils('council look-up'),
          browserKeyHash(browserKey),
          now,
        )
      : null;
    if (!council || !isBrowserKey(browserKey)) return this.refuse('not_started');
    return withTenant(council, () =>
      this.finishBound(tenantScope(council), browserKey, params, client, now),
    );
  }

  private async finishBound(
    scope: TenantScope,
    browserKey: string,
    params: Record<string, string>,
    client: { ip: string | null; userAgent: string | null },
    now: Date,
  ): Promise<LinkSignInFinish> {
    const started = await this.repo.takeSignIn(scope, browserKeyHash(browserKey), now);
    if (!started) return this.refuse('not_started');
    const link = await this.repo.linkById(scope, started.linkId);
    if (!link || link.status !== 'open') return this.refuse('not_needed');
    const linkPath = `/act/${this.tokens.tokenFor(link.id)}`;
    const refuse = async (refusal: LinkSignInRefusal, providerName?: string, detail?: string) => {
      await this.repo.logOnLink(scope, link, `step-up refused: ${refusal}`, now, client);
      return this.refuse(refusal, { providerName, linkPath, detail });
    };
    const p = await this.providers.byId(scope, started.providerId);
    const config = p && p.enabled ? clientConfigOf(p) : null;
    if (!p || !config) return refuse('no_provider');
    if (typeof params.state !== 'string' || !same(params.state, started.state))
      return refuse('state_mismatch', p.name);
    if (params.error) return refuse('cancelled', p.name);
    let claims: Record<string, unknown>;
    try {
      claims = await this.clients.callback(config, this.redirectUri(), params, started);
    } catch (e) {
      if (e instanceof OidcTokenRefused) return refuse('token_refused', p.name, e.message);
      if (e instanceof OidcProviderUnavailable)
        return refuse('provider_unavailable', p.name, e.message);
      throw e;
    }
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (!email || claims[p.verifiedEmailClaim] !== true) return refuse('email_unverified', p.name);
    if (!link.personEmail || email.toLowerCase() !== link.personEmail.trim().toLowerCase())
      return refuse('email_mismatch', p.name);
    await this.repo.markVerified(scope, started.id, email, now);
    await this.repo.logOnLink(scope, link, `step-up: signed in at ${p.name}`, now, client);
    return { ok: true, linkPath };
  }

  redirectUri(): string {
    return new URL(LINK_STEP_UP_CALLBACK_PATH, this.settings.PUBLIC_ORIGIN).toString();
  }

  private async link(token: string): Promise<StepUpLink | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    return this.repo.linkByTokenHash(acrossCouncils('council look-up'), LinkTokens.hash(token));
  }

  private refuse(
    refusal: LinkSignInRefusal,
    more: { providerName?: string; linkPath?: string; detail?: string } = {},
  ): LinkSignInFinish {
    this.log.warn(`step-up refused: ${refusal}${more.detail ? `: ${more.detail}` : ''}`);
    return { ok: false, refusal, providerName: more.providerName, linkPath: more.linkPath };
  }
}
