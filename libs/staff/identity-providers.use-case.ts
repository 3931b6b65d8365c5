import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganisationRepository } from '../directory/organisation.repository';
import { z } from 'zod';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { changedFirstSentence } from '../errors/changed-first.errors';
import {
  GovernanceRuleError,
  InvalidInputError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { tenantScope, scopeOf } from '../core/tenant-scope';
import { IdentityProviderRepository, ProviderRow } from './identity-provider.repository';
import { SignInChanges, type SignInChange } from './sign-in-changes.service';
import type { LocalPasswords } from './sign-in-policy.entity';
import { StaffAccountsRepository } from './staff-accounts.repository';

export const LOCAL_PASSWORD_CHOICES = ['everyone', 'administrators', 'nobody'] as const;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Plain http only for a provider on this machine (the demo's and the tests'). */
const ISSUER = /^(https:\/\/[^\s]+|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/[^\s]*)?)$/;

const providerSchema = z
  .object({
    organisationId: z.uuid({ error: 'choose the organisation whose staff sign in through it' }),
    name: z
      .string()
      .trim()
      .min(1, { error: 'enter the name people know it by, such as Southampton City Council' })
      .max(100, { error: 'use at most 100 characters in the name' }),
    issuer: z.string().trim().regex(ISSUER, {
      error:
        'enter the issuer address your IT gave you, starting https://, such as https://login.microsoftonline.com/<tenant>/v2.0',
    }),
    clientId: z
      .string()
      .trim()
      .min(1, { error: 'enter the client ID (application ID) your IT gave you' })
      .max(200, { error: 'use at most 200 characters in the client ID' }),
    clientSecretSetting: z
      .string()
      .trim()
      .regex(/^OIDC_[A-Z0-9_]{1,60}$/, {
        error:
          'enter the name of the setting that holds the client secret, in capitals starting OIDC_, such as OIDC_SOUTHAMPTON_SECRET',
      }),
    emailDomains: z
      .string()
      .transform((s) => [
        ...new Set(
          s
            .toLowerCase()
            .split(/[\s,;]+/)
            .filter(Boolean),
        ),
      ])
      .refine((ds) => ds.length > 0 && ds.length <= 20 && ds.every((d) => DOMAIN.test(d)), {
        error:
          'enter the email domains its staff use, such as southampton.gov.uk, separated by commas',
      }),
    verifiedEmailClaim: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, {
        error:
          'enter the claim that says an email is verified: email_verified, or xms_edov for Entra ID',
      }),
    enabled: z.boolean({ error: 'say whether staff may sign in through it now' }),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();

export type ProviderInput = z.input<typeof providerSchema>;

/**
 * An administrator connects an organisation of the council to its identity provider and decides
 * who may still sign in with a password. Each change is kept with who made it and the version,
 * and recorded (who, when, before and after, never the secret) in the council's directory chain.
 */
@Injectable()
export class IdentityProvidersUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly providers: IdentityProviderRepository,
    private readonly accounts: StaffAccountsRepository,
    private readonly changes: SignInChanges,
    private readonly organisations: OrganisationRepository,
  ) {}

  async read(tenantId: string): Promise<{
    providers: ProviderRow[];
    organisations: { id: string; name: string }[];
    localPasswords: LocalPasswords;
  }> {
    const organisations = await this.organisations.list(tenantScope(tenantId), this.ds.manager, {
      limit: 1000,
      offset: 0,
    });
    return {
      providers: await this.providers.ofTenant(tenantScope(tenantId)),
      organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
      localPasswords: await this.providers.policy(tenantScope(tenantId)),
    };
  }

  /** Who changed the council's sign-in and when, newest first. */
  async history(tenantId: string): Promise<SignInChange[]> {
    return this.changes.list(this.ds.manager, tenantId);
  }

  /** Connects an organisation to its provider, or changes the connection at the version read. */
  async save(input: unknown, actor: { tenantId: string; accountId: string }): Promise<string> {
    const parsed = providerSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError('The provider is not valid.', zodProblems(parsed.error));
    const p = parsed.data;
    return this.ds.transaction(async (m) => {
      const me = await this.asAdministrator(m, actor);
      const org = await this.organisations.find(scopeOf(actor), m, p.organisationId);
      if (!org)
        throw new InvalidInputError('That organisation is not in your directory.', [
          { path: 'organisationId', message: 'choose an organisation of your council' },
        ]);
      const now = this.clock.now();
      const existing = await this.providers.lockForOrganisation(
        scopeOf(actor),
        m,
        p.organisationId,
      );
      if (existing && p.expectedVersion !== existing.version) {
        // The form keeps what was typed at the version it was read at: reloading shows the new one.
        const changed = changedFirstSentence('this provider', {
          next: 'reload the page to see it as it is now, then make your change again',
        });
        throw new InvalidInputError(changed, [{ path: 'name', message: changed }]);
      }
      const values = {
        name: p.name,
        issuer: p.issuer,
        clientId: p.clientId,
        clientSecretSetting: p.clientSecretSetting,
        emailDomains: p.emailDomains,
        verifiedEmailClaim: p.verifiedEmailClaim,
        enabled: p.enabled,
      };
      const id = existing
        ? (await this.providers.update(scopeOf(actor), m, existing.id, {
            ...values,
            at: now,
            by: actor.accountId,
          }),
          existing.id)
        : await this.providers.insert(scopeOf(actor), m, p.organisationId, {
            ...values,
            at: now,
            by: actor.accountId,
          });
      await this.changes.provider(m, { ...me, tenantId: actor.tenantId, at: now }, id, existing, {
        ...values,
        organisationName: org.name,
      });
      return id;
    });
  }

  /** Who may sign in with a password; turning passwords off needs a provider to sign in through. */
  async setLocalPasswords(
    value: unknown,
    actor: { tenantId: string; accountId: string },
  ): Promise<void> {
    const parsed = z.enum(LOCAL_PASSWORD_CHOICES).safeParse(value);
    if (!parsed.success)
      throw new InvalidInputError('Choose who may sign in with a password.', [
        { path: 'localPasswords', message: 'choose who may sign in with a password' },
      ]);
    await this.ds.transaction(async (m) => {
      const me = await this.asAdministrator(m, actor);
      if (parsed.data !== 'everyone' && !(await this.providers.anyEnabled(scopeOf(actor), m)))
        throw new GovernanceRuleError(
          'PASSWORDS_OFF_NEEDS_A_PROVIDER',
          'Nobody could sign in without a password yet: connect an identity provider and turn it on before you turn passwords off.',
          [
            'no identity provider of the council is turned on, so nobody could sign in without a password',
          ],
          {
            problems: [
              {
                path: 'localPasswords',
                message:
                  'connect an identity provider and turn it on before you turn passwords off',
              },
            ],
          },
        );
      const now = this.clock.now();
      const before = await this.providers.policy(scopeOf(actor), m, true);
      await this.providers.setPolicy(scopeOf(actor), m, parsed.data, actor.accountId, now);
      await this.changes.passwords(
        m,
        { ...me, tenantId: actor.tenantId, at: now },
        before,
        parsed.data,
      );
    });
  }

  private async asAdministrator(
    m: EntityManager,
    actor: { tenantId: string; accountId: string },
  ): Promise<{ personId: string; name: string }> {
    const me = await this.accounts.activeAdministrator(scopeOf(actor), m, actor.accountId);
    if (!me)
      throw new NotAuthorisedError(
        'Only an administrator of the council connects identity providers.',
      );
    return me;
  }
}
