import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { InvalidInputError, NotAuthorisedError } from '../errors/domain.errors';
import { IdentityProviderRepository, ProviderRow } from './identity-provider.repository';
import type { LocalPasswords } from './sign-in-policy.entity';

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
 * who may still sign in with a password. Each change is kept with who made it and the version.
 */
@Injectable()
export class IdentityProvidersUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly providers: IdentityProviderRepository,
  ) {}

  async read(tenantId: string): Promise<{
    providers: ProviderRow[];
    organisations: { id: string; name: string }[];
    localPasswords: LocalPasswords;
  }> {
    const organisations: { id: string; name: string }[] = await this.ds.query(
      'SELECT id, name FROM organisations WHERE tenant_id = $1 ORDER BY name',
      [tenantId],
    );
    return {
      providers: await this.providers.ofTenant(tenantId),
      organisations,
      localPasswords: await this.providers.policy(tenantId),
    };
  }

  /** Connects an organisation to its provider, or changes the connection at the version read. */
  async save(input: unknown, actor: { tenantId: string; accountId: string }): Promise<string> {
    const parsed = providerSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError('The provider is not valid.', zodProblems(parsed.error));
    const p = parsed.data;
    return this.ds.transaction(async (m) => {
      await this.asAdministrator(m, actor);
      const [org]: { id: string }[] = await m.query(
        'SELECT id FROM organisations WHERE tenant_id = $1 AND id = $2',
        [actor.tenantId, p.organisationId],
      );
      if (!org)
        throw new InvalidInputError('That organisation is not in your directory.', [
          { path: 'organisationId', message: 'choose an organisation of your council' },
        ]);
      const now = this.clock.now();
      const [existing]: { id: string; version: number }[] = await m.query(
        'SELECT id, version FROM identity_providers WHERE tenant_id = $1 AND organisation_id = $2 FOR UPDATE',
        [actor.tenantId, p.organisationId],
      );
      if (existing && p.expectedVersion !== existing.version)
        throw new InvalidInputError('Someone else changed this provider since you opened it.', [
          {
            path: 'name',
            message:
              'someone else changed this provider since you opened the page: reload it and make your change again',
          },
        ]);
      const values = [
        p.name,
        p.issuer,
        p.clientId,
        p.clientSecretSetting,
        JSON.stringify(p.emailDomains),
        p.verifiedEmailClaim,
        p.enabled,
        now,
        actor.accountId,
      ];
      if (existing) {
        await m.query(
          `UPDATE identity_providers SET name = $2, issuer = $3, client_id = $4, client_secret_setting = $5,
             email_domains = $6, verified_email_claim = $7, enabled = $8, updated_at = $9, updated_by = $10,
             version = version + 1
           WHERE id = $1`,
          [existing.id, ...values],
        );
        return existing.id;
      }
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO identity_providers (tenant_id, organisation_id, name, issuer, client_id, client_secret_setting,
           email_domains, verified_email_claim, enabled, updated_at, updated_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
        [actor.tenantId, p.organisationId, ...values],
      );
      return row.id;
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
      await this.asAdministrator(m, actor);
      if (parsed.data !== 'everyone') {
        const [on]: unknown[] = await m.query(
          'SELECT 1 FROM identity_providers WHERE tenant_id = $1 AND enabled',
          [actor.tenantId],
        );
        if (!on)
          throw new InvalidInputError('Nobody could sign in without a password yet.', [
            {
              path: 'localPasswords',
              message: 'connect an identity provider and turn it on before you turn passwords off',
            },
          ]);
      }
      await this.providers.setPolicy(
        m,
        actor.tenantId,
        parsed.data,
        actor.accountId,
        this.clock.now(),
      );
    });
  }

  private async asAdministrator(m: EntityManager, actor: { tenantId: string; accountId: string }) {
    const [me]: unknown[] = await m.query(
      `SELECT 1 FROM staff_accounts WHERE id = $1 AND tenant_id = $2 AND role = 'administrator' AND disabled_at IS NULL`,
      [actor.accountId, actor.tenantId],
    );
    if (!me)
      throw new NotAuthorisedError(
        'Only an administrator of the council connects identity providers.',
      );
  }
}
