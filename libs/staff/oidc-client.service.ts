import { Injectable } from '@nestjs/common';
import type { BaseClient } from 'openid-client';

/** What Ratify needs of a provider to talk to it. */
export interface OidcClientConfig {
  id: string;
  version: number;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The request to send the browser to, and what must come back with it. */
export interface OidcAuthorization {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The provider answered, but not with a sign-in Ratify can trust (state, nonce, signature, issuer, audience, expiry). */
export class OidcTokenRefused extends Error {}
/** The provider could not be reached, or its discovery document is not usable. */
export class OidcProviderUnavailable extends Error {}

const CACHE_MS = 3600_000;
const TIMEOUT_MS = 5000;
let library: typeof import('openid-client') | undefined;

/**
 * openid-client, loaded at the first sign-in through a provider rather than at start: most
 * councils sign in with passwords, and the library with jose is about 2 MB of heap (issue #21).
 */
function openid(): typeof import('openid-client') {
  if (!library) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used
    library = require('openid-client') as typeof import('openid-client');
    library.custom.setHttpOptionsDefaults({ timeout: TIMEOUT_MS });
  }
  return library;
}

/**
 * The only place that speaks OpenID Connect (openid-client 5, docs/adr/0009): discovery (kept an
 * hour per provider version), the authorization request with PKCE (S256), state and nonce, and the
 * callback, where the library checks state, exchanges the code with the verifier and validates the
 * ID token against the provider's keys (JWKS), issuer, audience, expiry and nonce.
 */
@Injectable()
export class OidcClients {
  private readonly clients = new Map<string, { at: number; client: Promise<BaseClient> }>();

  async authorization(
    p: OidcClientConfig,
    redirectUri: string,
    loginHint?: string,
  ): Promise<OidcAuthorization> {
    const client = await this.client(p, redirectUri);
    const { generators } = openid();
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * The verified claims of the ID token (with the userinfo endpoint's, for a subject whose token
   * leaves the email out), after every check; OidcTokenRefused otherwise.
   */
  async callback(
    p: OidcClientConfig,
    redirectUri: string,
    params: Record<string, string>,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<Record<string, unknown>> {
    const client = await this.client(p, redirectUri);
    try {
      const tokens = await client.callback(redirectUri, params, {
        state: expected.state,
        nonce: expected.nonce,
        code_verifier: expected.codeVerifier,
        response_type: 'code',
      });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (claims.email === undefined && tokens.access_token && client.issuer.userinfo_endpoint) {
        // The library refuses a userinfo answer about another subject.
        const info = await client.userinfo(tokens);
        return { ...info, ...claims };
      }
      return claims;
    } catch (e) {
      const { errors } = openid();
      if (e instanceof errors.RPError || e instanceof errors.OPError || e instanceof TypeError)
        // Only the kind of failure: the rest of the message quotes the state or nonce it compared.
        throw new OidcTokenRefused(e.message.split(',')[0]);
      throw new OidcProviderUnavailable(e instanceof Error ? e.message : String(e));
    }
  }

  private client(p: OidcClientConfig, redirectUri: string): Promise<BaseClient> {
    const key = `${p.id}:${p.version}:${redirectUri}`;
    const cached = this.clients.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.client;
    const { custom, Issuer } = openid();
    const client = Issuer.discover(p.issuer)
      .then((issuer) => {
        if (
          issuer.metadata.issuer !== p.issuer.replace(/\/$/, '') &&
          issuer.metadata.issuer !== p.issuer
        )
          throw new Error(`the provider calls itself ${issuer.metadata.issuer}`);
        const c = new issuer.Client({
          client_id: p.clientId,
          client_secret: p.clientSecret,
          redirect_uris: [redirectUri],
          response_types: ['code'],
        });
        c[custom.clock_tolerance] = 60;
        return c;
      })
      .catch((e: unknown) => {
        this.clients.delete(key);
        throw new OidcProviderUnavailable(e instanceof Error ? e.message : String(e));
      });
    this.clients.set(key, { at: Date.now(), client });
    return client;
  }
}
