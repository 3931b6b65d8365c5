import { randomUUID } from 'node:crypto';
import { acrossCouncils } from '../../core/across-councils';
import { tenantScope } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { Clock } from '../../core/clock.service';
import { withTenant } from '../../core/tenant-context.service';
import { InvalidInputError } from '../../errors/domain.errors';
import { PasswordLinkUseCase } from '../../staff/password-link.use-case';
import { DirectoryActor, DirectoryChangeRepository } from '../directory-change.repository';
import { OrganisationRepository } from '../organisation.repository';
import { PersonRepository } from '../person.repository';
import { issueApiKey } from './create-api-key.use-case';
import { parseInput } from './directory-input.service';
import { personEmail, personName } from './person-rules.service';
import { Injectable } from '@nestjs/common';
import { inTransaction } from './within-transaction.service';
import { ApiKeyRepository } from '../api-key.repository';
import { PasswordLinkRepository } from '../../staff/password-link.repository';
import { StaffAccountsRepository } from '../../staff/staff-accounts.repository';
import { TenantRepository } from '../tenant.repository';

export const newTenantSchema = z
  .object({
    slug: z
      .string({ message: 'give a slug, e.g. portsmouth' })
      .max(63, 'use at most 63 characters in the slug')
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
        message:
          'use lower-case letters, digits and single hyphens between them, e.g. isle-of-wight',
      }),
    name: z
      .string({ message: 'give the council’s name, e.g. Portsmouth City Council' })
      .trim()
      .min(1, 'give the council’s name, e.g. Portsmouth City Council')
      .max(200, 'use at most 200 characters in the name'),
    adminEmail: personEmail,
    adminName: personName.optional(),
    adminApiKey: z
      .string()
      .trim()
      .min(1, 'name the key by what it is for, e.g. Directory set-up from our HR system')
      .max(200, 'use at most 200 characters in the key’s name')
      .optional()
      .describe(
        'also make the administrator an API key of this name, to set the council up by API',
      ),
  })
  .strict();

export interface CreatedTenant {
  tenantId: string;
  slug: string;
  name: string;
  admin: { personId: string; accountId: string; name: string; email: string };
  /** The one-time token of the link to set the administrator's password (shown once). */
  passwordToken: string;
  /** The administrator's API key, when one was asked for (shown once, stored hashed). */
  adminApiKey?: string;
}

/** "jo.bloggs@example.org" → "Jo Bloggs": a name to start with, which the administrator can change. */
export function nameFromEmail(email: string): string {
  return email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * A new council in one step (npm run tenant:create): the tenant, its own organisation, its first
 * administrator (a person with a staff account of role administrator and no password yet) and a
 * one-time link for them to set one; every directory change on the record as done by the tool.
 */
@Injectable()
export class CreateTenantUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly organisations: OrganisationRepository,
    private readonly people: PersonRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly keys: ApiKeyRepository,
    private readonly links: PasswordLinkRepository,
    private readonly tenants: TenantRepository,
    private readonly accounts: StaffAccountsRepository,
  ) {}

  /**
   * `by`: who the record of changes says made it (the tool); `within`: the caller's open
   * transaction, to write in (the demo seed).
   */
  async create(
    input: unknown,
    by: DirectoryActor = { kind: 'system', tool: 'tenant:create' },
    within?: EntityManager,
  ): Promise<CreatedTenant> {
    const t = parseInput(newTenantSchema, input, 'council');
    const now = this.clock.now();
    const adminName = t.adminName ?? nameFromEmail(t.adminEmail);
    // The council's id is chosen here so that its first rows are written bound to it (ADR 0015).
    const tenantId = randomUUID();
    return withTenant(tenantId, () => this.inserted(t, tenantId, adminName, now, by, within));
  }

  private inserted(
    t: z.infer<typeof newTenantSchema>,
    tenantId: string,
    adminName: string,
    now: Date,
    by: DirectoryActor,
    within: EntityManager | undefined,
  ): Promise<CreatedTenant> {
    return inTransaction(this.ds, within, async (m) => {
      // Creating a council is the operator's: the slug is looked for across every council.
      if (await this.tenants.slugTaken(acrossCouncils('operator'), m, t.slug))
        throw new InvalidInputError(`A council with the slug "${t.slug}" exists already.`, [
          { path: 'slug', message: `"${t.slug}" is taken: choose another slug` },
        ]);
      // The email may sign in to other councils too: sign-in then asks which (StaffAuthService).
      await this.tenants.insert(tenantScope(tenantId), m, {
        slug: t.slug,
        name: t.name,
        createdAt: now,
      });
      const record = (subject: string, subjectId: string, after: unknown) =>
        this.changes.record(tenantScope(tenantId), m, {
          at: now,
          actor: by,
          subject,
          subjectId,
          action: 'created',
          before: null,
          after,
        });
      const organisation = await this.organisations.insert(tenantScope(tenantId), m, {
        name: t.name,
        kind: 'local_authority',
        activeFrom: null,
        activeUntil: null,
      });
      await record('organisation', organisation.id, organisation);
      const person = await this.people.insert(tenantScope(tenantId), m, {
        name: adminName,
        email: t.adminEmail,
        organisationId: organisation.id,
        isElectedMember: false,
        isOfficer: false,
        leftOn: null,
      });
      await record('person', person.id, person);
      const accountId = await this.accounts.insert(tenantScope(tenantId), m, {
        personId: person.id,
        role: 'administrator',
        passwordHash: null,
        at: now,
      });
      await record('staffAccount', accountId, { personId: person.id, role: 'administrator' });
      const passwordToken = await PasswordLinkUseCase.issue(this.links, m, {
        tenantId,
        accountId,
        at: now,
      });
      const apiKey = t.adminApiKey
        ? await issueApiKey({ keys: this.keys, changes: this.changes }, m, {
            tenantId,
            personId: person.id,
            name: t.adminApiKey,
            expiresAt: null,
            at: now,
            by,
          })
        : undefined;
      return {
        tenantId,
        slug: t.slug,
        name: t.name,
        admin: { personId: person.id, accountId, name: adminName, email: t.adminEmail },
        passwordToken,
        ...(apiKey ? { adminApiKey: apiKey.key } : {}),
      };
    });
  }
}
