import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SETTINGS, type Settings } from '../config/settings.service';
import { Clock } from '../core/clock.service';
import type { OidcChoice } from './oidc-sign-in.use-case';
import { SecondFactorKey } from './second-factor-key.service';

/** How long a person has to choose a council once their password has been checked. */
export const COUNCIL_CHOICE_MINUTES = 10;

/**
 * After one email and password matched the staff accounts of several councils (an ICB officer
 * who serves several boards has one in each), the councils they may choose from, carried in the
 * form as a token: the account ids and an expiry, signed with a key kept outside the database
 * and bound to the browser's sign-in cookie, so that it names nothing to anybody else, cannot be
 * widened to another account, and is not retyped as the password would be.
 */
@Injectable()
export class CouncilChoiceTokens {
  private readonly key: Buffer;

  constructor(
    private readonly clock: Clock,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.key = SecondFactorKey.fromSettings(settings).derive('council choice');
  }

  /**
   * A choice after a password (`accountIds`), or after a provider (`sso`: what the provider proved
   * and, per council, the account and that council's provider for the same issuer).
   */
  issue(accountIds: string[], browserKey: string, sso?: OidcChoice): string {
    const payload = Buffer.from(
      JSON.stringify({
        a: accountIds,
        x: this.clock.now().getTime() + COUNCIL_CHOICE_MINUTES * 60_000,
        ...(sso ? { s: sso } : {}),
      }),
    ).toString('base64url');
    return `${payload}.${this.mac(payload, browserKey)}`;
  }

  /** The choice of a token this browser was given and that has not expired; null otherwise. */
  readChoice(
    token: unknown,
    browserKey: string,
  ): { accountIds: string[]; sso: OidcChoice | null } | null {
    const accountIds = this.read(token, browserKey);
    if (!accountIds) return null;
    const { s } = JSON.parse(
      Buffer.from((token as string).split('.')[0], 'base64url').toString('utf8'),
    ) as { s?: OidcChoice };
    const sso =
      s &&
      typeof s.subject === 'string' &&
      typeof s.email === 'string' &&
      Array.isArray(s.options) &&
      s.options.every(
        (o) =>
          typeof o?.accountId === 'string' &&
          typeof o.providerId === 'string' &&
          typeof o.council === 'string',
      )
        ? s
        : null;
    return { accountIds, sso };
  }

  /** The account ids of a token this browser was given and that has not expired; null otherwise. */
  read(token: unknown, browserKey: string): string[] | null {
    if (typeof token !== 'string' || token.length > 4000) return null;
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(payload, browserKey));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        a?: unknown;
        x?: unknown;
      };
      if (typeof parsed.x !== 'number' || parsed.x <= this.clock.now().getTime()) return null;
      if (!Array.isArray(parsed.a) || !parsed.a.every((id) => typeof id === 'string')) return null;
      return parsed.a as string[];
    } catch {
      return null;
    }
  }

  private mac(payload: string, browserKey: string): string {
    return createHmac('sha256', this.key).update(`${payload}\n${browserKey}`).digest('base64url');
  }
}
